/**
 * One `up`/`down`/`install` at a time per checkout: two `npm test` runs starting together
 * must not both decide to start FerretDB on the same port.
 *
 * Node has no flock(2), so a small `flock` process holds the lock for us: it takes the lock,
 * says so on stdout, and keeps it until its stdin closes, which also happens when we die. The
 * lock's descriptor lives only in that helper, so services we start (redis-server
 * daemonizes, FerretDB outlives us) never inherit it and never keep the lock held.
 * Without `flock` (macOS) there is no lock, as before.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DevstackError } from './log.ts';
import { which } from './exec.ts';

export interface Lock {
  release(): void;
}

const WAIT_S = 900;

export const acquireLock = async (file: string): Promise<Lock> => {
  const flock = which('flock');
  if (flock === undefined) return { release: () => undefined };
  mkdirSync(dirname(file), { recursive: true });
  const helper = spawn(flock, ['-w', String(WAIT_S), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true, // its own process group: Ctrl-C must not release the lock under us
  });
  const locked = await new Promise<boolean>((resolve) => {
    helper.stdout.once('data', () => resolve(true));
    helper.once('error', () => resolve(false));
    helper.once('exit', () => resolve(false));
  });
  if (!locked) throw new DevstackError(`another services.sh is holding ${file}`);
  // The helper must not keep our event loop (and so `services.sh up`) alive.
  helper.unref();
  helper.stdout.destroy();
  (helper.stdin as unknown as { unref?: () => void }).unref?.();
  return { release: () => helper.stdin.end() };
};
