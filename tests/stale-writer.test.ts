import { randomBytes, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { WRITE_COMMAND_VERSION, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import { AccountSchemaCache, type Store } from '@roster/store';
import { createWriteProcessor, ResourceLock } from '@roster/worker';
import { freshStoreWithAccount } from './support/fresh-store.ts';

/**
 * A writer that stalls between reading a resource and writing it must not overwrite a write
 * that went ahead meanwhile. Two processors share one Redis lock namespace with a 300 ms lock,
 * as two worker processes would. The first reads, then stalls inside its write (the real
 * store's `replace`, called late) until the second has written: a User, which takes no lock,
 * or a Group, whose lock the stalled writer has outlived. Its version-guarded write must fail
 * as stale and be applied again on top of the newer version: both writes survive. Without the
 * guard the stalled write would replace the resource with its stale copy and lose the other.
 */
const LOCK_TTL_MS = 300;
let store: Store;
let redis: Redis;
const accountId = `acct-${randomBytes(4).toString('hex')}`;
const lockPrefix = `{t${randomBytes(4).toString('hex')}}`;
const base = { v: WRITE_COMMAND_VERSION, accountId } as const;

beforeAll(async () => {
  store = await freshStoreWithAccount(accountId);
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

const run = (processor: ReturnType<typeof processorOver>, data: WriteCommand): Promise<WriteOutcome> =>
  processor({ data, id: randomUUID(), attemptsMade: 0 } as unknown as Job<unknown>);

/** The store, except that the first `replace` of `kind` waits for `proceed` before it runs. */
function storeStallingFirstReplace(
  kind: 'users' | 'groups',
  proceed: Promise<void>,
): { store: Store; stalled: Promise<void> } {
  let reached!: () => void;
  const stalled = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  const repository = Object.create(store[kind]) as Store['users'];
  repository.replace = async (input) => {
    if (first) {
      first = false;
      reached();
      await proceed;
    }
    return store[kind].replace(input);
  };
  return { store: { ...store, [kind]: repository }, stalled };
}

/** Runs `slow`, stalled in its write until `fast` has run (past the lock's expiry); both outcomes. */
async function race(kind: 'users' | 'groups', slow: WriteCommand, fast: WriteCommand) {
  let proceed!: () => void;
  const stalling = storeStallingFirstReplace(kind, new Promise<void>((resolve) => (proceed = resolve)));
  const slowOutcome = run(processorOver(stalling.store), slow);
  await stalling.stalled;
  await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS * 2));
  const fastOutcome = await run(processorOver(store), fast);
  proceed();
  return { slow: await slowOutcome, fast: fastOutcome };
}

async function createUser(): Promise<string> {
  const userId = randomUUID();
  const created = await run(processorOver(store), {
    ...base,
    type: 'user.create',
    userId,
    attributes: { core: { userName: `${randomUUID()}@example.com`, displayName: 'Before' }, extensions: {} },
  });
  expect(created).toMatchObject({ ok: true, status: 201 });
  return userId;
}

it('a User PATCH that stalled is applied again on top of the PATCH that went ahead', async () => {
  const userId = await createUser();
  const patch = (path: string, value: string): WriteCommand => ({
    ...base,
    type: 'user.patch',
    userId,
    operations: [{ op: 'replace', path: { attr: path }, value }],
  });
  const { slow, fast } = await race(
    'users',
    patch('displayName', 'From the stalled writer'),
    patch('title', 'From the second writer'),
  );
  expect(fast).toMatchObject({ ok: true, resource: { meta: { version: 2 } } });
  expect(slow).toMatchObject({ ok: true, resource: { meta: { version: 3 } } });
  const stored = await store.users.findById(accountId, userId);
  expect(stored?.core).toMatchObject({
    displayName: 'From the stalled writer',
    title: 'From the second writer',
  });
  expect(stored?.meta.version).toBe(3);
});

it('a Group PATCH that outlived its lock is applied again on top of the PATCH that took the lock', async () => {
  const memberId = await createUser();
  const groupId = randomUUID();
  const created = await run(processorOver(store), {
    ...base,
    type: 'group.create',
    groupId,
    attributes: { core: { displayName: `Group ${groupId}` }, extensions: {} },
    members: [],
  });
  expect(created).toMatchObject({ ok: true, status: 201 });
  const { slow, fast } = await race(
    'groups',
    {
      ...base,
      type: 'group.patch',
      groupId,
      operations: [{ op: 'replace', path: { attr: 'displayName' }, value: 'Renamed by the stalled writer' }],
    },
    {
      ...base,
      type: 'group.patch',
      groupId,
      operations: [{ op: 'add', path: { attr: 'members' }, value: [{ value: memberId }] }],
    },
  );
  expect(fast).toMatchObject({ ok: true, resource: { meta: { version: 2 } } });
  expect(slow).toMatchObject({ ok: true, resource: { meta: { version: 3 } } });
  expect((await store.groups.findById(accountId, groupId))?.core.displayName).toBe(
    'Renamed by the stalled writer',
  );
  expect(await store.memberships.holds(accountId, groupId, memberId)).toBe(true);
});
