import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';
import { exited, spawnWorker, waitFor } from './support/worker-process.ts';

/**
 * The write queue is one FIFO; what bounds how many jobs one account can put in front of
 * another account's write is the cap on each account's writes in progress
 * (ACCOUNT_MAX_PENDING_WRITES): account A fires a burst of creates all at once against one
 * worker process that applies one job at a time, account B meanwhile creates users one by one.
 * A's writes beyond the cap are answered 429 with Retry-After at once, B is never refused, and
 * nobody gets another error. (B's latency is printed, not asserted: on a 2-core machine it is
 * dominated by the ingress handling A's burst, not by the queue.)
 */
const PENDING_WRITES = 8;
const BURST = 300;
const B_WRITES = 10;

let roster: RosterUnderTest;
let worker: ChildProcess;
let a: TestAccount;
let b: TestAccount;

beforeAll(async () => {
  roster = await startRoster({ worker: false, limits: { maxPendingWritesPerAccount: PENDING_WRITES } });
  worker = spawnWorker({ mongoUrl: roster.mongoUrl, redisUrl: roster.redisUrl, prefix: roster.prefix }, 1);
  await waitFor(async () => (await fetch(`${roster.origin}/readyz`)).status === 200, 30_000, 'worker');
  a = await roster.createAccount();
  b = await roster.createAccount();
}, 60_000);
afterAll(async () => {
  worker.kill('SIGTERM');
  await exited(worker);
  await roster.stop();
});

async function bWritesOneByOne(): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < B_WRITES; i++) {
    const started = performance.now();
    const res = await b.client.post('/Users', entraCreateUserBody());
    ms.push(performance.now() - started);
    expect(res.status, res.text).toBe(201);
  }
  return ms;
}

it(`refuses an account's writes beyond its cap while another account's go through`, async () => {
  const alone = await bWritesOneByOne();
  const burst = Promise.all(
    Array.from({ length: BURST }, () => a.client.post('/Users', entraCreateUserBody())),
  );
  const beside = await bWritesOneByOne();
  const responses = await burst;
  const statuses = responses.map((res) => res.status);

  const worst = (values: number[]) => Math.max(...values);
  console.info(
    `B's slowest write: ${worst(alone).toFixed(0)} ms alone, ${worst(beside).toFixed(0)} ms beside A's burst; ` +
      `A: ${statuses.filter((s) => s === 201).length} × 201, ${statuses.filter((s) => s === 429).length} × 429`,
  );
  const refused = responses.filter((res) => res.status === 429);
  expect(refused.length).toBeGreaterThan(0);
  for (const res of refused) {
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body.detail).toContain(`at most ${PENDING_WRITES} at once`);
  }
  expect(statuses.every((status) => status === 201 || status === 429 || status === 503)).toBe(true);
});
