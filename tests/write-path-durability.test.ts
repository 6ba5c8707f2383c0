import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { heartbeatKey } from '@roster/jobs';
import { resourceSearch, USER_KIND } from '@roster/store';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';
import { exited, spawnWorker, waitFor } from './support/worker-process.ts';

let roster: RosterUnderTest | undefined;

const unwrapSearch = () => {
  const search = resourceSearch(USER_KIND, undefined);
  if (!search.ok) throw search.error;
  return search.value;
};
afterEach(async () => {
  await roster?.stop();
  roster = undefined;
});

describe('write path when workers are missing or slow', () => {
  it('answers 503 + Retry-After at once when no worker is alive, and stores nothing', async () => {
    roster = await startRoster({ worker: false });
    const body = entraCreateUserBody();
    const started = Date.now();
    const res = await roster.account.client.post('/Users', body);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(2_000);
    const ready = await fetch(`${roster.origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { worker: false } });
    await roster.startWorker();
    expect(
      (await roster.account.client.filterUsers(`userName eq "${body.userName}"`)).body.totalResults,
    ).toBe(0);
  });

  it('times out with 503 when the worker does not answer, and the write is never applied later', async () => {
    roster = await startRoster({ worker: false, writeTimeoutMs: 500 });
    // A heartbeat without a consuming worker: ingress believes a worker lives, none takes the job.
    const redis = new Redis(roster.redisUrl);
    await redis.zadd(heartbeatKey(roster.prefix), Date.now(), 'silent-worker');
    redis.disconnect();

    const body = entraCreateUserBody();
    const res = await roster.account.client.post('/Users', body);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.detail).toMatch(/not saved/);

    await roster.startWorker();
    const retry = await roster.account.client.post('/Users', entraCreateUserBody());
    expect(retry.status).toBe(201); // the worker runs, and has drained the queue
    expect(
      (await roster.account.client.filterUsers(`userName eq "${body.userName}"`)).body.totalResults,
    ).toBe(0);
  });
});

describe('worker killed with SIGKILL while writes are in flight', () => {
  it('loses no write that was answered 2xx', async () => {
    roster = await startRoster({ worker: false, writeTimeoutMs: 30_000 });
    const env = { mongoUrl: roster.mongoUrl, redisUrl: roster.redisUrl, prefix: roster.prefix };
    const origin = roster.origin;
    const first = spawnWorker(env);
    await waitFor(async () => (await fetch(`${origin}/readyz`)).status === 200, 30_000, 'first worker');

    const client = roster.account.client;
    const total = 300;
    const concurrency = 16;
    const results: { userName: string; status: number; id?: string }[] = [];
    let next = 0;
    let killed = false;
    let second: ReturnType<typeof spawnWorker> | undefined;
    const killOnce = (): void => {
      if (killed || results.length < 40) return;
      killed = true;
      first.kill('SIGKILL');
      second = spawnWorker(env); // a replacement, as an orchestrator would start one
    };
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const body = entraCreateUserBody();
          next += 1;
          const res = await client.post('/Users', body);
          results.push({ userName: body.userName, status: res.status, id: res.body?.id });
          killOnce();
        }
      }),
    );
    expect(killed).toBe(true);
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');

    const acknowledged = results.filter((r) => r.status === 201);
    // Every request is either acknowledged or told to retry; nothing else.
    expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(total / 2);
    for (const { id, userName } of acknowledged) {
      const stored = await roster.store.users.findById(roster.account.accountId, id!);
      expect(stored?.core.userName).toBe(userName);
    }
    // No duplicates: each request created at most one user.
    const everyone = await roster.store.users.search(roster.account.accountId, unwrapSearch(), {
      skip: 0,
      limit: 1000,
    });
    if (everyone.kind !== 'page') throw new Error('expected a page of users');
    expect(everyone.total).toBeLessThanOrEqual(total);
    expect(new Set(everyone.resources.map((user) => user.core.userName)).size).toBe(everyone.total);
    second?.kill('SIGTERM');
    if (second !== undefined) await exited(second);
  });
});
