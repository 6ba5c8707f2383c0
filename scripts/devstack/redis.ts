/** Redis: the binary (apt-get when missing and root), a local redis-server, its readiness. */
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { REDIS_PORT, TIMEOUT_S, externalRedisUrl, paths } from './config.ts';
import { clearInUse, dockerAvailable } from './docker.ts';
import { installHint, isRoot, run, which } from './exec.ts';
import { elapsed, fail, log, logTail } from './log.ts';
import { pidFileAlive, runningPid, stopByPidFile } from './pidfile.ts';
import { redisPing, tcpOpen, waitUntil } from './probes.ts';

export const localRedisUrl = (): string => `redis://127.0.0.1:${REDIS_PORT}`;
export const redisUrl = (): string => externalRedisUrl() ?? localRedisUrl();

/** How `up` waits for Redis: not at all, for our redis-server, or for the compose container. */
export type RedisPlan = 'none' | 'local' | 'docker';

export const aptInstall = async (...packages: string[]): Promise<boolean> => {
  log(`apt-get install -y ${packages.join(' ')}`);
  const aptGet = async (...args: string[]): Promise<boolean> =>
    (await run('apt-get', args, { env: { DEBIAN_FRONTEND: 'noninteractive' } })).code === 0;
  return (
    (await aptGet('update', '-qq')) &&
    (await aptGet('install', '-y', '-qq', '--no-install-recommends', ...packages))
  );
};

export const ensureRedisBinary = async (): Promise<string> => {
  const found = which('redis-server');
  if (found !== undefined) return found;
  if (isRoot() && which('apt-get') !== undefined) {
    if (!(await aptInstall('redis-server'))) fail('apt-get install redis-server failed');
    const installed = which('redis-server');
    if (installed !== undefined) return installed;
  }
  return fail(
    `redis-server is not installed. Install it with: ${installHint('redis-server', 'redis')}  (or set REDIS_URL, or start a Docker engine)`,
  );
};

/** Starts redis-server on the port; it daemonizes and writes its own PID file. */
const startRedis = async (): Promise<void> => {
  const binary = await ensureRedisBinary();
  log(`redis: starting redis-server on 127.0.0.1:${REDIS_PORT}`);
  // Persistence off: the queue is rebuilt by retries, and tests want a clean store each start.
  const args = ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--maxmemory-policy', 'noeviction', '--daemonize', 'yes'); // BullMQ needs noeviction
  args.push('--pidfile', paths.redisPid, '--logfile', paths.redisLog, '--dir', paths.redisDir);
  const out = openSync(paths.redisStartupOut, 'w');
  const { code } = await run(binary, args, { output: out });
  closeSync(out);
  if (code !== 0) {
    logTail(paths.redisStartupOut);
    logTail(paths.redisLog);
    fail('redis-server failed to start');
  }
};

/**
 * Decides how this `up` gets Redis, in the order of preference (REDIS_URL, our running copy,
 * Docker, a local redis-server), and starts redis-server when that is the way; `started` is
 * called when this run started it.
 */
export const prepareRedis = async (started: () => void): Promise<RedisPlan> => {
  if (externalRedisUrl() !== undefined) {
    log('redis: using REDIS_URL (starting nothing)');
    return 'none';
  }
  mkdirSync(paths.redisDir, { recursive: true });
  const pid = runningPid(paths.redisPid, 'redis-server');
  if (pid !== undefined) {
    log(`redis: already running (pid ${pid}, port ${REDIS_PORT})`);
    return 'local';
  }
  rmSync(paths.redisPid, { force: true });
  if (await dockerAvailable()) return 'docker';
  clearInUse('redis');
  if (await redisPing(REDIS_PORT)) {
    log(`redis: something already answers on 127.0.0.1:${REDIS_PORT} (not started by this script); using it`);
    return 'none';
  }
  if (await tcpOpen(REDIS_PORT)) {
    fail(
      `port ${REDIS_PORT} is taken by something that does not answer like Redis (set ROSTER_REDIS_PORT or REDIS_URL)`,
    );
  }
  await startRedis();
  started();
  return 'local';
};

/** Waits until Redis answers PING; a local redis-server that died meanwhile fails at once. */
export const waitRedis = async (plan: RedisPlan, startMs: number, signal?: AbortSignal): Promise<void> => {
  if (plan === 'none') return;
  const ready = await waitUntil(() => redisPing(REDIS_PORT), {
    timeoutMs: TIMEOUT_S * 1000,
    intervalMs: 200,
    signal,
    check: (elapsedMs) => {
      // redis-server daemonizes: give the daemon time to write its PID file before judging.
      if (plan === 'local' && elapsedMs >= 3000 && !pidFileAlive(paths.redisPid)) {
        logTail(paths.redisStartupOut);
        logTail(paths.redisLog);
        fail('redis-server exited during startup');
      }
    },
  });
  if (!ready) {
    logTail(paths.redisLog);
    fail(`redis did not answer PING on 127.0.0.1:${REDIS_PORT} within ${TIMEOUT_S} s`);
  }
  log(`redis: ready on ${redisUrl()} (${elapsed(startMs)} s)`);
};

/** Stops the redis-server this launcher started; false when there was none. */
export const stopLocalRedis = (): Promise<boolean> => stopByPidFile(paths.redisPid, 'redis-server', 'redis');

/** Who runs Redis, for `status`. */
export const describeLocalRedis = (): string | undefined => {
  const pid = runningPid(paths.redisPid, 'redis-server');
  return pid === undefined ? undefined : `local redis-server, pid ${pid}`;
};
