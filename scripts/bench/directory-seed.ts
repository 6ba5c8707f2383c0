/**
 * Seeds an account for the admin directory benchmark straight through the store's own write
 * path (`store.users.create`, group-committed: names claimed, documents in the stored shape,
 * typed custom values and app columns as the worker computes them): custom fields, a mapped
 * app column, one user in ten inactive, and groups of 20,000, 1,000 and 10 members.
 */
import { convertFieldValues, type FieldDefinition } from '@roster/scim';
import { newResourceId, type Store } from '@roster/store';

export const SEED_FIELDS: FieldDefinition[] = [
  { id: 'dept', label: 'Department', type: 'String', required: false, target: 'department' },
  { id: 'costCenter', label: 'Cost center', type: 'Number', required: false },
  { id: 'startDate', label: 'Start date', type: 'Date', required: false },
];

export const SEED_GROUPS = [
  { displayName: 'Everyone-20k', members: 20_000 },
  { displayName: 'Engineering', members: 1_000 },
  { displayName: 'Founders', members: 10 },
];

const DEPARTMENTS = ['Sales', 'Support', 'Engineering', 'Finance', 'Legal'];

/** Users created at once (the group commit batches them into insert commands). */
const CONCURRENCY = 500;

export interface SeededAccount {
  accountId: string;
  userIds: string[];
  groupIds: string[];
}

/** The user number `n` of an account, as stored by the seed. */
export const seededUserName = (n: number): string => `user-${String(n).padStart(6, '0')}@bench.example`;

/** Creates the account with `users` users and the seed's groups; idempotent only on an empty account. */
export async function seedAccount(
  store: Store,
  accountId: string,
  users: number,
  customUrn: string,
  log: (line: string) => void = () => undefined,
): Promise<SeededAccount> {
  await store.accounts.create(accountId, accountId);
  for (const field of SEED_FIELDS) await store.accounts.addField(accountId, field);
  await store.accounts.setMapping(accountId, { target: 'jobTitle', sources: ['$.core.title'] });
  const userIds: string[] = [];
  const started = performance.now();
  for (let done = 0; done < users; done += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, users - done) }, async (_, k) => {
        const n = done + k;
        const id = newResourceId();
        userIds.push(id);
        const dept = DEPARTMENTS[n % DEPARTMENTS.length] ?? 'Sales';
        const custom = { dept, costCenter: 1000 + (n % 97), startDate: '2024-03-01' };
        const converted = convertFieldValues(SEED_FIELDS, custom);
        if (!converted.ok) throw converted.error;
        const title = `Title ${n % 13}`;
        const core = {
          userName: seededUserName(n),
          displayName: `User ${n}`,
          active: n % 10 !== 0,
          title,
          externalId: `ext-${n}`,
          emails: [{ value: `user-${n}@mail.example`, type: 'work', primary: true }],
        };
        const outcome = await store.users.create({
          accountId,
          id,
          jobId: `seed-${id}`,
          attributes: {
            core,
            extensions: { [customUrn]: custom },
            typed: { ...converted.value.typed },
            app: { department: dept, jobTitle: title },
          },
        });
        if (outcome.kind !== 'created') throw new Error(`seed user ${n} not created: ${outcome.kind}`);
      }),
    );
    if ((done + CONCURRENCY) % 10_000 === 0) log(`  ${done + CONCURRENCY} users`);
  }
  log(`seeded ${users} users of ${accountId} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const groupIds: string[] = [];
  for (const group of SEED_GROUPS) {
    const id = newResourceId();
    groupIds.push(id);
    await store.groups.create({
      accountId,
      id,
      jobId: `seed-${id}`,
      attributes: {
        core: { displayName: group.displayName, externalId: `g-${group.displayName}` },
        extensions: {},
      },
    });
    const members = userIds.slice(0, Math.min(group.members, userIds.length));
    for (let i = 0; i < members.length; i += 1_000)
      await store.memberships.add(
        accountId,
        id,
        members.slice(i, i + 1_000).map((value) => ({ value, type: 'User' as const })),
      );
  }
  log(`seeded ${SEED_GROUPS.length} groups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { accountId, userIds, groupIds };
}
