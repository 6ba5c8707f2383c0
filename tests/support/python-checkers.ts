import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The third-party SCIM checkers from PyPI, pinned, in a venv under `.local/` (git-ignored).
 * Created on first use (about 20 s with a warm pip cache); later runs reuse it.
 */
export const CHECKER_PACKAGES = ['scim2-tester==0.5.2', 'scim2-cli==0.6.0', 'scim-sanity==0.7.4'];
const VENV = join(
  REPO_ROOT,
  '.local',
  `scim-checkers-${CHECKER_PACKAGES.join('_').replace(/[^A-Za-z0-9_.-]/g, '')}`,
);

export const checkerBin = (name: 'scim' | 'scim-sanity'): string => join(VENV, 'bin', name);

export async function ensureCheckers(): Promise<void> {
  if (existsSync(checkerBin('scim')) && existsSync(checkerBin('scim-sanity'))) return;
  const python = process.env.PYTHON ?? 'python3';
  await run(python, ['-m', 'venv', VENV]);
  await run(
    join(VENV, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', ...CHECKER_PACKAGES],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

/** Runs a checker; its exit code is part of the answer, not an exception. */
export async function runChecker(
  name: 'scim' | 'scim-sanity',
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(checkerBin(name), args, {
      env: { ...process.env, ...env, NO_COLOR: '1', TERM: 'dumb' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}
