/**
 * The services as a whole: `up`, `down`, `status`, `env`, `install`. Shared by the
 * `services.sh` CLI and by `npm start` / `npm test`, which call them in-process.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { LOCAL, REDIS_PORT, STORE_PORT, externalMongoUrl, externalRedisUrl, paths } from './config.ts';
import { composeStop, composeUp, dockerAvailable, inUse, startedByUs, type DockerService } from './docker.ts';
import { acquireLock } from './lock.ts';
import { fail, log } from './log.ts';
import { which } from './exec.ts';
import { redisPing, storeReady } from './probes.ts';
import {
  describeLocalRedis,
  ensureRedisBinary,
  prepareRedis,
  redisUrl,
  stopLocalRedis,
  waitRedis,
} from './redis.ts';
import {
  describeLocalStore,
  ensureStoreBinary,
  mongoUrl,
  prepareStore,
  stopLocalStore,
  waitStore,
} from './store.ts';

export type Service = DockerService;
export const SERVICES: readonly Service[] = ['redis', 'mongo'];

const withLock = async <T>(work: () => Promise<T>): Promise<T> => {
  const lock = await acquireLock(paths.lock);
  try {
    return await work();
  } finally {
    lock.release();
  }
};

/** Single-quoted for a POSIX shell, so `eval "$(services.sh up)"` is safe with any URL. */
const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** The `export` lines that `up` and `env` print, for `eval`. */
export const envLines = (): string =>
  `export REDIS_URL=${shellQuote(redisUrl())}\nexport MONGO_URL=${shellQuote(mongoUrl())}\n`;

export interface UpOptions {
  /** Also list what this run starts in this file (ROSTER_STARTED_FILE), one name a line. */
  startedFile?: string | undefined;
  /** Stop waiting (Ctrl-C during `npm start`): `up` then throws; see onStarted. */
  signal?: AbortSignal | undefined;
  /** Told about each service as soon as it is started, so an aborted `up` can still be undone. */
  onStarted?: (service: Service) => void;
}

/** Starts what is missing and waits until both answer; returns what this run started. */
export const up = (options: UpOptions = {}): Promise<Service[]> =>
  withLock(async () => {
    const started: Service[] = [];
    mkdirSync(LOCAL, { recursive: true });
    writeFileSync(paths.lastStarted, '');
    if (options.startedFile !== undefined) writeFileSync(options.startedFile, '');
    const record = (service: Service): void => {
      started.push(service);
      appendFileSync(paths.lastStarted, `${service}\n`);
      if (options.startedFile !== undefined) appendFileSync(options.startedFile, `${service}\n`);
      options.onStarted?.(service);
    };

    const redisStart = performance.now();
    const redis = await prepareRedis(() => record('redis'));
    // A local redis-server answers in a moment: know that before a possible FerretDB build.
    if (redis === 'local') await waitRedis(redis, redisStart, options.signal);
    const store = await prepareStore(() => record('mongo'));
    const viaDocker = SERVICES.filter((s) => (s === 'redis' ? redis : store.plan) === 'docker');
    await composeUp(viaDocker, record);
    if (redis === 'docker') await waitRedis(redis, redisStart, options.signal);
    await waitStore(store.plan, store.startMs, options.signal);

    if (started.length > 0) {
      log(`started: ${started.join(' ')} (listed in ${options.startedFile ?? paths.lastStarted})`);
    } else {
      log('started nothing (everything was already available)');
    }
    return started;
  });

/** `down` names: redis, or the store under any of its names. */
export const parseServices = (names: string[]): Service[] =>
  (names.length === 0 ? [...SERVICES] : names).flatMap((name): Service[] => {
    if (name === 'redis') return ['redis'];
    if (['mongo', 'mongodb', 'store', 'ferretdb', 'mongod'].includes(name)) return ['mongo'];
    if (name === '') return [];
    return fail(`unknown service '${name}' (expected redis or mongo)`);
  });

/** Stops what this launcher started (by PID file, or the compose container it started), nothing else. */
export const down = (services: readonly Service[]): Promise<void> =>
  withLock(async () => {
    for (const service of services) {
      const stopped = service === 'redis' ? await stopLocalRedis() : await stopLocalStore();
      if (stopped) continue;
      if (startedByUs(service)) await composeStop(service);
      else log(`${service}: not running from this script, nothing to stop`);
    }
  });

/** Prints one line per service; true when both answer. */
export const status = async (): Promise<boolean> => {
  let ok = true;
  const report = (name: string, state: string, url: string, how: string): void => {
    process.stdout.write(`${name.padEnd(6)} ${state.padEnd(10)} ${url} (${how})\n`);
  };
  if (externalRedisUrl() !== undefined) {
    report('redis', 'external', redisUrl(), 'REDIS_URL; not probed');
  } else {
    const how = describeLocalRedis() ?? (inUse('redis') ? 'docker compose' : 'not started by services.sh');
    const answers = await redisPing(REDIS_PORT);
    report('redis', answers ? 'up' : 'down', redisUrl(), how);
    ok &&= answers;
  }
  if (externalMongoUrl() !== undefined) {
    report('mongo', 'external', mongoUrl(), 'MONGO_URL; not probed');
  } else {
    const how = describeLocalStore() ?? (inUse('mongo') ? 'docker compose' : 'not started by services.sh');
    const answers = await storeReady(STORE_PORT, mongoUrl());
    report('mongo', answers ? 'up' : 'down', mongoUrl(), how);
    ok &&= answers;
  }
  return ok;
};

/** Only makes sure the binaries exist (CI runs it as a phase of its own, to time a first FerretDB build). */
export const install = (): Promise<void> =>
  withLock(async () => {
    if (externalRedisUrl() === undefined && !(await dockerAvailable())) await ensureRedisBinary();
    if (externalMongoUrl() === undefined && !(await dockerAvailable())) {
      const binary = await ensureStoreBinary();
      log(`store: ${binary.kind} at ${binary.path}`);
    }
    // Looked up again: ensureRedisBinary did not run when REDIS_URL is set or Docker answers.
    log(`redis: ${which('redis-server') ?? 'not needed'}`);
  });
