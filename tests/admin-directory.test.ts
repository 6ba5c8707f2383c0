import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '@roster/scim';
import { newResourceId } from '@roster/store';
import type { Principal } from '../services/admin/src/auth/principal.ts';
import type { AdminContext } from '../services/admin/src/operations/context.ts';
import { getUser, groupMembers, listGroups, listUsers } from '../services/admin/src/operations/directory.ts';
import { entraCreateUserBody, GROUP_SCHEMA } from './support/entra-payloads.ts';
import { CUSTOM_NAMESPACE, startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';

let roster: RosterUnderTest;
let acme: TestAccount;
let other: TestAccount;
let bulk: TestAccount;
let ctx: AdminContext;
const denials: Record<string, unknown>[] = [];
const ids = new Map<string, string>();

const adminOf = (accountId: string, role: 'owner' | 'user_admin' | 'member' = 'user_admin'): Principal => ({
  kind: 'admin',
  adminId: `admin-${accountId}-${role}`,
  accountId,
  role,
  email: `${role}@${accountId}.example`,
  displayName: role,
});
const OPERATOR: Principal = {
  kind: 'operator',
  adminId: 'op',
  email: 'op@example.com',
  displayName: 'Operator',
};

const idOf = (name: string): string => {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`no resource ${name}`);
  return id;
};

async function createUser(
  account: TestAccount,
  userName: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const created = await account.client.post('/Users', { ...entraCreateUserBody(userName), ...extra });
  expect(created.status, created.text).toBe(201);
  ids.set(userName, created.body.id as string);
}

async function createGroup(account: TestAccount, displayName: string, members: string[]): Promise<void> {
  const created = await account.client.post('/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName,
    externalId: `ext-${displayName}`,
    members: members.map((name) => ({ value: idOf(name) })),
  });
  expect(created.status, created.text).toBe(201);
  ids.set(displayName, created.body.id as string);
}

/** The ScimError an operation threw (or fails the test). */
async function scimErrorOf(work: Promise<unknown>): Promise<ScimError> {
  const error: unknown = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

const dirName = (n: number): string => `dir-${String(n).padStart(3, '0')}@acme.example`;

beforeAll(async () => {
  roster = await startRoster();
  acme = roster.account;
  other = await roster.createAccount();
  bulk = await roster.createAccount();
  const { accounts } = roster.store;
  await accounts.addField(acme.accountId, {
    id: 'dept',
    label: 'Department',
    type: 'String',
    required: false,
    target: 'department',
  });
  await accounts.addField(acme.accountId, {
    id: 'startDate',
    label: 'Start date',
    type: 'Date',
    required: false,
  });
  await accounts.addField(acme.accountId, { id: 'level', label: 'Level', type: 'Number', required: false });
  await accounts.setMapping(acme.accountId, { target: 'jobTitle', sources: ['$.core.title'] });
  const urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
  ctx = {
    store: roster.store,
    logger: {
      info: () => undefined,
      warn: (fields: Record<string, unknown>) => denials.push(fields),
      error: () => undefined,
    },
    pepper: 'test',
    publicBaseUrl: roster.origin,
    customNamespace: CUSTOM_NAMESPACE,
    announceRevoked: () => Promise.resolve(true),
  };

  await createUser(acme, 'alice@acme.example', {
    displayName: 'Alice Admin',
    [urn]: { dept: 'R&D', startDate: '2024-03-01', level: '3' },
  });
  await createUser(acme, 'bob@acme.example', { displayName: 'Bob Builder', [urn]: { dept: 'Ops' } });
  await createUser(acme, 'carol@acme.example', { displayName: 'Carol Gone', active: false });
  for (let start = 0; start < 40; start += 10)
    await Promise.all(
      Array.from({ length: 10 }, (_, k) => {
        const n = start + k;
        return createUser(acme, dirName(n), {
          displayName: `Dir ${String(n).padStart(3, '0')}`,
          active: n % 4 !== 0,
          [urn]: { dept: n % 2 === 0 ? 'Support' : 'Sales' },
        });
      }),
    );
  await createGroup(acme, 'Engineering', ['alice@acme.example', 'bob@acme.example']);
  await createGroup(
    acme,
    'Everyone',
    Array.from({ length: 40 }, (_, n) => dirName(n)),
  );
  await createUser(other, 'zed@other.example', {});
  await createGroup(other, 'Other Group', ['zed@other.example']);

  // A larger account, written straight to the store: 1,100 users, one group of 150.
  const bulkIds: string[] = [];
  await Promise.all(
    Array.from({ length: 1_100 }, async (_, n) => {
      const id = newResourceId();
      bulkIds.push(id);
      const userName = `bulk-${String(n).padStart(4, '0')}@bulk.example`;
      const outcome = await roster.store.users.create({
        accountId: bulk.accountId,
        id,
        jobId: `seed-${id}`,
        attributes: { core: { userName, active: true }, extensions: {} },
      });
      expect(outcome.kind).toBe('created');
    }),
  );
  const groupId = newResourceId();
  ids.set('Bulk 150', groupId);
  await roster.store.groups.create({
    accountId: bulk.accountId,
    id: groupId,
    jobId: `seed-${groupId}`,
    attributes: { core: { displayName: 'Bulk 150' }, extensions: {} },
  });
  await roster.store.memberships.add(
    bulk.accountId,
    groupId,
    bulkIds.slice(0, 150).map((value) => ({ value, type: 'User' as const })),
  );
}, 120_000);

afterAll(async () => {
  await roster.stop();
});

describe('the user management table', () => {
  it('shows the custom field values and mapped app columns of each user', async () => {
    const page = await listUsers(ctx, adminOf(acme.accountId), acme.accountId, { search: 'alice' });
    expect(page.columns.fields).toEqual([
      { id: 'dept', label: 'Department', type: 'String' },
      { id: 'startDate', label: 'Start date', type: 'Date' },
      { id: 'level', label: 'Level', type: 'Number' },
    ]);
    expect(page.columns.app).toEqual(['department', 'jobTitle']);
    expect(page.rows).toEqual([
      {
        id: idOf('alice@acme.example'),
        userName: 'alice@acme.example',
        displayName: 'Alice Admin',
        active: true,
        email: 'alice@acme.example',
        externalId: 'alice',
        fields: { dept: 'R&D', startDate: '2024-03-01', level: 3 },
        app: { department: 'R&D', jobTitle: 'Engineer' },
        lastModified: expect.any(String) as string,
      },
    ]);
    const bob = await listUsers(ctx, adminOf(acme.accountId), acme.accountId, { search: 'bob' });
    expect(bob.rows[0]?.fields).toEqual({ dept: 'Ops', startDate: null, level: null });
  });

  it('pages in userName order with exact totals on a small account', async () => {
    const admin = adminOf(acme.accountId);
    const first = await listUsers(ctx, admin, acme.accountId, { count: 10 });
    expect(first).toMatchObject({ totalResults: 43, totalKind: 'exact', startIndex: 1, itemsPerPage: 10 });
    expect(first.sortBy).toBe('userName');
    const names = first.rows.map((row) => row.userName);
    expect(names.slice(0, 3)).toEqual(['alice@acme.example', 'bob@acme.example', 'carol@acme.example']);
    expect(names).toEqual([...names].sort());
    const second = await listUsers(ctx, admin, acme.accountId, { count: 10, startIndex: 11 });
    expect(second.rows[0]?.userName).toBe(dirName(7));
    const last = await listUsers(ctx, admin, acme.accountId, { count: 10, startIndex: 41 });
    expect(last.rows.map((row) => row.userName)).toEqual([dirName(37), dirName(38), dirName(39)]);
  });

  it('searches by userName prefix in any letter case, or by id', async () => {
    const admin = adminOf(acme.accountId);
    const prefixed = await listUsers(ctx, admin, acme.accountId, { search: 'DIR-00' });
    expect(prefixed.rows.map((row) => row.userName)).toEqual(
      Array.from({ length: 10 }, (_, n) => dirName(n)),
    );
    expect(prefixed.totalResults).toBe(10);
    const byId = await listUsers(ctx, admin, acme.accountId, { search: idOf('bob@acme.example') });
    expect(byId.rows.map((row) => row.userName)).toEqual(['bob@acme.example']);
    const quoted = await listUsers(ctx, admin, acme.accountId, { search: 'a"b\\c' });
    expect(quoted.rows).toEqual([]);
  });

  it('filters active and inactive users', async () => {
    const admin = adminOf(acme.accountId);
    const inactive = await listUsers(ctx, admin, acme.accountId, { active: false });
    expect(inactive.rows.map((row) => row.userName).sort()).toEqual(
      ['carol@acme.example', ...[0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map(dirName)].sort(),
    );
    expect(inactive.rows.every((row) => !row.active)).toBe(true);
    expect(inactive).toMatchObject({ totalResults: 11, totalKind: 'exact' });
    const active = await listUsers(ctx, admin, acme.accountId, { active: true, count: 200 });
    expect(active.totalResults).toBe(32);
    const both = await listUsers(ctx, admin, acme.accountId, { search: 'dir-00', active: false });
    expect(both.rows.map((row) => row.userName)).toEqual([0, 4, 8].map(dirName));
  });

  it('takes the SCIM filter grammar, custom fields included, as ingress does', async () => {
    const admin = adminOf(acme.accountId);
    const urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
    const sales = await listUsers(ctx, admin, acme.accountId, { filter: `${urn}:dept eq "Sales"` });
    expect(sales.totalResults).toBe(20);
    const contains = await listUsers(ctx, admin, acme.accountId, { filter: 'displayName co "Dir 01"' });
    expect(contains.rows.map((row) => row.displayName).sort()).toEqual(
      Array.from({ length: 10 }, (_, n) => `Dir 01${n}`),
    );
    const valuePath = await listUsers(ctx, admin, acme.accountId, {
      filter: 'emails[type eq "work" and value sw "dir-03"]',
    });
    expect(valuePath.totalResults).toBe(10);
    const bad = await scimErrorOf(listUsers(ctx, admin, acme.accountId, { filter: 'userName eq' }));
    expect(bad).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    const unknown = await scimErrorOf(listUsers(ctx, admin, acme.accountId, { filter: 'shoeSize gt 3' }));
    expect(unknown).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it('pages a filtered list without gaps or repeats', async () => {
    const admin = adminOf(acme.accountId);
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= 11; startIndex += 4) {
      const page = await listUsers(ctx, admin, acme.accountId, {
        filter: 'active eq false',
        startIndex,
        count: 4,
      });
      expect(page.sortBy).toBe('id');
      if (page.totalKind === 'exact') expect(page.totalResults).toBe(11);
      else expect(page.totalResults).toBeGreaterThanOrEqual(startIndex + 4);
      seen.push(...page.rows.map((row) => row.id));
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(seen).toEqual([...seen].sort());
  });

  it('sorts a narrowed list by any attribute, and refuses to sort one too large', async () => {
    const sorted = await listUsers(ctx, adminOf(acme.accountId), acme.accountId, {
      search: 'dir-',
      sortBy: 'displayName',
      sortOrder: 'descending',
      count: 3,
    });
    expect(sorted.rows.map((row) => row.displayName)).toEqual(['Dir 039', 'Dir 038', 'Dir 037']);
    expect(sorted).toMatchObject({ sortBy: 'displayName', sortOrder: 'descending', totalResults: 40 });
    const tooMany = await scimErrorOf(
      listUsers(ctx, adminOf(bulk.accountId), bulk.accountId, { sortBy: 'displayName' }),
    );
    expect(tooMany).toMatchObject({ status: 400, scimType: 'tooMany' });
    expect(tooMany.detail).toMatch(/narrowed/);
    const badPath = await scimErrorOf(
      listUsers(ctx, adminOf(acme.accountId), acme.accountId, { sortBy: 'a b' }),
    );
    expect(badPath.status).toBe(400);
  });
});

describe('one user', () => {
  it('is the row, the SCIM record and its groups', async () => {
    const alice = await getUser(ctx, adminOf(acme.accountId), acme.accountId, idOf('alice@acme.example'));
    expect(alice).toMatchObject({ userName: 'alice@acme.example', fields: { dept: 'R&D' } });
    expect(alice.core).toMatchObject({ userName: 'alice@acme.example', title: 'Engineer' });
    expect(alice.extensions[`${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`]).toEqual({
      dept: 'R&D',
      startDate: '2024-03-01',
      level: 3,
    });
    expect(alice.groups).toEqual([{ id: idOf('Engineering'), displayName: 'Engineering' }]);
  });

  it("is 404 for another account's user and for ids never issued", async () => {
    const admin = adminOf(acme.accountId);
    for (const id of [idOf('zed@other.example'), newResourceId(), 'not-an-id']) {
      const error = await scimErrorOf(getUser(ctx, admin, acme.accountId, id));
      expect(error.status).toBe(404);
    }
  });
});

describe('groups', () => {
  it('lists groups with member counts, searched by displayName prefix', async () => {
    const admin = adminOf(acme.accountId);
    const page = await listGroups(ctx, admin, acme.accountId, {});
    expect(page.rows.map((row) => [row.displayName, row.memberCount, row.memberCountKind])).toEqual([
      ['Engineering', 2, 'exact'],
      ['Everyone', 40, 'exact'],
    ]);
    expect(page.rows[0]?.externalId).toBe('ext-Engineering');
    const searched = await listGroups(ctx, admin, acme.accountId, { search: 'EVERY' });
    expect(searched.rows.map((row) => row.displayName)).toEqual(['Everyone']);
  });

  it("pages a group's members", async () => {
    const admin = adminOf(acme.accountId);
    const seen: string[] = [];
    for (const startIndex of [1, 16, 31]) {
      const page = await groupMembers(ctx, admin, acme.accountId, idOf('Everyone'), {
        startIndex,
        count: 15,
      });
      expect(page).toMatchObject({
        totalResults: 40,
        totalKind: 'exact',
        group: { displayName: 'Everyone' },
      });
      for (const row of page.rows) expect(row).toMatchObject({ type: 'User', exists: true });
      seen.push(...page.rows.map((row) => row.userName ?? ''));
    }
    expect(seen.sort()).toEqual(Array.from({ length: 40 }, (_, n) => dirName(n)));
    const error = await scimErrorOf(groupMembers(ctx, admin, acme.accountId, idOf('Other Group'), {}));
    expect(error.status).toBe(404);
  });
});

describe('a larger account (1,100 users)', () => {
  it('pages in userName order across pages and sizes the account', async () => {
    const admin = adminOf(bulk.accountId);
    const names: string[] = [];
    for (const startIndex of [1, 201, 401]) {
      const page = await listUsers(ctx, admin, bulk.accountId, { startIndex, count: 200 });
      if (page.totalKind === 'exact') expect(page.totalResults).toBe(1_100);
      else {
        // FerretDB counts by reading: past 1,000 the size is estimated from 512 ids (±4.5%).
        expect(page.totalKind).toBe('estimate');
        expect(page.totalResults).toBeGreaterThan(800);
        expect(page.totalResults).toBeLessThan(1_500);
      }
      names.push(...page.rows.map((row) => row.userName));
    }
    expect(names).toEqual(
      Array.from({ length: 600 }, (_, n) => `bulk-${String(n).padStart(4, '0')}@bulk.example`),
    );
    const prefix = await listUsers(ctx, admin, bulk.accountId, { search: 'bulk-10', count: 5 });
    expect(prefix).toMatchObject({ totalResults: 100, totalKind: 'exact' });
  });

  it('bounds member counts in the list and counts exactly on the group page', async () => {
    const admin = adminOf(bulk.accountId);
    const [row] = (await listGroups(ctx, admin, bulk.accountId, {})).rows;
    if (row?.memberCountKind === 'exact') expect(row.memberCount).toBe(150);
    else {
      expect(row?.memberCountKind).toBe('estimate');
      expect(row?.memberCount).toBeGreaterThan(100);
      expect(row?.memberCount).toBeLessThan(250);
    }
    const members = await groupMembers(ctx, admin, bulk.accountId, idOf('Bulk 150'), {
      startIndex: 101,
      count: 100,
    });
    expect(members).toMatchObject({ totalResults: 150, totalKind: 'exact', itemsPerPage: 50 });
  });
});

describe('who may read the directory', () => {
  const calls = (principal: Principal, accountId: string): (() => Promise<unknown>)[] => [
    () => listUsers(ctx, principal, accountId, {}),
    () => getUser(ctx, principal, accountId, idOf('alice@acme.example')),
    () => listGroups(ctx, principal, accountId, {}),
    () => groupMembers(ctx, principal, accountId, idOf('Engineering'), {}),
  ];

  it.each([
    ['an admin of another account', () => adminOf(other.accountId, 'owner')],
    ['a member', () => adminOf(acme.accountId, 'member')],
    ['an operator', () => OPERATOR],
  ])('refuses %s with a logged 403', async (_, principalOf) => {
    const before = denials.length;
    for (const call of calls(principalOf(), acme.accountId)) {
      const error = await scimErrorOf(call());
      expect(error.status).toBe(403);
    }
    expect(denials.slice(before)).toHaveLength(4);
    expect(denials.at(-1)).toMatchObject({ action: 'directory:read', accountId: acme.accountId });
  });

  it('is 404 for an account that does not exist', async () => {
    const error = await scimErrorOf(listUsers(ctx, adminOf('ghost-account'), 'ghost-account', {}));
    expect(error.status).toBe(404);
  });
});
