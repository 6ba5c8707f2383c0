import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entraCreateUserBody, patchOp } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';
import { entraEncode, type ScimResponse } from './support/scim-client.ts';

/**
 * Fair share: account A floods (lists, filters and creates at ten times its rate limit) while
 * account B provisions as Entra does (probe, create, PATCH). B's p99 must stay within twice its
 * p99 alone (medians of three rounds each, taken in turns); A is told to slow down (429 with
 * Retry-After); nobody gets a 5xx but 503.
 */
const A_RATE = { perSecond: 10, burst: 10 };
const FLOOD_PER_SECOND = 10 * A_RATE.perSecond;
const B_USERS = 60;

let roster: RosterUnderTest;
let a: TestAccount;
let b: TestAccount;

beforeAll(async () => {
  const accountA = `flood-${randomUUID().slice(0, 8)}`;
  roster = await startRoster({
    limits: { rates: new Map([[accountA, A_RATE]]), maxConcurrentListsPerAccount: 2 },
  });
  a = await roster.createAccount(accountA);
  b = await roster.createAccount();
});
afterAll(() => roster.stop());

/** Entra's pattern for B's users, 4 at a time: each request's latency and status. */
async function provisionB(): Promise<{ ms: number[]; statuses: number[] }> {
  const ms: number[] = [];
  const statuses: number[] = [];
  const timed = async (request: Promise<ScimResponse>): Promise<ScimResponse> => {
    const started = performance.now();
    const res = await request;
    ms.push(performance.now() - started);
    statuses.push(res.status);
    return res;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < B_USERS) {
        next += 1;
        const body = entraCreateUserBody();
        await timed(b.client.get(`/Users?filter=${entraEncode(`userName eq "${body.userName}"`)}`));
        const created = await timed(b.client.post('/Users', body));
        const patch = patchOp({ op: 'Replace', path: 'displayName', value: 'Renamed' });
        if (created.status === 201) await timed(b.client.patch(`/Users/${created.body.id}`, patch));
      }
    }),
  );
  return { ms, statuses };
}

const p99 = (values: number[]): number =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length * 0.99)]!;

/** A's flood, paced at FLOOD_PER_SECOND until `stop`: statuses and Retry-After headers. */
async function floodA(stop: () => boolean): Promise<{ statuses: number[]; retryAfter: (string | null)[] }> {
  const statuses: number[] = [];
  const retryAfter: (string | null)[] = [];
  const kinds = [
    () => a.client.get('/Users?count=5'),
    () => a.client.get(`/Users?filter=${entraEncode('displayName co "ab" or title co "x"')}`),
    () => a.client.post('/Users', entraCreateUserBody()),
  ];
  const clients = 25;
  const pauseMs = (1000 * clients) / FLOOD_PER_SECOND;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = c; !stop(); n += clients) {
        const started = performance.now();
        const res = await kinds[n % kinds.length]!();
        statuses.push(res.status);
        if (res.status === 429) retryAfter.push(res.headers.get('retry-after'));
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, pauseMs - (performance.now() - started))),
        );
      }
    }),
  );
  return { statuses, retryAfter };
}

const median = (values: number[]): number =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

it('keeps a provisioning account at its own latency while another floods at ten times its limit', async () => {
  await provisionB(); // warm-up: the first round pays for cold caches and compilation
  // Alone and beside the flood in turns, so load from elsewhere on the machine hits both alike.
  const aloneP99: number[] = [];
  const besideP99: number[] = [];
  const floodStatuses: number[] = [];
  const floodRetryAfter: (string | null)[] = [];
  const bStatuses: number[] = [];
  for (let round = 0; round < 3; round++) {
    const alone = await provisionB();
    aloneP99.push(p99(alone.ms));
    let done = false;
    const flood = floodA(() => done);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const beside = await provisionB();
    done = true;
    const { statuses, retryAfter } = await flood;
    besideP99.push(p99(beside.ms));
    bStatuses.push(...alone.statuses, ...beside.statuses);
    floodStatuses.push(...statuses);
    floodRetryAfter.push(...retryAfter);
  }

  const ms = (values: number[]) => values.map((value) => value.toFixed(0)).join('/');
  const summary = `B p99 alone ${ms(aloneP99)} ms, beside the flood ${ms(besideP99)} ms; A sent ${floodStatuses.length}, ${floodStatuses.filter((s) => s === 429).length} × 429`;
  console.info(summary);
  expect(median(besideP99), summary).toBeLessThan(2 * Math.max(median(aloneP99), 20));
  expect(
    bStatuses.every((status) => status < 300),
    `B statuses ${bStatuses.join(',')}`,
  ).toBe(true);
  expect(floodStatuses.filter((status) => status === 429).length).toBeGreaterThan(floodStatuses.length / 2);
  expect(floodRetryAfter.every((value) => value !== null && Number(value) >= 1)).toBe(true);
  expect(floodStatuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
}, 120_000);
