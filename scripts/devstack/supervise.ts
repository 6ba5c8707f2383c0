/**
 * Child processes of `npm start`: started with their output prefixed by name, watched, and
 * stopped together (SIGTERM, 10 s, SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { exitStatus } from './exec.ts';
import { log } from './log.ts';

export interface Child {
  name: string;
  pid: number;
  /** Resolves with the exit status, 128 + signal number when a signal ended it. */
  exited: Promise<number>;
  process: ChildProcess;
}

/** Copies a stream line by line to stdout, each line prefixed with `[name] `. */
const prefixLines = (stream: Readable, name: string): void => {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    process.stdout.write(`[${name}] ${line}\n`);
  });
};

/** `env`: variables set for this child on top of ours. */
export const startChild = (
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Child => {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      log(`${name}: ${error.message}`);
      resolve(127);
    });
    // 'close', not 'exit': the last lines of its output have been copied by then.
    child.once('close', (code, signal) => resolve(exitStatus(code, signal)));
  });
  prefixLines(child.stdout, name);
  prefixLines(child.stderr, name);
  const pid = child.pid ?? 0;
  log(`${name}: pid ${pid} (${[command, ...args].join(' ')})`);
  return { name, pid, exited, process: child };
};

/** Resolves with the first child to exit, and its status. */
export const firstExit = (children: Child[]): Promise<{ child: Child; status: number }> =>
  Promise.race(children.map((child) => child.exited.then((status) => ({ child, status }))));

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref()),
  ]);

/**
 * Stops the children: SIGTERM, up to 10 s, then SIGKILL. Returns the exit status this adds
 * to the run: 0 when all stopped cleanly (0, or ended by SIGINT/SIGTERM), 1 when one had to be
 * killed, else the first unexpected status.
 */
export const stopChildren = async (children: Child[]): Promise<number> => {
  for (const child of children) child.process.kill('SIGTERM');
  const all = Promise.all(children.map((child) => child.exited));
  if ((await within(all, 10_000)) === 'timeout') {
    for (const child of children) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) continue;
      log(`pid ${child.pid} did not stop within 10 s: SIGKILL`);
      child.process.kill('SIGKILL');
    }
  }
  let result = 0;
  for (const child of children) {
    const status = await child.exited;
    if (status === 0 || status === 130 || status === 143) continue; // clean, or the SIGINT/SIGTERM sent
    if (status === 137) log(`${child.name} had to be killed`);
    else log(`${child.name} exited with status ${status} while stopping`);
    if (result === 0) result = status === 137 ? 1 : status;
  }
  return result;
};

export interface StopSignals {
  /** Aborted on the first SIGINT/SIGTERM: long waits give up on it. */
  signal: AbortSignal;
  /** Which one arrived, if any. */
  received(): 'INT' | 'TERM' | undefined;
  /** Resolves when one arrives. */
  arrived: Promise<void>;
}

/**
 * Catches SIGINT and SIGTERM for an entry point that must clean up: a signal only records
 * itself, and the code decides what to stop, in order. (Ctrl-C also reaches the children
 * directly: they share the terminal's process group.)
 */
export const catchStopSignals = (): StopSignals => {
  const controller = new AbortController();
  let received: 'INT' | 'TERM' | undefined;
  const on = (name: 'INT' | 'TERM') => (): void => {
    received ??= name;
    controller.abort();
  };
  process.on('SIGINT', on('INT'));
  process.on('SIGTERM', on('TERM'));
  const arrived = new Promise<void>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve()),
  );
  return { signal: controller.signal, received: () => received, arrived };
};

/** The status a shell gives for being ended by the signal. */
export const signalStatus = (name: 'INT' | 'TERM'): number => (name === 'INT' ? 130 : 143);
