import { Router } from 'express';
import { within } from '@roster/runtime';

export interface ReadinessProbe {
  /** Each check answers whether that dependency can serve SCIM right now. */
  checks: Record<string, () => Promise<boolean>>;
  /** A check that has not answered by then counts as not ready (default 800 ms). */
  deadlineMs?: number;
}

/** Load balancers probe every few seconds with a ~1 s timeout: a slow store is "not ready". */
const DEFAULT_DEADLINE_MS = 800;

const withinDeadline = (check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> =>
  within(check(), deadlineMs, 'readiness check').catch(() => false);

/**
 * `/healthz`: the process is up. `/readyz`: Redis, the store and at least one worker answer,
 * each within the deadline, so the probe itself never hangs on a stalled dependency.
 */
export function healthRouter(probe: ReadinessProbe): Router {
  const router = Router();
  const deadlineMs = probe.deadlineMs ?? DEFAULT_DEADLINE_MS;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(probe.checks);
    const results = await Promise.all(
      Object.values(probe.checks).map((check) => withinDeadline(check, deadlineMs)),
    );
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i] === true]));
    const ready = results.every((result) => result);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
