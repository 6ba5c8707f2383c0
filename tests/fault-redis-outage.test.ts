import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';
import { exited, waitFor } from './support/worker-process.ts';
import { accepts, freePort } from './support/local-store.ts';

/**
 * Redis SIGKILLed under load and restarted (append-only file on): writes during the outage
 * fail fast with 503 + Retry-After, none is acknowledged and lost, and writes succeed again
 * within 5 s of Redis coming back.
 */
const CLIENTS = 16;
const OUTAGE_MS = 3_000;

let dir: string;
let port: number;
let redis: ChildProcess;
let roster: RosterUnderTest;

const startRedis = (): ChildProcess =>
  spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
    { stdio: 'ignore' },
  );

const redisAnswers = (): Promise<boolean> => accepts(port);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-redis-fault-'));
  port = await freePort();
  redis = startRedis();
  await waitFor(redisAnswers, 10_000, 'redis to start');
  roster = await startRoster({ redisUrl: `redis://127.0.0.1:${port}`, writeTimeoutMs: 5_000 });
});
afterAll(async () => {
  await roster.stop();
  redis.kill('SIGKILL');
  await exited(redis);
  rmSync(dir, { recursive: true, force: true });
});

interface Attempt {
  status: number;
  retryAfter: string | null;
  userName: string;
  id?: string;
  at: number;
  ms: number;
}

/** One Entra-style create, timed from `t0`. */
async function createOne(t0: number): Promise<Attempt> {
  const body = entraCreateUserBody();
  const started = performance.now();
  const res = await roster.account.client.post('/Users', body);
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    userName: body.userName,
    ...(res.status === 201 ? { id: res.body.id as string } : {}),
    at: started - t0,
    ms: performance.now() - started,
  };
}

it('fails writes fast during a Redis outage and loses no acknowledged write', async () => {
  const attempts: Attempt[] = [];
  const t0 = performance.now();
  let killedAt = Infinity;
  let restartedAt = Infinity;
  const stopAt = { value: Infinity };

  const client = async (): Promise<void> => {
    // Bounded: each client stops after 200 requests or when told.
    for (let i = 0; i < 200 && performance.now() < stopAt.value; i += 1) {
      const attempt = await createOne(t0);
      attempts.push(attempt);
      if (attempt.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const load = Promise.all(Array.from({ length: CLIENTS }, client));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  redis.kill('SIGKILL');
  await exited(redis);
  killedAt = performance.now() - t0;
  // Probes besides the load (whose clients may be waiting on writes in flight at the kill).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const probes: Attempt[] = [];
  for (let i = 0; i < 5; i += 1) {
    probes.push(await createOne(t0));
  }
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - 300));
  redis = startRedis();
  restartedAt = performance.now() - t0;
  await waitFor(redisAnswers, 10_000, 'redis to restart');
  stopAt.value = performance.now() + 8_000;
  await load;

  const acknowledged = attempts.filter((a) => a.status === 201);
  const refused = attempts.filter((a) => a.status === 503);
  // Nothing but 201 and 503.
  expect(attempts.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
  expect(refused.every((a) => a.retryAfter !== null)).toBe(true);
  // Fail fast: writes sent while Redis was down answered 503 within a second.
  expect(probes.length).toBeGreaterThan(0);
  expect(probes.every((a) => a.at > killedAt && a.at < restartedAt)).toBe(true);
  expect(probes.filter((a) => a.status !== 503 || a.retryAfter === null)).toEqual([]);
  expect(Math.max(...probes.map((a) => a.ms))).toBeLessThan(1_000);
  // Recovery: a write started within 5 s of the restart succeeded.
  const firstAfter = acknowledged.find((a) => a.at > restartedAt);
  expect(firstAfter).toBeDefined();
  expect((firstAfter?.at ?? Infinity) - restartedAt).toBeLessThan(5_000);
  // Every acknowledged write is in the store exactly as acknowledged, once.
  for (const a of acknowledged) {
    const stored = await roster.store.users.findByName(roster.account.accountId, a.userName);
    expect(stored?.id).toBe(a.id);
  }
  const ids = new Set(acknowledged.map((a) => a.id));
  expect(ids.size).toBe(acknowledged.length);
  console.info(
    `redis outage: ${attempts.length} writes, ${acknowledged.length} acknowledged, 0 lost, ${refused.length} refused with 503 ` +
      `(probes during the outage: max ${Math.max(...probes.map((a) => a.ms)).toFixed(0)} ms); ` +
      `first success ${((firstAfter?.at ?? NaN) - restartedAt).toFixed(0)} ms after restart`,
  );
}, 60_000);
