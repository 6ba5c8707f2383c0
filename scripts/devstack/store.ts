/**
 * The MongoDB-compatible store: mongod when it is on PATH, else FerretDB over SQLite; started
 * locally, reused when our copy still runs, and watched until it answers a MongoDB ping.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FERRETDB_VERSION,
  LOCAL,
  STORE_PORT,
  TIMEOUT_S,
  externalMongoUrl,
  forceFerretdb,
  paths,
} from './config.ts';
import { clearInUse, dockerAvailable, inUse } from './docker.ts';
import { run, which } from './exec.ts';
import { ensureFerretdb } from './ferretdb-build.ts';
import { elapsed, fail, log, logTail } from './log.ts';
import { pidFileAlive, runningPid, stopByPidFile } from './pidfile.ts';
import { mongoDriver, mongoPing, storeReady, tcpOpen, waitUntil } from './probes.ts';

export type StoreKind = 'mongod' | 'ferretdb';
export interface StoreBinary {
  kind: StoreKind;
  path: string;
}

/** How `up` waits for the store: not at all, for our process, for compose, or for a stranger. */
export type StorePlan = 'none' | StoreKind | 'docker' | 'unmanaged';

const PROCESSES = {
  ferretdb: { pid: paths.ferretdbPid, log: paths.ferretdbLog, name: 'ferretdb' },
  mongod: { pid: paths.mongodPid, log: paths.mongodLog, name: 'mongod' },
} as const;

export const localMongoUrl = (): string => `mongodb://127.0.0.1:${STORE_PORT}/roster`;
/**
 * The compose replica set advertises its member as mongo:27017, which the host cannot
 * resolve: talk to the published port directly instead of following the replica-set topology.
 */
const dockerMongoUrl = (): string => `mongodb://127.0.0.1:${STORE_PORT}/roster?directConnection=true`;
export const mongoUrl = (): string =>
  externalMongoUrl() ?? (inUse('mongo') ? dockerMongoUrl() : localMongoUrl());

/** mongod on PATH (unless ROSTER_STORE=ferretdb), else FerretDB, built when missing. */
export const ensureStoreBinary = async (): Promise<StoreBinary> => {
  const mongod = forceFerretdb ? undefined : which('mongod');
  return mongod === undefined
    ? { kind: 'ferretdb', path: await ensureFerretdb() }
    : { kind: 'mongod', path: mongod };
};

/** Our mongod or FerretDB, if one still runs. */
export const runningStore = (): { kind: StoreKind; pid: number } | undefined => {
  for (const kind of ['mongod', 'ferretdb'] as const) {
    const pid = runningPid(PROCESSES[kind].pid, PROCESSES[kind].name);
    if (pid !== undefined) return { kind, pid };
  }
  return undefined;
};

const startMongod = async (binary: string): Promise<void> => {
  const data = join(paths.mongodDir, 'data');
  mkdirSync(data, { recursive: true });
  log(`mongo: starting mongod on 127.0.0.1:${STORE_PORT} (data in ${data})`);
  const args = ['--dbpath', data, '--bind_ip', '127.0.0.1', '--port', String(STORE_PORT), '--fork'];
  args.push('--logpath', paths.mongodLog, '--logappend', '--pidfilepath', paths.mongodPid);
  // --fork returns once the daemon is up; its report goes to our stderr.
  if ((await run(binary, args)).code !== 0) {
    logTail(paths.mongodLog);
    fail('mongod failed to start');
  }
};

/**
 * FerretDB does not daemonize: it runs in its own session (detached), so Ctrl-C in the
 * terminal does not reach it, and outlives this launcher; `down` stops it by PID.
 */
const startFerretdb = (binary: string): void => {
  const data = join(paths.ferretdbDir, 'data');
  const state = join(paths.ferretdbDir, 'state');
  mkdirSync(data, { recursive: true });
  mkdirSync(state, { recursive: true });
  log(
    `mongo: starting FerretDB ${FERRETDB_VERSION} (${binary}) on 127.0.0.1:${STORE_PORT} (SQLite in ${data})`,
  );
  appendFileSync(paths.ferretdbLog, `\n=== ${new Date().toISOString()}: services.sh starting ferretdb\n`);
  const out = openSync(paths.ferretdbLog, 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${data}/`, // a directory URI: the trailing slash matters
      `--state-dir=${state}`,
      `--listen-addr=127.0.0.1:${STORE_PORT}`,
      '--debug-addr=-', // no metrics listener on 8088 to clash with
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  if (child.pid === undefined) fail(`could not start ${binary}`);
  writeFileSync(paths.ferretdbPid, `${child.pid}\n`);
};

/**
 * Decides how this `up` gets the store, in the order of preference (MONGO_URL, our running
 * copy, Docker, whatever answers on the port, a local mongod or FerretDB) and starts it when
 * that is the way; `started` is called when this run started it.
 */
export const prepareStore = async (started: () => void): Promise<{ plan: StorePlan; startMs: number }> => {
  let startMs = performance.now();
  if (externalMongoUrl() !== undefined) {
    log('mongo: using MONGO_URL (starting nothing)');
    return { plan: 'none', startMs };
  }
  mkdirSync(LOCAL, { recursive: true });
  const running = runningStore();
  if (running !== undefined) {
    log(`mongo: ${running.kind} already running (pid ${running.pid}, port ${STORE_PORT})`);
    clearInUse('mongo');
    return { plan: running.kind, startMs };
  }
  rmSync(paths.mongodPid, { force: true });
  rmSync(paths.ferretdbPid, { force: true });
  if (await dockerAvailable()) return { plan: 'docker', startMs };
  clearInUse('mongo');
  if (await tcpOpen(STORE_PORT)) {
    if ((await mongoDriver()) !== undefined && !(await mongoPing(localMongoUrl()))) {
      fail(
        `port ${STORE_PORT} is taken by something that does not answer a MongoDB ping (set ROSTER_MONGO_PORT or MONGO_URL)`,
      );
    }
    log(`mongo: something already answers on 127.0.0.1:${STORE_PORT} (not started by this script); using it`);
    return { plan: 'unmanaged', startMs };
  }
  const binary = await ensureStoreBinary();
  if (binary.kind === 'mongod') {
    await startMongod(binary.path);
  } else {
    startMs = performance.now(); // a first-time build is not start-up time
    startFerretdb(binary.path);
  }
  started();
  return { plan: binary.kind, startMs };
};

/** Waits until the store answers; our process dying meanwhile fails at once, with its log. */
export const waitStore = async (plan: StorePlan, startMs: number, signal?: AbortSignal): Promise<void> => {
  if (plan === 'none') return;
  const url = mongoUrl();
  const own = plan === 'mongod' || plan === 'ferretdb' ? PROCESSES[plan] : undefined;
  const ready = await waitUntil(() => storeReady(STORE_PORT, url), {
    timeoutMs: TIMEOUT_S * 1000,
    intervalMs: 250,
    signal,
    check: () => {
      if (own === undefined || pidFileAlive(own.pid)) return;
      logTail(own.log);
      rmSync(own.pid, { force: true });
      fail(`${own.name} exited during startup`);
    },
  });
  if (!ready) {
    if (own !== undefined) logTail(own.log);
    await mongoPing(url, true);
    fail(`the store did not answer on 127.0.0.1:${STORE_PORT} within ${TIMEOUT_S} s`);
  }
  const how = (await mongoDriver()) === undefined ? 'TCP connect' : 'MongoDB ping';
  log(`mongo: ready on ${url} (${plan}, ${how}, ${elapsed(startMs)} s)`);
};

/** Stops the FerretDB or mongod this launcher started; false when there was none. */
export const stopLocalStore = async (): Promise<boolean> =>
  (await stopByPidFile(paths.ferretdbPid, 'ferretdb', 'ferretdb')) ||
  (await stopByPidFile(paths.mongodPid, 'mongod', 'mongod'));

/** Who runs the store, for `status`. */
export const describeLocalStore = (): string | undefined => {
  const running = runningStore();
  return running === undefined
    ? undefined
    : `local ${running.kind}, pid ${running.pid}, log ${PROCESSES[running.kind].log}`;
};
