import { randomBytes, randomUUID } from 'node:crypto';
import { UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { WRITE_COMMAND_VERSION, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import { AccountSchemaCache, type Store } from '@roster/store';
import { createWriteProcessor, ResourceLock } from '@roster/worker';
import { freshStoreWithAccount } from './support/fresh-store.ts';

/**
 * The worker's handlers, driven through the real processor (catalog check included) against
 * the real store and Redis, without HTTP: each answer a handler can give, and what it stored.
 */
let store: Store;
let redis: Redis;
let process: (job: Job<unknown>) => Promise<WriteOutcome>;
const accountId = `acct-${randomBytes(4).toString('hex')}`;
let attempt = 0;

beforeAll(async () => {
  store = await freshStoreWithAccount(accountId);
  redis = new Redis(inject('redisUrl'));
  const lock = new ResourceLock(redis, `{t${randomBytes(4).toString('hex')}}`);
  process = createWriteProcessor(
    store,
    new AccountSchemaCache(store, 'urn:roster:scim:schemas:extension', 0),
    lock,
  );
});
afterAll(async () => {
  redis.disconnect();
  await store.close();
});

/** Runs one command as a job would arrive: `attemptsMade` > 0 for a retry. */
const run = (data: unknown, attemptsMade = 0): Promise<WriteOutcome> => {
  attempt += 1;
  return process({ data, id: `job-${attempt}`, attemptsMade } as unknown as Job<unknown>);
};
const base = { v: WRITE_COMMAND_VERSION, accountId } as const;

async function createUser(userName = `${randomUUID()}@example.com`): Promise<string> {
  const userId = randomUUID();
  const outcome = await run({
    ...base,
    type: 'user.create',
    userId,
    attributes: { core: { userName, active: true }, extensions: {} },
  } satisfies WriteCommand);
  expect(outcome).toMatchObject({ ok: true, status: 201, resource: { id: userId } });
  return userId;
}

const errorOf = (outcome: WriteOutcome) => (outcome.ok ? undefined : outcome.error);

describe('the write processor', () => {
  it('fails a payload that does not match the catalog permanently, with the reason', async () => {
    await expect(run({ ...base, type: 'user.delete' })).rejects.toThrow(UnrecoverableError);
    await expect(run({ ...base, type: 'user.delete' })).rejects.toThrow(/userId/);
  });
});

describe('users', () => {
  it('refuses a second user with the same userName, naming the holder', async () => {
    const userName = `${randomUUID()}@example.com`;
    const holder = await createUser(userName);
    const outcome = await run({
      ...base,
      type: 'user.create',
      userId: randomUUID(),
      attributes: { core: { userName: userName.toUpperCase(), active: true }, extensions: {} },
    } satisfies WriteCommand);
    expect(errorOf(outcome)).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(errorOf(outcome)?.detail).toContain(holder);
  });

  it('applies a PATCH only at the version it names (412 otherwise), and 404 for a missing user', async () => {
    const userId = await createUser();
    const patch = (ifVersion?: number) =>
      run({
        ...base,
        type: 'user.patch',
        userId,
        operations: [{ op: 'replace', path: { attr: 'displayName' }, value: 'Ada' }],
        ...(ifVersion === undefined ? {} : { ifVersion }),
      } satisfies WriteCommand);
    expect(errorOf(await patch(7))).toMatchObject({ status: '412' });
    expect(await patch(1)).toMatchObject({ ok: true, status: 200, resource: { meta: { version: 2 } } });
    expect((await store.users.findById(accountId, userId))?.core.displayName).toBe('Ada');
    expect(
      errorOf(
        await run({
          ...base,
          type: 'user.patch',
          userId: randomUUID(),
          operations: [],
        } satisfies WriteCommand),
      ),
    ).toMatchObject({ status: '404' });
  });

  it('deletes once: 404 for a missing user on a first attempt, 204 on a retry (its earlier attempt deleted it)', async () => {
    const userId = await createUser();
    const command = { ...base, type: 'user.delete', userId } satisfies WriteCommand;
    expect(await run(command)).toEqual({ ok: true, status: 204 });
    expect(errorOf(await run(command))).toMatchObject({ status: '404' });
    expect(await run(command, 1)).toEqual({ ok: true, status: 204 });
  });
});

describe('groups', () => {
  const createGroup = async (members: string[]): Promise<{ groupId: string; outcome: WriteOutcome }> => {
    const groupId = randomUUID();
    const outcome = await run({
      ...base,
      type: 'group.create',
      groupId,
      attributes: { core: { displayName: `G ${randomUUID()}` }, extensions: {} },
      members: members.map((value) => ({ value, type: 'User' as const })),
    } satisfies WriteCommand);
    return { groupId, outcome };
  };

  it('refuses members that are not resources of the account, and stores nothing', async () => {
    const { groupId, outcome } = await createGroup([randomUUID()]);
    expect(errorOf(outcome)).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(await store.groups.findById(accountId, groupId)).toBeNull();
  });

  it('adds and removes members by PATCH, bumping the version', async () => {
    const [a, b] = [await createUser(), await createUser()];
    const { groupId, outcome } = await createGroup([a]);
    expect(outcome).toMatchObject({ ok: true, status: 201 });
    const patched = await run({
      ...base,
      type: 'group.patch',
      groupId,
      operations: [
        { op: 'add', path: { attr: 'members' }, value: [{ value: b }] },
        {
          op: 'remove',
          path: {
            attr: 'members',
            valueFilter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: a },
          },
        },
      ],
    } satisfies WriteCommand);
    expect(patched).toMatchObject({ ok: true, status: 200, resource: { meta: { version: 2 } } });
    expect(await store.memberships.groupsOf(accountId, a)).toEqual([]);
    expect(await store.memberships.groupsOf(accountId, b)).toEqual([groupId]);
  });

  it('keeps a group and its members when a delete names a stale version', async () => {
    const member = await createUser();
    const { groupId } = await createGroup([member]);
    const stale = await run({ ...base, type: 'group.delete', groupId, ifVersion: 9 } satisfies WriteCommand);
    expect(errorOf(stale)).toMatchObject({ status: '412' });
    expect(await store.memberships.groupsOf(accountId, member)).toEqual([groupId]);
    expect(
      await run({ ...base, type: 'group.delete', groupId, ifVersion: 1 } satisfies WriteCommand),
    ).toEqual({
      ok: true,
      status: 204,
    });
    expect(await store.memberships.groupsOf(accountId, member)).toEqual([]);
    expect(await store.users.findById(accountId, member)).not.toBeNull();
  });
});
