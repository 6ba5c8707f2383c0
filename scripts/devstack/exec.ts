/**
 * Running other programs. Their stdout goes to our stderr unless captured: the launcher's own
 * stdout carries only `export` lines and status reports.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The first executable `name` on PATH, like `command -v`. */
export const which = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
};

export const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export const isRoot = (): boolean => process.getuid?.() === 0;

export interface RunOptions {
  cwd?: string;
  /** A file descriptor to read stdin from (default: none). */
  stdin?: number;
  /** A file descriptor for stdout and stderr (default: our stderr). */
  output?: number;
  env?: Record<string, string | undefined>;
  /** Kill it (SIGTERM) after this long, like `timeout`. */
  timeoutMs?: number;
}

export interface RunResult {
  /** Exit status, 128 + signal number when killed; 127 when it could not be started. */
  code: number;
  stdout: string;
}

/** A child's exit as a shell reports it: the code, or 128 + the signal's number. */
export const exitStatus = (code: number | null, signal: NodeJS.Signals | null): number =>
  code ?? 128 + (signal === null ? 0 : osConstants.signals[signal]);

const launch = (cmd: string, args: string[], stdio: StdioOptions, options: RunOptions): Promise<RunResult> =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env === undefined ? process.env : { ...process.env, ...options.env },
      stdio,
      timeout: options.timeoutMs,
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', () => resolve({ code: 127, stdout }));
    child.once('close', (code, signal) => resolve({ code: exitStatus(code, signal), stdout }));
  });

/** Runs a program, its output on our stderr (or `output`). */
export const run = (cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> =>
  launch(cmd, args, [options.stdin ?? 'ignore', options.output ?? 2, options.output ?? 2], options);

/** Runs a program and returns its stdout; its stderr is dropped. */
export const capture = (cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> =>
  launch(cmd, args, ['ignore', 'pipe', 'ignore'], options);

/** Runs a program silently: did it exit 0? */
export const succeeds = async (cmd: string, args: string[], options: RunOptions = {}): Promise<boolean> =>
  (await launch(cmd, args, 'ignore', options)).code === 0;

/** How to install a system package, in the words of the user's package manager. */
export const installHint = (debian: string, brew: string): string => {
  if (which('apt-get') !== undefined) return `sudo apt-get update && sudo apt-get install -y ${debian}`;
  if (which('brew') !== undefined) return `brew install ${brew}`;
  return `install ${debian} with your package manager`;
};
