import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let userId: string;

const suite = useRoster();
beforeAll(async () => {
  userId = (await suite.scim.post('/Users', entraCreateUserBody())).body.id as string;
});

const patch = (Operations: unknown[]) =>
  suite.scim.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations });

describe('bad PATCH requests change nothing and say why', () => {
  it.each([
    ['a read-only id', [{ op: 'replace', path: 'id', value: randomUUID() }], 'mutability'],
    [
      'read-only meta',
      [{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }],
      'mutability',
    ],
    ['an unknown op', [{ op: 'merge', path: 'title', value: 'x' }], 'invalidSyntax'],
    ['remove without a path', [{ op: 'remove' }], 'noTarget'],
    ['a malformed path', [{ op: 'replace', path: 'emails[type eq', value: 'x' }], 'invalidPath'],
    ['a wrong type', [{ op: 'replace', path: 'active', value: 'sometimes' }], 'invalidValue'],
    [
      'a __proto__ key in a value',
      [{ op: 'replace', value: JSON.parse('{"__proto__": {"polluted": true}}') }],
      'invalidSyntax',
    ],
    [
      'a NoSQL operator key in a value',
      [{ op: 'replace', path: 'name', value: { $where: 'sleep(1000)' } }],
      'invalidSyntax',
    ],
  ])('%s', async (_label, operations, scimType) => {
    const before = await suite.scim.get(`/Users/${userId}`);
    const res = await patch([
      { op: 'replace', path: 'title', value: `changed ${randomUUID()}` },
      ...operations,
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body.scimType).toBe(scimType);
    const after = await suite.scim.get(`/Users/${userId}`);
    // All operations or none: the valid first one was not applied either.
    expect(after.body).toEqual(before.body);
  });

  it('treats NoSQL operators inside filter values as plain text', async () => {
    const res = await suite.scim.get(
      `/Users?filter=${encodeURIComponent('userName eq "{\\"$ne\\": null}"')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
  });

  it('answers ids of another account or of nothing with 404 on every method', async () => {
    const other = await suite.roster.createAccount();
    const theirs = (await other.client.post('/Users', entraCreateUserBody())).body.id as string;
    for (const id of [theirs, randomUUID(), 'not-an-id']) {
      expect((await suite.scim.get(`/Users/${id}`)).status).toBe(404);
      expect((await suite.scim.put(`/Users/${id}`, entraCreateUserBody())).status).toBe(404);
      expect(
        (
          await suite.scim.patch(`/Users/${id}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'title', value: 'x' }],
          })
        ).status,
      ).toBe(404);
      expect((await suite.scim.delete(`/Users/${id}`)).status).toBe(404);
    }
    expect((await other.client.get(`/Users/${theirs}`)).body.title).toBe('Engineer');
  });
});

describe('NUL characters', () => {
  it('are refused in bodies with a 400, never retried as a store failure', async () => {
    const res = await suite.scim.request('POST', '/Users', {
      rawBody: JSON.stringify({ ...entraCreateUserBody(), displayName: 'a\u0000b' }),
      headers: { 'Content-Type': 'application/scim+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
  });

  it.each(['displayName ne "a\u0000b"', 'displayName co "\u0000"', 'emails[value eq "\u0000"]'])(
    'in filters give no 5xx: %s',
    async (filter) => {
      const res = await suite.scim.get(`/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBeLessThan(500);
    },
  );
});

describe('bad input never looks like an outage', () => {
  const rawJson = (depth: number): string => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

  it('answers 400 invalidSyntax for a PATCH value nested 10,000 levels deep, and changes nothing', async () => {
    const before = await suite.scim.get(`/Users/${userId}`);
    const res = await suite.scim.request('PATCH', `/Users/${userId}`, {
      rawBody: `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"title","value":${rawJson(10_000)}}]}`,
      headers: { 'Content-Type': 'application/scim+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidSyntax');
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await suite.scim.get(`/Users/${userId}`)).body.meta.version).toBe(before.body.meta.version);
  });

  it('answers 400 for a Bulk body nested that deep', async () => {
    const res = await suite.scim.request('POST', '/Bulk', {
      rawBody: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","data":${rawJson(10_000)}}]}`,
      headers: { 'Content-Type': 'application/scim+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidSyntax');
  });

  it('still accepts an ordinary PATCH', async () => {
    const res = await patch([{ op: 'add', path: 'title', value: 'Deep enough' }]);
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Deep enough');
  });

  it('answers 400 for a path with broken percent-encoding', async () => {
    const res = await suite.scim.get('/Users/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('refuses a lone surrogate in userName instead of storing U+FFFD', async () => {
    const body = entraCreateUserBody();
    const res = await suite.scim.request('POST', '/Users', {
      rawBody: JSON.stringify(body).replace(body.userName, `bad\\ud800${body.userName}`),
      headers: { 'Content-Type': 'application/scim+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toMatch(/surrogate/);
  });

  it('stores the text \\u0000 (an escaped backslash, no NUL) exactly as sent', async () => {
    const body = { ...entraCreateUserBody(), displayName: 'C:\\u0000\\temp' };
    const res = await suite.scim.post('/Users', body);
    expect(res.status).toBe(201);
    expect((await suite.scim.get(`/Users/${res.body.id as string}`)).body.displayName).toBe(
      'C:\\u0000\\temp',
    );
  });

  it('stores a valid surrogate pair (an emoji) exactly as sent', async () => {
    const body = { ...entraCreateUserBody(), displayName: 'Ada 🚀' };
    const res = await suite.scim.post('/Users', body);
    expect(res.status).toBe(201);
    expect((await suite.scim.get(`/Users/${res.body.id as string}`)).body.displayName).toBe('Ada 🚀');
  });
});
