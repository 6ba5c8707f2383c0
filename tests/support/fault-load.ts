import mongoose from 'mongoose';
import { expect } from 'vitest';
import { entraCreateUserBody, GROUP_SCHEMA, PATCH_OP_SCHEMA } from './entra-payloads.ts';
import type { RosterUnderTest } from './roster.ts';

/** One request of a fault test's load, as the client saw it. */
export interface Attempt {
  kind: 'create' | 'patch' | 'addMember';
  status: number;
  retryAfter: string | null;
  userName: string;
  /** The user created (201), patched or added to the group. */
  userId?: string;
  /** The displayName a PATCH set. */
  displayName?: string;
  /** ms since the load started. */
  at: number;
  ms: number;
}

export interface LoadOptions {
  clients: number;
  /** Creates per client at most (each followed by a PATCH and a member add when it succeeds). */
  createsPerClient: number;
  /** The load stops starting requests once this returns true. */
  stop: () => boolean;
}

/**
 * Entra's create pass under faults: each client creates users, renames each one it created
 * (PATCH) and adds it to a shared group, pausing 50 ms after a 503 as a client honouring
 * Retry-After briefly would. Bounded by `createsPerClient` and `stop`.
 */
export async function runMixedLoad(roster: RosterUnderTest, groupId: string, options: LoadOptions) {
  const attempts: Attempt[] = [];
  const t0 = performance.now();
  const client = roster.account.client;
  const timed = async (
    kind: Attempt['kind'],
    userName: string,
    request: () => Promise<{ status: number; headers: Headers; body: any }>,
    extra: Partial<Attempt> = {},
  ): Promise<Attempt> => {
    const started = performance.now();
    const res = await request();
    const attempt: Attempt = {
      kind,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      userName,
      at: started - t0,
      ms: performance.now() - started,
      ...extra,
      ...(kind === 'create' && res.status === 201 ? { userId: res.body.id as string } : {}),
    };
    attempts.push(attempt);
    if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
    return attempt;
  };
  const oneClient = async (): Promise<void> => {
    for (let i = 0; i < options.createsPerClient && !options.stop(); i += 1) {
      const body = entraCreateUserBody();
      const created = await timed('create', body.userName, () => client.post('/Users', body));
      const userId = created.userId;
      if (userId === undefined) continue;
      const displayName = `Renamed ${i}`;
      await timed(
        'patch',
        body.userName,
        () =>
          client.patch(`/Users/${userId}`, {
            schemas: [PATCH_OP_SCHEMA],
            Operations: [{ op: 'Replace', path: 'displayName', value: displayName }],
          }),
        { userId, displayName },
      );
      await timed(
        'addMember',
        body.userName,
        () =>
          client.patch(`/Groups/${groupId}`, {
            schemas: [PATCH_OP_SCHEMA],
            Operations: [{ op: 'Add', path: 'members', value: [{ value: userId }] }],
          }),
        { userId },
      );
    }
  };
  await Promise.all(Array.from({ length: options.clients }, oneClient));
  return { attempts, t0 };
}

export async function createGroup(roster: RosterUnderTest): Promise<string> {
  const res = await roster.account.client.post('/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName: `Faults ${crypto.randomUUID()}`,
  });
  if (res.status !== 201) throw new Error(`group create answered ${res.status}`);
  return res.body.id as string;
}

/**
 * The audit every fault test ends with: each acknowledged write is in the store as
 * acknowledged, exactly once. Returns the problems found (empty when all is well).
 */
export async function auditAcknowledged(roster: RosterUnderTest, groupId: string, attempts: Attempt[]) {
  const problems: string[] = [];
  const { accountId } = roster.account;
  for (const a of attempts.filter((x) => x.status >= 200 && x.status < 300)) {
    const user = await roster.store.users.findByName(accountId, a.userName);
    if (user === null || user.id !== a.userId) {
      problems.push(
        `${a.kind} ${a.userName}: acknowledged ${a.userId ?? '?'}, stored ${user?.id ?? 'nothing'}`,
      );
      continue;
    }
    if (a.kind === 'patch' && user.core.displayName !== a.displayName)
      problems.push(
        `patch ${a.userId ?? '?'}: displayName ${String(user.core.displayName)}, acknowledged ${a.displayName ?? '?'}`,
      );
    if (
      a.kind === 'addMember' &&
      !(await roster.store.memberships.groupsOf(accountId, user.id)).includes(groupId)
    )
      problems.push(`addMember ${user.id}: not a member`);
  }
  return problems;
}

/** Asserts what every fault test promises (see the fault test files). */
export async function expectConsistent(
  r: RosterUnderTest,
  groupId: string,
  attempts: Attempt[],
  recoveredAt: number,
) {
  const unexpected = attempts.filter((a) => a.status >= 500 && a.status !== 503);
  expect(unexpected.map((a) => `${a.kind} ${a.status}`)).toEqual([]);
  expect(attempts.filter((a) => a.status === 503 && a.retryAfter === null)).toEqual([]);
  expect(await auditAcknowledged(r, groupId, attempts)).toEqual([]);
  // A 409 only for a name some user really holds.
  for (const a of attempts.filter((x) => x.status === 409))
    expect(await r.store.users.findByName(r.account.accountId, a.userName)).not.toBeNull();
  // No userName stored twice.
  const raw = await mongoose.createConnection(r.mongoUrl).asPromise();
  try {
    const keys = (
      await raw
        .collection('users')
        .find({ accountId: r.account.accountId }, { projection: { nameKey: 1 } })
        .toArray()
    ).map((doc) => doc.nameKey as string);
    expect(keys.length - new Set(keys).size).toBe(0);
  } finally {
    await raw.close();
  }
  // Writes work again within 5 s of the store's return.
  const firstSuccess = attempts.find((a) => a.at > recoveredAt && a.status >= 200 && a.status < 300);
  expect(firstSuccess).toBeDefined();
  expect((firstSuccess?.at ?? Infinity) - recoveredAt).toBeLessThan(5_000);
}

/** One line per fault for the run's log: counts, time to first failure and to recovery. */
export const summary = (name: string, attempts: Attempt[], faultAt: number, recoveredAt: number): string => {
  const count = (pred: (a: Attempt) => boolean) => attempts.filter(pred).length;
  const firstFailure = attempts.find((a) => a.at >= faultAt - 1_000 && a.status >= 500);
  const firstSuccess = attempts.find((a) => a.at > recoveredAt && a.status < 300);
  return (
    `${name}: ${attempts.length} writes, ${count((a) => a.status < 300)} acknowledged, 0 lost, 0 duplicated, ` +
    `${count((a) => a.status === 503)} × 503, ${count((a) => a.status === 409)} × 409; ` +
    `first failure ${firstFailure === undefined ? 'none' : `${(firstFailure.at + firstFailure.ms - faultAt).toFixed(0)} ms after the fault`}, ` +
    `first success ${firstSuccess === undefined ? 'none' : `${(firstSuccess.at - recoveredAt).toFixed(0)} ms after recovery`}`
  );
};
