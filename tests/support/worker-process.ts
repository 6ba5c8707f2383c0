import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where a spawned service finds the test's Redis, store and queue. */
export interface ServiceEnv {
  mongoUrl: string;
  redisUrl: string;
  prefix: string;
}

/**
 * `services/<name>/src/main.ts` as its own OS process, on the test's Redis, store and queue.
 * Its metrics server takes a free port (METRICS_PORT=0), so processes never collide on one;
 * `stdout: 'pipe'` keeps its log readable (e.g. for the `metrics listening` port).
 */
export function spawnService(
  name: 'worker' | 'ingress',
  env: ServiceEnv,
  own: Record<string, string>,
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MONGO_URL: env.mongoUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
      ...own,
    },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

/** The real worker service as its own OS process. */
export const spawnWorker = (
  env: ServiceEnv,
  concurrency = 8,
  own: Record<string, string> = {},
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess => spawnService('worker', env, { WORKER_CONCURRENCY: String(concurrency), ...own }, stdout);

/**
 * The real ingress service as its own OS process on `port`, verifying tokens with `pepper`
 * (the in-process ingress's, so the same tokens open both), with no account rate-limited.
 */
export const spawnIngress = (
  env: ServiceEnv,
  port: number,
  pepper: string,
  own: Record<string, string> = {},
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess =>
  spawnService(
    'ingress',
    env,
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TOKEN_PEPPER: pepper,
      ACCOUNT_RATE_PER_SECOND: '100000',
      ACCOUNT_RATE_BURST: '100000',
      ...own,
    },
    stdout,
  );

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
