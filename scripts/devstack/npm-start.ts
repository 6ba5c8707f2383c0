/**
 * `npm start` (through scripts/start.sh): bring up Redis + the store, then run the worker(s),
 * ingress and the admin service (console, admin API, queue dashboard) in the foreground with
 * prefixed output.
 *
 *   PORT=8080     ingress port (read by the ingress itself; passed through)
 *   ADMIN_PORT=8081  admin service port (console at /console, dashboard at /queues)
 *   WORKERS=1     number of worker processes (metrics: ingress :9464, workers :9465, :9466, …)
 *
 * Ctrl-C / SIGTERM, or either child exiting, stops the children (SIGTERM, 10 s, SIGKILL) and
 * then the local services that this run started (never ones that were already running).
 * Exit status: 0 after a clean stop, non-zero when a child crashed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.ts';
import { fail, log, runMain, setLogTag } from './log.ts';
import { catchStopSignals, firstExit, startChild, stopChildren } from './supervise.ts';
import { withServices } from './with-services.ts';
import type { Child, StopSignals } from './supervise.ts';

const INGRESS_MAIN = 'services/ingress/src/main.ts';
const WORKER_MAIN = 'services/worker/src/main.ts';
const ADMIN_MAIN = 'services/admin/src/main.ts';

const main = (): Promise<number> => {
  const workers = process.env.WORKERS ?? '1';
  if (!/^[1-9][0-9]*$/.test(workers)) fail(`WORKERS must be a positive integer (got '${workers}')`);
  for (const file of [INGRESS_MAIN, WORKER_MAIN, ADMIN_MAIN]) {
    if (!existsSync(join(ROOT, file))) fail(`${file} does not exist`);
  }

  const stop = catchStopSignals();
  return withServices(stop, async () => {
    if (stop.received() !== undefined) return 0; // stopped before anything of ours ran
    const children: Child[] = [];
    let status = 0;
    try {
      status = await runRoster(Number(workers), stop, children);
    } finally {
      const stopping = await stopChildren(children);
      if (status === 0) status = stopping;
    }
    return status;
  });
};

/**
 * Runs the worker(s) and ingress until a signal or the first exit; returns the run's status.
 * Fills `children` as it goes, with those still running, for the caller to stop.
 */
const runRoster = async (workers: number, stop: StopSignals, children: Child[]): Promise<number> => {
  const node = (main: string): [string, string[]] => [process.execPath, ['--import', 'tsx', main]];
  for (let n = 1; n <= workers; n++) {
    // Each worker serves /metrics on a port of its own (9465, 9466, …), unless METRICS_PORT says otherwise.
    const metrics = process.env.METRICS_PORT === undefined ? { METRICS_PORT: String(9464 + n) } : {};
    children.push(startChild(workers === 1 ? 'worker' : `worker-${n}`, ...node(WORKER_MAIN), metrics));
  }
  children.push(startChild('ingress', ...node(INGRESS_MAIN)));
  children.push(startChild('admin', ...node(ADMIN_MAIN)));
  const { PORT = '8080', ADMIN_PORT = '8081', REDIS_URL = '', MONGO_URL = '' } = process.env;
  log(
    `ingress listens on port ${PORT}, the admin console on http://localhost:${ADMIN_PORT}/console (REDIS_URL=${REDIS_URL} MONGO_URL=${MONGO_URL}); Ctrl-C stops everything`,
  );

  const first = await Promise.race([firstExit(children), stop.arrived]);
  const received = stop.received();
  if (received !== undefined || first === undefined) {
    log(`got SIG${received ?? 'INT'}: stopping`);
    return 0;
  }
  log(`${first.child.name} (pid ${first.child.pid}) exited with status ${first.status}: stopping the rest`);
  children.splice(children.indexOf(first.child), 1);
  return first.status;
};

setLogTag('start');
process.chdir(ROOT);
runMain(main);
