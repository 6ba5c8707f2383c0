/**
 * Okta's provisioning traffic (docs/okta.md §2–§5)
 * against the real ingress + worker + Redis + store.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SCHEMA, oktaCreateGroupBody, oktaCreateUserBody } from '../support/entra-payloads.ts';
import { useRoster } from '../support/roster-fixture.ts';
import type { ScimClient } from '../support/scim-client.ts';
import {
  deleteAndExpectGone,
  expectListResponse,
  expectOnlyMatch,
  expectScimStatus,
  expectStatus,
  getUser,
  memberIds,
  patchGroup,
  patchUser,
} from './support.ts';

const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0' };

let okta: ScimClient;

const suite = useRoster();
beforeAll(() => {
  okta = suite.scim.withHeaders(OKTA_HEADERS);
});

type OktaUserBody = ReturnType<typeof oktaCreateUserBody>;

/** What Okta sent comes back (minus `password`, write-only, and `groups`, read-only). */
function expectOktaEcho(resource: any, body: Partial<OktaUserBody>): void {
  const { password: _p, groups: _g, schemas: _s, ...sent } = body;
  for (const [key, value] of Object.entries(sent)) expect(resource[key], `echo of ${key}`).toEqual(value);
  expect(resource).not.toHaveProperty('password');
}

async function createOktaUser(
  client: ScimClient = okta,
  body: OktaUserBody = oktaCreateUserBody(),
): Promise<any> {
  const res = await client.post('/Users', body);
  expectStatus(res, 201);
  return res.body;
}

async function createOktaGroup(client: ScimClient = okta, displayName?: string): Promise<any> {
  const res = await client.post('/Groups', oktaCreateGroupBody(displayName));
  expectStatus(res, 201);
  return res.body;
}

const member = (user: { id: string; displayName?: string; userName: string }) => ({
  value: user.id,
  display: user.displayName ?? user.userName,
});

/** Okta's import: `GET {path}?startIndex=…&count=100` until every resource was seen; returns the pages' ids. */
async function importAll(
  client: ScimClient,
  path: '/Users' | '/Groups',
  expectedTotal: number,
): Promise<string[][]> {
  const pages: string[][] = [];
  let seen = 0;
  for (let startIndex = 1; seen < expectedTotal; startIndex += 100) {
    const res = await client.get(`${path}?startIndex=${startIndex}&count=100`);
    const resources = expectListResponse(res, expectedTotal);
    expect(res.body.startIndex).toBe(startIndex);
    expect(resources.length, `page at ${startIndex}`).toBe(Math.min(100, expectedTotal - seen));
    pages.push(resources.map((resource: { id: string }) => resource.id));
    seen += resources.length;
  }
  return pages;
}

describe('Okta users', () => {
  it('connection test: GET /Users?startIndex=1&count=2 answers a normal paged ListResponse', async () => {
    const tenant = await suite.roster.createAccount();
    const client = tenant.client.withHeaders(OKTA_HEADERS);
    const empty = await client.get('/Users?startIndex=1&count=2');
    expect(expectListResponse(empty, 0)).toEqual([]);
    expect(empty.body.startIndex).toBe(1);

    for (let i = 0; i < 3; i++) await createOktaUser(client);
    const res = await client.get('/Users?startIndex=1&count=2');
    expect(expectListResponse(res, 3)).toHaveLength(2);
    expect(res.body.startIndex).toBe(1);
    expect(res.body.itemsPerPage).toBe(2);
  });

  it('lookup: filter userName eq with startIndex=1&count=100 → empty, then exactly the user in any letter case', async () => {
    const body = oktaCreateUserBody();
    const lookup = (userName: string) =>
      okta.filterUsers(`userName eq "${userName}"`, '&startIndex=1&count=100');
    expect(expectListResponse(await lookup(body.userName), 0)).toEqual([]);
    const created = await createOktaUser(okta, body);
    for (const userName of [body.userName, body.userName.toUpperCase()]) {
      const found = expectOnlyMatch(await lookup(userName), created.id);
      expect(found).not.toHaveProperty('password');
    }
  });

  it('create: POST with password, groups:[], locale → 201 with the user; the password is never returned', async () => {
    const body = oktaCreateUserBody();
    const res = await okta.post('/Users', body);
    expectScimStatus(res, 201);
    expect(res.text).not.toBe('');
    expect(res.body.id).toBeTypeOf('string');
    expectOktaEcho(res.body, body);
    expect(res.body.groups ?? []).toEqual([]);
    expect(res.text).not.toContain(body.password);

    const read = await okta.get(`/Users/${res.body.id as string}`);
    expectStatus(read, 200);
    expectOktaEcho(read.body, body);
    expect(read.text).not.toContain(body.password);
    const listed = await okta.filterUsers(`userName eq "${body.userName}"`, '&startIndex=1&count=100');
    expect(listed.text).not.toContain(body.password);
  });

  it('update: GET then PUT of the full object → 200 with the full updated user', async () => {
    const created = await createOktaUser();
    const current = await okta.get(`/Users/${created.id as string}`);
    expectStatus(current, 200);
    const { meta: _meta, ...rest } = current.body;
    const replacement = {
      ...rest,
      name: { givenName: 'Otta', familyName: 'Kta-Neu' },
      displayName: 'Otta Kta-Neu',
      emails: [{ primary: true, value: `neu.${created.userName as string}`, type: 'work' }],
      locale: 'de-DE',
      title: 'Manager',
      password: 'n3w-Secret!pw',
    };
    const res = await okta.put(`/Users/${created.id as string}`, replacement);
    expectScimStatus(res, 200);
    expect(res.body.id).toBe(created.id);
    const { password: _pw, schemas: _schemas, id: _id, ...sent } = replacement;
    for (const [key, value] of Object.entries(sent))
      expect(res.body[key], `PUT echo of ${key}`).toEqual(value);
    expect(res.body).not.toHaveProperty('password');
    expect(res.body.meta).toMatchObject({ resourceType: 'User' });
    const read = await getUser(okta, created.id);
    expect(read).toEqual(res.body);
  });

  it('deactivation by PUT active:false keeps the user readable and findable', async () => {
    const created = await createOktaUser();
    const { meta: _meta, ...rest } = await getUser(okta, created.id);
    const res = await okta.put(`/Users/${created.id as string}`, { ...rest, active: false });
    expectStatus(res, 200);
    expect(res.body.active).toBe(false);
    expect(res.body.userName).toBe(created.userName);
    expect((await getUser(okta, created.id)).active).toBe(false);
    const found = expectOnlyMatch(
      await okta.filterUsers(`userName eq "${created.userName as string}"`, '&startIndex=1&count=100'),
      created.id,
    );
    expect(found.active).toBe(false);
  });

  it('deactivation by path-less PATCH {"op":"replace","value":{"active":false}}, then reactivation', async () => {
    const created = await createOktaUser();
    for (const active of [false, true]) {
      expect((await patchUser(okta, created.id, { op: 'replace', value: { active } })).active).toBe(active);
      const read = await getUser(okta, created.id);
      expect(read.active).toBe(active);
      expect(read.userName).toBe(created.userName);
      expect(read.name).toEqual(created.name);
    }
  });
});

describe('Okta Push Groups', () => {
  it('POST /Groups with members: [] → 201 with id and displayName', async () => {
    const body = oktaCreateGroupBody();
    const res = await okta.post('/Groups', body);
    expectScimStatus(res, 201);
    expect(res.body.id).toBeTypeOf('string');
    expect(res.body.displayName).toBe(body.displayName);
    expect(res.body.members ?? []).toEqual([]);
    expect(res.body.schemas).toContain(GROUP_SCHEMA);
  });

  it('one PATCH combining remove members[value eq "A"] and add members [{value:B, display}] swaps A for B', async () => {
    const [a, b, c] = await Promise.all([createOktaUser(), createOktaUser(), createOktaUser()]);
    const group = await createOktaGroup();
    await patchGroup(okta, group.id, { op: 'add', path: 'members', value: [member(a), member(c)] });
    expect(await memberIds(okta, group.id)).toEqual([a.id, c.id].sort());
    await patchGroup(
      okta,
      group.id,
      { op: 'remove', path: `members[value eq "${a.id as string}"]` },
      { op: 'add', path: 'members', value: [member(b)] },
    );
    expect(await memberIds(okta, group.id)).toEqual([b.id, c.id].sort());
  });

  it('path-less rename {"op":"replace","value":{"id","displayName"}} works alone and re-sent with every membership change', async () => {
    const [a, b] = await Promise.all([createOktaUser(), createOktaUser()]);
    const group = await createOktaGroup();
    const renamed = `Okta Renamed ${randomUUID()}`;
    const rename = { op: 'replace', value: { id: group.id as string, displayName: renamed } };

    await patchGroup(okta, group.id, rename);
    expectOnlyMatch(
      await okta.filterGroups(`displayName eq "${renamed}"`, { excludeMembers: false }),
      group.id,
    );
    expectListResponse(
      await okta.filterGroups(`displayName eq "${group.displayName as string}"`, { excludeMembers: false }),
      0,
    );

    await patchGroup(okta, group.id, rename, { op: 'add', path: 'members', value: [member(a), member(b)] });
    expect(await memberIds(okta, group.id)).toEqual([a.id, b.id].sort());
    await patchGroup(okta, group.id, rename, { op: 'remove', path: `members[value eq "${b.id as string}"]` });
    expect(await memberIds(okta, group.id)).toEqual([a.id]);
    const read = await okta.get(`/Groups/${group.id as string}`);
    expectStatus(read, 200);
    expect(read.body.displayName).toBe(renamed);
    expect(read.body.id).toBe(group.id);
  });

  it('replace members sets exactly the given list', async () => {
    const [a, b, c] = await Promise.all([createOktaUser(), createOktaUser(), createOktaUser()]);
    const group = await createOktaGroup();
    await patchGroup(okta, group.id, { op: 'add', path: 'members', value: [member(a), member(b)] });
    await patchGroup(okta, group.id, { op: 'replace', path: 'members', value: [member(b), member(c)] });
    expect(await memberIds(okta, group.id)).toEqual([b.id, c.id].sort());
    await patchGroup(okta, group.id, { op: 'replace', path: 'members', value: [] });
    expect(await memberIds(okta, group.id)).toEqual([]);
  });

  it('PUT /Groups/{id} replaces displayName and members and answers the full group', async () => {
    const [a, b] = await Promise.all([createOktaUser(), createOktaUser()]);
    const group = await createOktaGroup();
    await patchGroup(okta, group.id, { op: 'add', path: 'members', value: [member(a)] });
    const displayName = `Okta PUT ${randomUUID()}`;
    const res = await okta.put(`/Groups/${group.id as string}`, {
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName,
      members: [member(b)],
    });
    expectScimStatus(res, 200);
    expect(res.body.id).toBe(group.id);
    expect(res.body.displayName).toBe(displayName);
    expect(res.body.members.map((m: { value: string }) => m.value)).toEqual([b.id]);
    expect(await memberIds(okta, group.id)).toEqual([b.id]);
    expectOnlyMatch(await okta.filterGroups(`displayName eq "${displayName}"`), group.id);
  });

  it('DELETE /Groups/{id} (unlink with "delete in target") → 204, then 404; members stay', async () => {
    const user = await createOktaUser();
    const group = await createOktaGroup();
    await patchGroup(okta, group.id, { op: 'add', path: 'members', value: [member(user)] });
    await deleteAndExpectGone(okta, `/Groups/${group.id as string}`);
    expect((await getUser(okta, user.id)).userName).toBe(user.userName);
  });
});

describe('Okta imports', () => {
  it('pages /Users and /Groups with count=100 in a stable order without overlap', async () => {
    const tenant = await suite.roster.createAccount();
    const client = tenant.client.withHeaders(OKTA_HEADERS);
    const userIds: string[] = [];
    for (let i = 0; i < 130; i += 13) {
      const batch = await Promise.all(Array.from({ length: 13 }, () => createOktaUser(client)));
      userIds.push(...batch.map((user: { id: string }) => user.id));
    }
    const groupIds: string[] = [];
    for (let i = 0; i < 105; i += 15) {
      const batch = await Promise.all(Array.from({ length: 15 }, () => createOktaGroup(client)));
      groupIds.push(...batch.map((group: { id: string }) => group.id));
    }

    for (const [path, ids] of [
      ['/Users', userIds],
      ['/Groups', groupIds],
    ] as const) {
      const pages = await importAll(client, path, ids.length);
      expect(pages.map((page) => page.length)).toEqual([100, ids.length - 100]);
      const all = pages.flat();
      expect(new Set(all).size, `${path}: no resource on two pages`).toBe(all.length);
      expect([...all].sort()).toEqual([...ids].sort());
      expect(await importAll(client, path, ids.length), `${path}: same order on a second import`).toEqual(
        pages,
      );
    }
  }, 120_000);
});
