/**
 * Starts one ingress and one worker process (the real services) over MONGO_URL/REDIS_URL in
 * a fresh database and queue prefix, with one account and token, for the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { issueScimToken, openStore, type Store } from '@roster/store';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface LaunchedRoster {
  base: string;
  headers: Record<string, string>;
  store: Store;
  accountId: string;
  /** The bench's own database and queue Redis. */
  mongoUrl: string;
  redisUrl: string;
  ingressPid: number;
  workerPids: number[];
  /** Stops the services and waits for them to exit (their CPU profiles are written on exit). */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Runs on the store before the services start (e.g. pre-filling an account). */
  prepare?: (store: Store, accountId: string) => Promise<void>;
  /** Worker processes (default 1). */
  workers?: number;
  /** When set, every service process writes a V8 CPU profile (`--cpu-prof`) here on exit. */
  profileDir?: string;
  /** More environment for both services (e.g. `PROVISIONING_LOG: 'off'`). */
  env?: Record<string, string>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

/** Resident set size of a process in MiB (Linux). */
export const rssMiB = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line === undefined ? 0 : Number(line.replace(/\D+/g, '')) / 1024;
};

export async function launchRoster(options: LaunchOptions = {}): Promise<LaunchedRoster> {
  const { prepare, workers = 1, profileDir, env: extraEnv = {} } = options;
  const mongoBase = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27417/roster';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6479';
  const mongoUrl = Object.assign(new URL(mongoBase), {
    pathname: `/bench_${randomBytes(4).toString('hex')}`,
  }).toString();
  const prefix = `{bench${randomBytes(3).toString('hex')}}`;
  const pepper = randomBytes(32).toString('base64url');
  const accountId = 'bench';

  const store = await openStore(mongoUrl);
  await store.ensureIndexes();
  await store.accounts.create(accountId, accountId);
  const issued = issueScimToken(pepper);
  await store.tokens.insert({ tokenId: issued.tokenId, accountId, secretHash: issued.secretHash });
  if (prepare !== undefined) await prepare(store, accountId);

  const port = await freePort();
  // One folder per service: node names each profile by pid and thread (the tsx loader runs in a thread).
  const profiling = (name: string): string[] =>
    profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${name}`];
  const start = (name: 'ingress' | 'worker', env: Record<string, string>): ChildProcess =>
    spawn(process.execPath, [...profiling(name), '--import', 'tsx', `services/${name}/src/main.ts`], {
      cwd: REPO,
      env: {
        ...process.env,
        MONGO_URL: mongoUrl,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        // Several workers on one machine: each takes a free metrics port.
        METRICS_PORT: '0',
        ...extraEnv,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const children = [
    ...Array.from({ length: workers }, () => start('worker', {})),
    start('ingress', {
      // The bench measures throughput: its one account is not rate-limited.
      ACCOUNT_RATE_PER_SECOND: '1000000',
      ACCOUNT_RATE_BURST: '1000000',
      ACCOUNT_MAX_CONCURRENT_LISTS: '1000',
      PORT: String(port),
      TOKEN_PEPPER: pepper,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    }),
  ];
  const stopChildren = (): void => {
    for (const child of children) child.kill('SIGTERM');
  };
  process.on('exit', stopChildren);

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    (await fetch(`${origin}/readyz`)
      .then((r) => r.status)
      .catch(() => 0)) !== 200
  ) {
    if (Date.now() > deadline) throw new Error('Roster did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base: `${origin}/scim/v2/${accountId}`,
    headers: { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/scim+json' },
    store,
    accountId,
    mongoUrl,
    redisUrl,
    ingressPid: children.at(-1)?.pid ?? 0,
    workerPids: children.slice(0, -1).map((child) => child.pid ?? 0),
    async stop() {
      const exited = children.map(
        (child) =>
          new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      );
      stopChildren();
      await Promise.all(exited);
      await store.close();
    },
  };
}
