import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The real worker service (`services/worker/src/main.ts`) as its own OS process. */
export function spawnWorker(
  env: { mongoUrl: string; redisUrl: string; prefix: string },
  concurrency = 8,
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MONGO_URL: env.mongoUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      WORKER_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The real ingress service (`services/ingress/src/main.ts`) as its own OS process on `port`,
 * verifying tokens with `pepper` (the in-process ingress's, so the same tokens open both).
 */
export function spawnIngress(
  env: { mongoUrl: string; redisUrl: string; prefix: string },
  port: number,
  pepper: string,
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'services/ingress/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MONGO_URL: env.mongoUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TOKEN_PEPPER: pepper,
      ACCOUNT_RATE_PER_SECOND: '100000',
      ACCOUNT_RATE_BURST: '100000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves when the child has exited (immediately if it already has). */
export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Polls `probe` until it is true, at most `timeoutMs`. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
