import { Router } from 'express';

export interface ReadinessProbe {
  /** Each check answers whether that dependency can serve SCIM right now. */
  checks: Record<string, () => Promise<boolean>>;
}

/** `/healthz`: the process is up. `/readyz`: Redis, the store and at least one worker answer. */
export function healthRouter(probe: ReadinessProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(probe.checks);
    const results = await Promise.all(Object.values(probe.checks).map((check) => check().catch(() => false)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i] === true]));
    const ready = results.every((result) => result);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
