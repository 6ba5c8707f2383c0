import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { healthRouter } from '../src/routes/health.ts';

async function readyz(checks: Record<string, () => Promise<boolean>>, deadlineMs?: number) {
  const app = express().use(healthRouter(deadlineMs === undefined ? { checks } : { checks, deadlineMs }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    return { status: res.status, body: await res.json(), elapsed: performance.now() - started };
  } finally {
    server.close();
  }
}

const never = (): Promise<boolean> => new Promise<boolean>(() => undefined);

describe('/readyz', () => {
  it('is ready when every check answers true', async () => {
    const res = await readyz({ store: () => Promise.resolve(true), redis: () => Promise.resolve(true) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { store: true, redis: true } });
  });

  it('answers not ready within its deadline when a dependency hangs', async () => {
    const res = await readyz({ store: never, redis: () => Promise.resolve(true) });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not ready', checks: { store: false, redis: true } });
    expect(res.elapsed).toBeLessThan(1_000);
  });

  it('counts a failing check as not ready instead of failing the probe', async () => {
    const res = await readyz({ store: () => Promise.reject(new Error('down')) }, 100);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not ready', checks: { store: false } });
  });
});
