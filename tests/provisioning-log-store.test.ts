import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WRITE_COMMAND_VERSION, type WriteCommand } from '@roster/jobs';
import {
  AccountSchemaCache,
  newResourceId,
  type ProvisioningLogEntry,
  type ProvisioningLogQuery,
  type ProvisioningOutcome,
  type Store,
} from '@roster/store';
import {
  createPurgeProcessor,
  createWriteProcessor,
  ResourceLock,
  startProvisioningLogPurge,
} from '@roster/worker';
import { freshStoreWithAccount } from './support/fresh-store.ts';

/**
 * The provisioning log's repository on the real store, against a model: a log with sparse
 * stretches, a burst denser than one block read and hundreds of entries in one millisecond is
 * listed page by page exactly as sorting it would (newest first, each entry once), a filter
 * that matches nothing stops at the page's scan budget with a cursor, and the purge deletes
 * exactly what is older than its cutoff, in every account, also when run by its schedule.
 */
const DAY = 24 * 3600_000;
const NOW = Date.now();
const OUTCOMES: ProvisioningOutcome[] = ['applied', 'rejected', 'failed', 'timedOut'];

let store: Store;
const big = `acct-${randomBytes(4).toString('hex')}`;
let model: ProvisioningLogEntry[] = [];

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
const random = (() => {
  let seed = 42;
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
})();

const entry = (accountId: string, at: number, n: number): ProvisioningLogEntry => ({
  at: new Date(at),
  accountId,
  source: 'worker',
  requestId: `r${String(n).padStart(5, '0')}`,
  method: 'POST',
  resourceType: 'User',
  resourceId: `id-${n % 7}`,
  userName: `User${n % 11}@Example.com`,
  operation: 'create',
  outcome: OUTCOMES[n % 4] ?? 'applied',
  status: 201,
  durationMs: 5,
});

/** Newest first; entries of one millisecond in key order (their request ids here). */
const newestFirst = (a: ProvisioningLogEntry, b: ProvisioningLogEntry): number =>
  b.at.getTime() - a.at.getTime() || (a.requestId < b.requestId ? -1 : 1);

async function listAll(accountId: string, query: ProvisioningLogQuery) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.provisioningLog.list(accountId, { ...query, cursor });
    ids.push(...page.entries.map((record) => record.requestId));
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 2_000) throw new Error('paging does not end');
  } while (cursor !== undefined);
  return { ids, pages };
}

beforeAll(async () => {
  store = await freshStoreWithAccount(big);
  let n = 0;
  for (let i = 0; i < 3_000; i++) model.push(entry(big, NOW - Math.floor(random() * 20 * DAY), n++));
  const burst = NOW - 3 * DAY;
  for (let i = 0; i < 1_500; i++) model.push(entry(big, burst + Math.floor(random() * 3_000), n++));
  const instant = NOW - 5 * DAY + 123;
  for (let i = 0; i < 600; i++) model.push(entry(big, instant, n++));
  for (let start = 0; start < model.length; start += 1_000)
    await store.provisioningLog.append(model.slice(start, start + 1_000));
  model.sort(newestFirst);
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe('listing a long log', () => {
  it.each([
    ['everything', {}, () => true],
    ['one outcome', { outcome: 'failed' }, (e: ProvisioningLogEntry) => e.outcome === 'failed'],
    [
      'two outcomes',
      { outcome: ['rejected', 'timedOut'] },
      (e: ProvisioningLogEntry) => e.outcome !== 'applied' && e.outcome !== 'failed',
    ],
    ['a resource id', { resourceId: 'id-3' }, (e: ProvisioningLogEntry) => e.resourceId === 'id-3'],
    [
      'a userName in another case',
      { userName: 'user5@example.COM' },
      (e: ProvisioningLogEntry) => e.userName === 'User5@Example.com',
    ],
    [
      'a time range around the burst and the instant',
      { from: new Date(NOW - 6 * DAY), to: new Date(NOW - 2 * DAY) },
      (e: ProvisioningLogEntry) => e.at.getTime() >= NOW - 6 * DAY && e.at.getTime() < NOW - 2 * DAY,
    ],
  ] as const)('by %s: page by page, exactly the sorted matches', async (_label, query, matches) => {
    const expected = model.filter((e) => matches(e)).map((e) => e.requestId);
    const { ids } = await listAll(big, { ...query, limit: 97 });
    expect(ids.length).toBe(expected.length);
    expect(ids).toEqual(expected);
  });

  it('stops a page that matches nothing at its scan budget, with a cursor to go on', async () => {
    const first = await store.provisioningLog.list(big, { resourceId: 'nobody' });
    expect(first).toMatchObject({ entries: [], scanLimited: true });
    expect(first.nextCursor).toBeDefined();
    expect(first.scanned).toBeLessThan(6_000);
    const { ids, pages } = await listAll(big, { resourceId: 'nobody' });
    expect(ids).toEqual([]);
    expect(pages).toBeGreaterThan(1);
  });

  it('refuses a malformed cursor', async () => {
    await expect(store.provisioningLog.list(big, { cursor: '../x' })).rejects.toThrow(RangeError);
  });
});

describe('the purge', () => {
  it('answers one rejected, failed or timed-out outcome from its own key space, reading no other entries', async () => {
    const page = await store.provisioningLog.list(big, { outcome: 'rejected', limit: 100 });
    expect(page.entries.every((e) => e.outcome === 'rejected')).toBe(true);
    // Every entry read matched: the walk never read an applied or failed one.
    const expected = model.filter((e) => e.outcome === 'rejected').slice(0, 100);
    expect(page.entries.map((e) => e.requestId)).toEqual(expected.map((e) => e.requestId));
    // One entry in four is rejected: a walk of the whole log would read at least 400 for 100.
    expect(page.scanned).toBeLessThan(4 * page.entries.length);
    const mixed = await store.provisioningLog.list(big, { outcome: ['rejected', 'applied'], limit: 100 });
    expect(mixed.entries.some((e) => e.outcome === 'applied')).toBe(true);
  });

  it('deletes exactly the entries older than the retention, in every account', async () => {
    const small = `acct-${randomBytes(4).toString('hex')}`;
    await store.accounts.create(small, small);
    const ages = [40, 31, 30.01, 29.99, 29, 1, 0];
    await store.provisioningLog.append(ages.map((age, n) => entry(small, NOW - age * DAY, 90_000 + n)));
    const purge = createPurgeProcessor(store, () => NOW);
    const result = await purge({ data: { v: 1, retentionDays: 30 } });
    const olderInBig = model.filter((e) => e.at.getTime() < NOW - 30 * DAY).length;
    expect(result).toMatchObject({ accounts: 2, deleted: 3 + olderInBig });
    const kept = (await store.provisioningLog.list(small, { limit: 200 })).entries.map((e) => e.requestId);
    expect(kept).toEqual(['r90006', 'r90005', 'r90004', 'r90003']);

    // A cutoff inside the big log: what is left is exactly the newer part of the model.
    await purge({ data: { v: 1, retentionDays: 4 } });
    model = model.filter((e) => e.at.getTime() >= NOW - 4 * DAY);
    expect((await listAll(big, { limit: 200 })).ids).toEqual(model.map((e) => e.requestId));
  });

  it('runs on its schedule', async () => {
    const account = `acct-${randomBytes(4).toString('hex')}`;
    await store.accounts.create(account, account);
    const old = entry(account, NOW - 45 * DAY, 95_000);
    const recent = entry(account, NOW - 1_000, 95_001);
    await store.provisioningLog.append([old, recent]);
    const running = await startProvisioningLogPurge({
      store,
      redisUrl: inject('redisUrl'),
      prefix: `{t${randomBytes(4).toString('hex')}}`,
      retentionDays: 30,
      logger: pino({ level: 'silent' }),
      everyMs: 200,
    });
    try {
      const deadline = Date.now() + 20_000;
      let left = await store.provisioningLog.list(account);
      while (left.entries.length > 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = await store.provisioningLog.list(account);
      }
      expect(left.entries.map((e) => e.requestId)).toEqual([recent.requestId]);
    } finally {
      await running.close();
    }
  });
});

describe("the worker's entries", () => {
  const accountId = `acct-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  beforeAll(async () => {
    await store.accounts.create(accountId, accountId);
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(() => redis.disconnect());

  const processorOver = (over: Store) =>
    createWriteProcessor(
      over,
      new AccountSchemaCache(over, 'urn:roster:scim:schemas:extension', 0),
      new ResourceLock(redis, `{t${randomBytes(4).toString('hex')}}`),
      { provisioningLog: true },
    );
  const createCommand = (requestId: string): WriteCommand => ({
    v: WRITE_COMMAND_VERSION,
    accountId,
    type: 'user.create',
    userId: newResourceId(),
    attributes: { core: { userName: `${requestId}@example.com` }, extensions: {} },
    trace: { tokenId: 'tok1', requestId, receivedAt: Date.now() - 5 },
  });
  const job = (data: WriteCommand, attemptsMade: number, id = `job-${randomBytes(4).toString('hex')}`) =>
    ({ id, data, attemptsMade, opts: { attempts: 2 } }) as unknown as Job<unknown>;
  const entriesOf = async (requestId: string) =>
    (await store.provisioningLog.list(accountId, { limit: 200 })).entries.filter(
      (e) => e.requestId === requestId,
    );

  it('records a job that failed its last attempt, and nothing for an attempt that will be retried', async () => {
    const users = Object.create(store.users) as Store['users'];
    users.create = () => Promise.reject(new Error('store down'));
    const failing = processorOver({ ...store, users });
    const command = createCommand('req-failing');
    await expect(failing(job(command, 0))).rejects.toThrow('store down');
    expect(await entriesOf('req-failing')).toEqual([]);
    await expect(failing(job(command, 1))).rejects.toThrow('store down');
    expect(await entriesOf('req-failing')).toMatchObject([
      {
        source: 'worker',
        tokenId: 'tok1',
        outcome: 'failed',
        status: 503,
        operation: 'create',
        detail: 'Error: store down',
      },
    ]);
  });

  it('stores one entry for a job applied again after a crash', async () => {
    const process = processorOver(store);
    const command = createCommand('req-retried');
    expect(await process(job(command, 0, 'job-retried'))).toMatchObject({ ok: true, status: 201 });
    expect(await process(job(command, 1, 'job-retried'))).toMatchObject({ ok: true, status: 201 });
    expect(await entriesOf('req-retried')).toMatchObject([
      { outcome: 'applied', status: 201, tokenId: 'tok1' },
    ]);
  });
});
