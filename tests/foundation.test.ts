import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';
import { ScimClient } from './support/scim-client.ts';

const SCIM_JSON = /^application\/scim\+json/;

const suite = useRoster();

describe('Entra Test Connection', () => {
  it('answers a random-GUID userName probe with an empty ListResponse', async () => {
    const res = await suite.scim.filterUsers(`userName eq "${randomUUID()}"`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(SCIM_JSON);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('tolerates a trailing slash on the tenant URL and unknown query parameters', async () => {
    const client = new ScimClient(`${suite.roster.account.baseUrl}/`, suite.roster.account.token);
    const res = await client.get(
      `/Users?aadOptscim062020&filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
  });
});

describe('bearer authentication', () => {
  const probe = `/Users?filter=${encodeURIComponent('userName eq "x"')}`;

  it.each([
    ['no token', {}],
    ['a malformed token', { Authorization: 'Bearer nope' }],
    ['a well-formed unknown token', { Authorization: `Bearer rst_abcdefghijklmnop_${'A'.repeat(43)}` }],
    ['a Basic credential', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('rejects %s with a SCIM 401', async (_label, headers) => {
    const res = await fetch(`${suite.roster.account.baseUrl}${probe}`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(SCIM_JSON);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
    });
  });

  it("rejects another account's valid token on this account's base URL", async () => {
    const other = await suite.roster.createAccount();
    const crossed = new ScimClient(suite.roster.account.baseUrl, other.token);
    expect((await crossed.get(probe)).status).toBe(401);
    expect((await other.client.get(probe)).status).toBe(200);
  });

  it('rejects a token whose secret was altered', async () => {
    const token = suite.roster.account.token;
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await new ScimClient(suite.roster.account.baseUrl, altered).get(probe)).status).toBe(401);
  });
});

describe('user lifecycle through queue and worker', () => {
  it('creates, reads, filters (any letter case) and deletes a user', async () => {
    const body = entraCreateUserBody();
    const created = await suite.scim.post('/Users', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(SCIM_JSON);
    const id: string = created.body.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`${suite.roster.account.baseUrl}/Users/${id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    // Everything sent comes back unchanged; `meta` is the server's, and an empty `roles` means none.
    const { meta: _meta, roles: _roles, ...sent } = body;
    expect(created.body).toMatchObject(sent);
    expect(created.body.roles).toBeUndefined();
    expect(created.body.meta).toMatchObject({
      resourceType: 'User',
      location: `${suite.roster.account.baseUrl}/Users/${id}`,
      version: 'W/"1"',
    });

    const read = await suite.scim.get(`/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    for (const userName of [body.userName, body.userName.toUpperCase(), body.userName.toLowerCase()]) {
      const found = await suite.scim.filterUsers(`userName eq "${userName}"`);
      expect(found.status).toBe(200);
      expect(found.body.totalResults).toBe(1);
      expect(found.body.Resources[0].id).toBe(id);
    }

    expect((await suite.scim.delete(`/Users/${id}`)).status).toBe(204);
    const gone = await suite.scim.get(`/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
    });
    expect((await suite.scim.delete(`/Users/${id}`)).status).toBe(404);
    expect((await suite.scim.filterUsers(`userName eq "${body.userName}"`)).body.totalResults).toBe(0);
  });

  it('answers 409 uniqueness for a userName that differs only in case, and stores nothing', async () => {
    const body = entraCreateUserBody();
    expect((await suite.scim.post('/Users', body)).status).toBe(201);
    const again = await suite.scim.post('/Users', { ...body, userName: body.userName.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await suite.scim.filterUsers(`userName eq "${body.userName}"`)).body.totalResults).toBe(1);
  });

  it('lets exactly one of 10 concurrent creates of one userName (any case) win', async () => {
    const body = entraCreateUserBody();
    const variants = Array.from({ length: 10 }, (_, i) => ({
      ...body,
      userName: i % 2 === 0 ? body.userName.toUpperCase() : body.userName,
    }));
    const statuses = (await Promise.all(variants.map((variant) => suite.scim.post('/Users', variant)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const found = await suite.scim.filterUsers(`userName eq "${body.userName}"`);
    expect(found.body.totalResults).toBe(1);
    const listed = await suite.scim.get('/Users?count=1000');
    expect(
      listed.body.Resources.filter(
        (u: { userName: string }) => u.userName.toLowerCase() === body.userName.toLowerCase(),
      ),
    ).toHaveLength(1);
  });

  it('frees the userName of a deleted user for a new one', async () => {
    const body = entraCreateUserBody();
    const first = await suite.scim.post('/Users', body);
    expect((await suite.scim.delete(`/Users/${first.body.id}`)).status).toBe(204);
    const second = await suite.scim.post('/Users', body);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await suite.scim.filterUsers(`userName eq "${body.userName}"`)).body.Resources[0].id).toBe(
      second.body.id,
    );
  });

  it('answers the legacy reference probe `id eq … and manager eq …`', async () => {
    const created = await suite.scim.post('/Users', entraCreateUserBody());
    const id: string = created.body.id;
    const hit = await suite.scim.filterUsers(`id eq "${id}" and userName pr`, '&attributes=id');
    expect(hit.body.totalResults).toBe(1);
    const miss = await suite.scim.filterUsers(`id eq "${id}" and manager eq "${randomUUID()}"`);
    expect(miss.status).toBe(200);
    expect(miss.body.totalResults).toBe(0);
  });

  it('stores typed values under safe keys and never stores the password', async () => {
    const body = { ...entraCreateUserBody(), password: 'hunter2-Secret!' };
    const created = await suite.scim.post('/Users', body);
    expect(created.status).toBe(201);
    expect(created.body.password).toBeUndefined();
    const doc = await suite.roster.store.users.findById(suite.roster.account.accountId, created.body.id);
    expect(JSON.stringify(doc)).not.toContain('hunter2');
    expect(doc?.core.active).toBe(true);
    expect(doc?.extensions['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({
      employeeNumber: 'E-1001',
      department: 'R&D',
    });
  });

  it('keeps accounts apart: a user of one account is invisible to another', async () => {
    const other = await suite.roster.createAccount();
    const body = entraCreateUserBody();
    const created = await suite.scim.post('/Users', body);
    expect((await other.client.get(`/Users/${created.body.id}`)).status).toBe(404);
    expect((await other.client.filterUsers(`userName eq "${body.userName}"`)).body.totalResults).toBe(0);
    expect((await other.client.delete(`/Users/${created.body.id}`)).status).toBe(404);
    // The same userName may exist in another account.
    expect((await other.client.post('/Users', body)).status).toBe(201);
  });
});

describe('bad input gets a SCIM error, never a 500', () => {
  it.each([
    [
      'malformed JSON',
      { rawBody: '{"schemas": [', headers: { 'Content-Type': 'application/scim+json' } },
      400,
      'invalidSyntax',
    ],
    [
      'a non-JSON media type',
      { rawBody: 'userName=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      415,
      undefined,
    ],
    [
      'a body over the limit',
      {
        rawBody: JSON.stringify({ userName: 'x'.repeat(70 * 1024) }),
        headers: { 'Content-Type': 'application/json' },
      },
      413,
      undefined,
    ],
    ['a JSON array', { body: [1, 2] }, 400, undefined],
    [
      'missing userName',
      { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] } },
      400,
      'invalidValue',
    ],
    [
      'a __proto__ key',
      {
        rawBody:
          '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"p","__proto__":{"admin":true}}',
        headers: { 'Content-Type': 'application/scim+json' },
      },
      400,
      'invalidSyntax',
    ],
  ])('POST /Users with %s', async (_label, init, status, scimType) => {
    const res = await suite.scim.request('POST', '/Users', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(SCIM_JSON);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
    });
    if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
  });

  it.each([
    ['/Users/not-one-of-our-ids', 404],
    [`/Users/${randomUUID()}`, 404],
    [`/Users?filter=${encodeURIComponent('userName eq')}`, 400],
    [`/Users?filter=${encodeURIComponent('userName eq "a" and (')}`, 400],
    [`/Users?filter=${encodeURIComponent('(('.repeat(200) + 'userName eq "a"' + '))'.repeat(200))}`, 400],
    [`/Users?filter=${encodeURIComponent('userName eq "x"')}&count=abc`, 400],
    ['/Nope', 404],
  ])('GET %s answers %i', async (path, status) => {
    const res = await suite.scim.get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(SCIM_JSON);
    expect(res.body.status).toBe(String(status));
  });

  it.each([
    ['PUT', '/Users'],
    ['DELETE', '/Groups'],
    ['POST', '/ServiceProviderConfig'],
    ['PATCH', '/Schemas'],
  ])('%s %s answers 405', async (method, path) => {
    const res = await suite.scim.request(method, path, { body: {} });
    expect(res.status).toBe(405);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('clamps a huge count and a negative startIndex instead of failing', async () => {
    const res = await suite.scim.get('/Users?startIndex=-5&count=99999999');
    expect(res.status).toBe(200);
    expect(res.body.startIndex).toBe(1);
  });
});

describe('health', () => {
  it('is live and ready when Redis, the store and a worker answer', async () => {
    expect((await fetch(`${suite.roster.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${suite.roster.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { store: true, redis: true, worker: true } });
  });
});
