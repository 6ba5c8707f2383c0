/**
 * Everything the launcher reads from the environment, read once, plus the paths it derives.
 * The defaults match packages/runtime/src/env.ts, so `npm start`, tests and the CLI agree.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const off = (value: string | undefined): boolean => value === '0' || value === 'no' || value === 'false';

/** The repository root (this file is scripts/devstack/config.ts). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
/** All local state (pid files, logs, data) lives here; git-ignored. */
export const LOCAL = join(ROOT, '.local');

const port = (name: string, fallback: number): number => {
  const value = env[name] ?? '';
  if (value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`${name} must be a TCP port (got '${value}')`);
  return n;
};

export const REDIS_PORT = port('ROSTER_REDIS_PORT', 6479);
export const STORE_PORT = port('ROSTER_MONGO_PORT', 27417);
/** Seconds to wait for each service to answer after starting it. */
export const TIMEOUT_S = Number(env.ROSTER_SERVICES_TIMEOUT ?? '') || 60;

/** Set by the user to an external service: used as is, nothing is started. */
export const externalRedisUrl = (): string | undefined => env.REDIS_URL || undefined;
export const externalMongoUrl = (): string | undefined => env.MONGO_URL || undefined;

export const useDocker = !off(env.ROSTER_USE_DOCKER);
/** `ferretdb` forces FerretDB even when mongod is on PATH. */
export const forceFerretdb = env.ROSTER_STORE === 'ferretdb';
/** A FerretDB binary the user points at; tried before any other. */
export const ferretdbOverride = env.ROSTER_FERRETDB || undefined;
/** `ROSTER_FERRETDB_PATCH=0` builds FerretDB without Roster's fixes (scripts/ferretdb/*.patch). */
export const ferretdbPatched = (env.ROSTER_FERRETDB_PATCH ?? '1') === '1';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
/**
 * The build cache is per user, so it survives fresh clones and CI runs on the same machine.
 * The flavour names the set of patches: bump it whenever the patched binary changes, so an old
 * build is not reused (`patched4` = the `_id` index fix; filters that pin the `_id` down by
 * equality, `$in` or prefix narrowed by the index; the update-statement fix; update and delete
 * statements atomic).
 */
export const FERRETDB_FLAVOUR = ferretdbPatched ? 'patched4' : 'vanilla';
export const FERRETDB_CACHE = join(
  env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'roster',
  `ferretdb-${FERRETDB_VERSION}-${FERRETDB_FLAVOUR}`,
);
export const FERRETDB_PATCHES = join(ROOT, 'scripts', 'ferretdb');

export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
/** The compose file requires TOKEN_PEPPER for ingress/worker; mongo and redis do not use it. */
export const COMPOSE_ENV = { TOKEN_PEPPER: env.TOKEN_PEPPER || 'unused-by-services-sh' };

export const paths = {
  redisDir: join(LOCAL, 'redis'),
  redisPid: join(LOCAL, 'redis', 'redis.pid'),
  redisLog: join(LOCAL, 'redis', 'redis.log'),
  redisStartupOut: join(LOCAL, 'redis', 'startup.out'),
  ferretdbDir: join(LOCAL, 'ferretdb'),
  ferretdbPid: join(LOCAL, 'ferretdb', 'ferretdb.pid'),
  ferretdbLog: join(LOCAL, 'ferretdb', 'ferretdb.log'),
  mongodDir: join(LOCAL, 'mongod'),
  mongodPid: join(LOCAL, 'mongod', 'mongod.pid'),
  mongodLog: join(LOCAL, 'mongod', 'mongod.log'),
  /** Markers: `<svc>.in-use` (decides the URL), `<svc>.started` (ours to stop). */
  dockerDir: join(LOCAL, 'docker'),
  /** What the last `up` started, for `down` after a lost ROSTER_STARTED_FILE. */
  lastStarted: join(LOCAL, 'last-up-started'),
  lock: join(LOCAL, 'services.lock'),
};
