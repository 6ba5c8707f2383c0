import { describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

const suite = useRoster();

async function createUsers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(20, n - i) },
        async () => (await suite.scim.post('/Users', entraCreateUserBody())).body.id as string,
      ),
    );
    ids.push(...batch);
  }
  return ids;
}

const createGroup = async (displayName = `Group ${crypto.randomUUID()}`, members: string[] = []) => {
  const res = await suite.scim.post('/Groups', {
    schemas: [GROUP],
    displayName,
    members: members.map((value) => ({ value })),
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; displayName: string };
};

const memberIdsOf = async (groupId: string): Promise<string[]> => {
  const res = await suite.scim.get(`/Groups/${groupId}`);
  expect(res.status).toBe(200);
  return ((res.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
};

describe('group memberships', () => {
  it('keeps every member of 50 concurrent single-member PATCHes to one group', async () => {
    const users = await createUsers(50);
    const group = await createGroup();
    const statuses = await Promise.all(
      users.map(
        async (value) =>
          (
            await suite.scim.patch(`/Groups/${group.id}`, {
              schemas: [PATCH_OP],
              Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value }] }],
            })
          ).status,
      ),
    );
    expect(statuses.every((status) => status === 204)).toBe(true);
    expect(await memberIdsOf(group.id)).toEqual([...users].sort());
  });

  it('derives a user’s read-only groups from memberships and drops them when the user is deleted', async () => {
    const [alice, bob] = await createUsers(2);
    const group = await createGroup(undefined, [alice!, bob!]);
    const read = await suite.scim.get(`/Users/${alice}`);
    expect(read.body.groups).toEqual([expect.objectContaining({ value: group.id, type: 'Group' })]);
    expect((await suite.scim.delete(`/Users/${alice}`)).status).toBe(204);
    expect(await memberIdsOf(group.id)).toEqual([bob]);
  });

  it('answers POST and PUT with the members written, each once, as a later GET reads them', async () => {
    const [alice, bob, carol] = await createUsers(3);
    const created = await suite.scim.post('/Groups', {
      schemas: [GROUP],
      displayName: `Group ${crypto.randomUUID()}`,
      members: [alice, bob, alice].map((value) => ({ value })),
    });
    expect(created.status).toBe(201);
    const valuesOf = (body: { members?: { value: string }[] }) =>
      (body.members ?? []).map((m) => m.value).sort();
    expect(valuesOf(created.body)).toEqual([alice, bob].sort());
    expect(valuesOf(created.body)).toEqual(await memberIdsOf(created.body.id));
    const replaced = await suite.scim.put(`/Groups/${created.body.id as string}`, {
      schemas: [GROUP],
      displayName: created.body.displayName,
      members: [carol, bob, carol].map((value) => ({ value })),
    });
    expect(replaced.status).toBe(200);
    expect(valuesOf(replaced.body)).toEqual([bob, carol].sort());
    expect(valuesOf(replaced.body)).toEqual(await memberIdsOf(created.body.id));
  });

  it('deletes a group without touching its users', async () => {
    const users = await createUsers(3);
    const group = await createGroup(undefined, users);
    expect((await suite.scim.delete(`/Groups/${group.id}`)).status).toBe(204);
    expect((await suite.scim.get(`/Groups/${group.id}`)).status).toBe(404);
    for (const id of users) {
      const user = await suite.scim.get(`/Users/${id}`);
      expect(user.status).toBe(200);
      expect(user.body.groups).toBeUndefined();
    }
  });

  it('refuses members that are not resources of this account, and applies nothing', async () => {
    const other = await suite.roster.createAccount();
    const stranger = (await other.client.post('/Users', entraCreateUserBody())).body.id as string;
    const [mine] = await createUsers(1);
    const group = await createGroup();
    const res = await suite.scim.patch(`/Groups/${group.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'displayName', value: `Renamed ${crypto.randomUUID()}` },
        { op: 'add', path: 'members', value: [{ value: mine }, { value: stranger }] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    const after = await suite.scim.get(`/Groups/${group.id}`);
    expect(after.body.displayName).toBe(group.displayName);
    expect(after.body.members ?? []).toEqual([]);
  });

  it('streams a group of 1,000 members added 200 at a time, and omits them when excluded', async () => {
    const users = await createUsers(1000);
    const group = await createGroup();
    for (let i = 0; i < users.length; i += 200) {
      const res = await suite.scim.patch(`/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'add', path: 'members', value: users.slice(i, i + 200).map((value) => ({ value })) },
        ],
      });
      expect(res.status).toBe(204);
    }
    expect(await memberIdsOf(group.id)).toEqual([...users].sort());
    const lean = await suite.scim.get(`/Groups/${group.id}?excludedAttributes=members`);
    expect(lean.body.members).toBeUndefined();
    expect(lean.body.displayName).toBe(group.displayName);
  }, 120_000);

  it('enforces unique displayNames (any letter case) and frees a renamed one', async () => {
    const group = await createGroup();
    const clash = await suite.scim.post('/Groups', {
      schemas: [GROUP],
      displayName: group.displayName.toUpperCase(),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.scimType).toBe('uniqueness');
    const renamed = `Renamed ${crypto.randomUUID()}`;
    expect(
      (
        await suite.scim.patch(`/Groups/${group.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'Replace', path: 'displayName', value: renamed }],
        })
      ).status,
    ).toBe(204);
    expect(
      (await suite.scim.post('/Groups', { schemas: [GROUP], displayName: group.displayName })).status,
    ).toBe(201);
    const found = await suite.scim.get(
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${renamed}"`)}`,
    );
    expect(found.body.Resources.map((g: { id: string }) => g.id)).toEqual([group.id]);
  });
});

describe('user writes', () => {
  it('never loses an update among 20 concurrent PATCHes of one user', async () => {
    const [id] = await createUsers(1);
    const statuses = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) =>
          (
            await suite.scim.patch(`/Users/${id}`, {
              schemas: [PATCH_OP],
              Operations: [
                { op: 'add', path: 'emails', value: [{ type: `t${i}`, value: `u${i}@x.example` }] },
              ],
            })
          ).status,
      ),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const user = await suite.scim.get(`/Users/${id}`);
    expect(
      user.body.emails
        .map((e: { type: string }) => e.type)
        .filter((t: string) => t.startsWith('t'))
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
    expect(user.body.meta.version).toBe('W/"21"');
  });

  it('honours If-Match (412 on a stale version) and If-None-Match (304)', async () => {
    const [id] = await createUsers(1);
    const current = await suite.scim.get(`/Users/${id}`);
    const etag = current.headers.get('etag')!;
    expect((await suite.scim.get(`/Users/${id}`, { 'If-None-Match': etag })).status).toBe(304);
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Boss' }] };
    expect((await suite.scim.patch(`/Users/${id}`, body, { 'If-Match': etag })).status).toBe(200);
    const stale = await suite.scim.patch(`/Users/${id}`, body, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect((await suite.scim.delete(`/Users/${id}`, { 'If-Match': etag })).status).toBe(412);
    expect((await suite.scim.get(`/Users/${id}`)).body.title).toBe('Boss');
  });
});
