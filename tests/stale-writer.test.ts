import { randomBytes, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { WRITE_COMMAND_VERSION, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import { AccountSchemaCache, openStore, StaleWriteError, type Store } from '@roster/store';
import { createWriteProcessor, ResourceLock } from '@roster/worker';

/**
 * A worker that stalls past its resource lock's expiry must not overwrite the write that
 * went ahead meanwhile. Two processors share one Redis lock namespace with a 300 ms lock, as
 * two worker processes would. The first reads the user, then stalls inside its write (the real
 * store's `replace`, called late) until the lock has expired and the second has written.
 * Its version-guarded write must then fail as stale, and its retry must apply on top of the
 * newer version: both PATCHes survive. Without the guard the stalled write would replace
 * the user with its stale copy and the second PATCH's title would be lost.
 */
const LOCK_TTL_MS = 300;
let store: Store;
let redis: Redis;
const accountId = `acct-${randomBytes(4).toString('hex')}`;
const lockPrefix = `{t${randomBytes(4).toString('hex')}}`;

beforeAll(async () => {
  const url = new URL(inject('mongoUrl'));
  url.pathname = `/t_${randomBytes(5).toString('hex')}`;
  store = await openStore(url.toString());
  await store.ensureIndexes();
  await store.accounts.create(accountId, accountId);
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  redis.disconnect();
  await store.close();
});

/** A processor as one worker process runs it, over `over` (the store, or a stalling view of it). */
const processorOver = (over: Store) =>
  createWriteProcessor(
    over,
    new AccountSchemaCache(over, 'urn:roster:scim:schemas:extension', 0),
    new ResourceLock(redis, lockPrefix, { ttlMs: LOCK_TTL_MS }),
  );

const run = (
  processor: ReturnType<typeof processorOver>,
  data: WriteCommand,
  jobId: string,
  attemptsMade = 0,
): Promise<WriteOutcome> => processor({ data, id: jobId, attemptsMade } as unknown as Job<unknown>);

/** The store, except that its users' first `replace` waits for `proceed` before it runs. */
function storeStallingFirstReplace(proceed: Promise<void>): { store: Store; stalled: Promise<void> } {
  let reached!: () => void;
  const stalled = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  const users = Object.create(store.users) as Store['users'];
  users.replace = async (input) => {
    if (first) {
      first = false;
      reached();
      await proceed;
    }
    return store.users.replace(input);
  };
  return { store: { ...store, users }, stalled };
}

const patch = (userId: string, path: string, value: string): WriteCommand => ({
  v: WRITE_COMMAND_VERSION,
  accountId,
  type: 'user.patch',
  userId,
  operations: [{ op: 'replace', path: { attr: path }, value }],
});

it('stops a writer that outlived its lock from overwriting a newer write; its retry applies on top', async () => {
  const userId = randomUUID();
  const created = await run(
    processorOver(store),
    {
      v: WRITE_COMMAND_VERSION,
      accountId,
      type: 'user.create',
      userId,
      attributes: {
        core: { userName: `${randomUUID()}@example.com`, displayName: 'Before' },
        extensions: {},
      },
    },
    'create',
  );
  expect(created).toMatchObject({ ok: true, status: 201 });

  let proceed!: () => void;
  const stalling = storeStallingFirstReplace(new Promise<void>((resolve) => (proceed = resolve)));
  const slowWorker = processorOver(stalling.store);
  const slow = run(slowWorker, patch(userId, 'displayName', 'From the stalled writer'), 'slow');
  await stalling.stalled;
  await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS * 2));

  // The lock has expired: a second worker takes it and writes.
  const fast = await run(processorOver(store), patch(userId, 'title', 'From the second writer'), 'fast');
  expect(fast).toMatchObject({ ok: true, resource: { meta: { version: 2 } } });

  proceed();
  await expect(slow).rejects.toBeInstanceOf(StaleWriteError);
  // BullMQ retries the job: it reads version 2 and applies its change on top.
  const retried = await run(slowWorker, patch(userId, 'displayName', 'From the stalled writer'), 'slow', 1);
  expect(retried).toMatchObject({ ok: true, resource: { meta: { version: 3 } } });

  const stored = await store.users.findById(accountId, userId);
  expect(stored?.core).toMatchObject({
    displayName: 'From the stalled writer',
    title: 'From the second writer',
  });
  expect(stored?.meta.version).toBe(3);
});
