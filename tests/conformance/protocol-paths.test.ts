/**
 * Attribute paths as outside SCIM clients and conformance tools write them, over real HTTP:
 * any letter case in every segment (RFC 7643 §2.1), .NET date-times (7 fraction digits and an
 * offset) compared as instants, a bare schema URN as a PATCH path, value filters where
 * `attributes`/`excludedAttributes` allow only names, and one answer for an unknown custom field
 * id whichever request carries it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateFieldDefinition } from '@roster/scim';
import { useRoster } from '../support/roster-fixture.ts';
import type { TestAccount } from '../support/roster.ts';
import { entraEncode } from '../support/scim-client.ts';
import { expectListResponse, expectScimError, expectStatus } from './support.ts';

const suite = useRoster();

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** An account of its own, so filters on `meta.*` see only the users made here. */
let acme: TestAccount;
let urn: string;
/** Two users, `first` created before `second`. */
let first: { id: string; created: string };
let second: { id: string; created: string };

const field = (definition: Record<string, unknown>) => {
  const parsed = validateFieldDefinition(definition);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

const userBody = (givenName: string) => ({
  schemas: [USER],
  userName: `${randomUUID()}@contoso.com`,
  name: { givenName, familyName: 'Example' },
  emails: [{ type: 'work', value: `${givenName}@contoso.com`, primary: true }],
  [ENTERPRISE]: { department: 'R&D', employeeNumber: 'E-1' },
  [urn]: { costCenter: 'CC-1', hired: '2015-10-10T14:38:21Z' },
});

const createUser = async (givenName: string) => {
  const res = await acme.client.post('/Users', userBody(givenName));
  expectStatus(res, 201);
  return { id: res.body.id as string, created: res.body.meta.created as string };
};

/** `iso` moved by `deltaMs`, written as .NET writes it: 7 fraction digits and a -07:00 offset. */
const dotNet = (iso: string, deltaMs: number): string => {
  const local = new Date(Date.parse(iso) + deltaMs - 7 * 3_600_000).toISOString(); // …T07:38:21.861Z
  return `${local.slice(0, 23)}7979-07:00`;
};

const ids = async (filter: string): Promise<string[]> =>
  expectListResponse(await acme.client.get(`/Users?filter=${entraEncode(filter)}`)).map(
    (user: { id: string }) => user.id,
  );

const patch = (id: string, ...Operations: unknown[]) =>
  acme.client.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations });

beforeAll(async () => {
  acme = await suite.roster.createAccount();
  urn = `urn:roster:scim:schemas:extension:${acme.accountId}:2:User`;
  // Fields before the first request: the account's schema is cached once read.
  await suite.roster.store.accounts.addField(acme.accountId, field({ id: 'costCenter', type: 'String' }));
  await suite.roster.store.accounts.addField(acme.accountId, field({ id: 'hired', type: 'DateTime' }));
  first = await createUser('ada');
  // meta.created has millisecond precision: make sure the two users differ in it.
  await new Promise((resolve) => setTimeout(resolve, 5));
  second = await createUser('bob');
});

describe('item 1: attribute names are case-insensitive in every segment (RFC 7643 §2.1)', () => {
  it('meta.* filters find the same users in any case, core-URN-qualified too', async () => {
    const before = `"${new Date(Date.parse(first.created) - 60_000).toISOString()}"`;
    const everyone = [first.id, second.id].sort();
    expect((await ids(`meta.created gt ${before}`)).sort()).toEqual(everyone);
    for (const filter of [
      `meta.Created gt ${before}`,
      `META.LASTMODIFIED ge ${before}`,
      `Meta.created gt ${before} and not (Meta.LastModified lt ${before})`,
      `urn:ietf:params:scim:schemas:core:2.0:user:Meta.Created gt ${before}`,
    ]) {
      expect((await ids(filter)).sort(), filter).toEqual(everyone);
    }
  });

  it('id in any case, outside the single-resource fast path', async () => {
    expect(await ids(`ID eq "${first.id}" or userName eq "nobody@contoso.com"`)).toEqual([first.id]);
  });

  it('sub-attributes, extension URNs and custom field ids in any case', async () => {
    for (const filter of [
      'Name.GivenName eq "ada"',
      'EMAILS.VALUE eq "ada@contoso.com"',
      'Emails[Type eq "work" and VALUE eq "ada@contoso.com"]',
      `${ENTERPRISE.toUpperCase()}:Department eq "R&D" and name.givenName eq "ada"`,
      `${urn.toUpperCase()}:COSTCENTER eq "CC-1" and name.givenName eq "ada"`,
    ]) {
      expect(await ids(filter), filter).toEqual([first.id]);
    }
  });

  it('sortBy and attributes in any case', async () => {
    const sorted = expectListResponse(
      await acme.client.get('/Users?sortBy=META.CREATED&sortOrder=descending&attributes=Name.GivenName'),
    );
    expect(sorted.map((user: { name?: unknown }) => user.name)).toEqual([
      { givenName: 'bob' },
      { givenName: 'ada' },
    ]);
    const projected = await acme.client.get(
      `/Users/${first.id}?attributes=${encodeURIComponent(`NAME.givenname,${urn.toUpperCase()}:COSTCENTER,Meta.Created`)}`,
    );
    expectStatus(projected, 200);
    expect(projected.body.name).toEqual({ givenName: 'ada' });
    expect(projected.body[urn]).toEqual({ costCenter: 'CC-1' });
    expect(projected.body.meta).toEqual({ created: first.created });
    expect(projected.body).not.toHaveProperty('emails');
  });

  it('PATCH paths in any case', async () => {
    const res = await patch(
      second.id,
      { op: 'Replace', path: `${urn.toUpperCase()}:COSTCENTER`, value: 'CC-2' },
      { op: 'Replace', path: 'EMAILS[TYPE eq "work"].VALUE', value: 'bob2@contoso.com' },
      { op: 'Replace', path: `${ENTERPRISE.toLowerCase()}:DEPARTMENT`, value: 'Ops' },
    );
    expectStatus(res, 200);
    expect(res.body[urn].costCenter).toBe('CC-2');
    expect(res.body.emails).toEqual([{ type: 'work', value: 'bob2@contoso.com', primary: true }]);
    expect(res.body[ENTERPRISE].department).toBe('Ops');
  });

  it('.NET date-times (7 fraction digits, an offset) compare as instants', async () => {
    expect(await ids(`meta.created gt "${dotNet(second.created, -1)}"`)).toEqual([second.id]);
    expect(await ids(`Meta.Created lt "${dotNet(second.created, -1)}"`)).toEqual([first.id]);
    // The custom DateTime field is stored as sent (…T14:38:21Z); as text it would sort after
    // …T07:38:21.5…-07:00, as an instant it is half a second before it.
    for (const filter of [
      `${urn}:hired lt "2015-10-10T07:38:21.5000000-07:00"`,
      `${urn}:HIRED gt "2015-10-10T14:38:20.9999999+00:00"`,
      `${urn}:hired eq "2015-10-10T07:38:21.0000000-07:00"`,
    ]) {
      expect((await ids(filter)).sort(), filter).toEqual([first.id, second.id].sort());
    }
  });
});

describe('item 6: PATCH with a bare schema URN as the path', () => {
  it('add and replace mean the path-less form keyed by the URN; remove drops the extension', async () => {
    const { id } = await createUser('cy');
    const replaced = await patch(id, { op: 'replace', path: ENTERPRISE, value: { department: 'Ops' } });
    expectStatus(replaced, 200);
    expect(replaced.body[ENTERPRISE]).toEqual({ department: 'Ops', employeeNumber: 'E-1' });

    const added = await patch(id, { op: 'Add', path: urn.toUpperCase(), value: { costCenter: 'CC-9' } });
    expectStatus(added, 200);
    expect(added.body[urn]).toEqual({ costCenter: 'CC-9', hired: '2015-10-10T14:38:21Z' });

    expectStatus(await patch(id, { op: 'remove', path: ENTERPRISE }), 200);
    expectStatus(await patch(id, { op: 'Remove', path: urn }), 200);
    const after = await acme.client.get(`/Users/${id}`);
    expectStatus(after, 200);
    expect(after.body).not.toHaveProperty(ENTERPRISE);
    expect(after.body).not.toHaveProperty(urn);
    expect(after.body.schemas).toEqual([USER]);
    expect(after.body.name).toEqual({ givenName: 'cy', familyName: 'Example' });
  });

  it('a value that is not an object is a 400 invalidValue', async () => {
    expectScimError(
      await patch(first.id, { op: 'replace', path: ENTERPRISE, value: 'Ops' }),
      400,
      'invalidValue',
    );
  });
});

describe('item 7: value filters in attributes / excludedAttributes', () => {
  it('answer 400 invalidPath saying filters are not allowed there', async () => {
    for (const [parameter, value] of [
      ['attributes', 'emails[type eq "work"]'],
      ['excludedAttributes', 'userName,emails[type eq "work"].value'],
    ] as const) {
      const res = await acme.client.get(`/Users?${parameter}=${encodeURIComponent(value)}`);
      expectScimError(res, 400, 'invalidPath');
      expect(res.body.detail).toContain(`Invalid ${parameter}`);
      expect(res.body.detail).toContain("filters are not allowed in 'attributes' or 'excludedAttributes'");
      expect(res.body.detail).not.toContain('not a valid attribute name');
    }
    const search = await acme.client.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      attributes: ['emails[type eq "work"]'],
    });
    expectScimError(search, 400, 'invalidPath');
    expect(search.body.detail).toContain('filters are not allowed');
  });
});

describe('item 9: an unknown custom field id gets one answer, whichever request carries it', () => {
  it('POST, PUT, PATCH by path, bare-URN path and path-less, and Bulk agree', async () => {
    const expected = `Unknown field nope in ${urn}; this account's fields are: costCenter, hired`;
    const answers = {
      post: await acme.client.post('/Users', { ...userBody('dee'), [urn]: { nope: 'x' } }),
      put: await acme.client.put(`/Users/${first.id}`, { ...userBody('ada'), [urn]: { nope: 'x' } }),
      patchPath: await patch(first.id, { op: 'replace', path: `${urn}:nope`, value: 'x' }),
      patchPathAnyCase: await patch(first.id, { op: 'Add', path: `${urn.toUpperCase()}:nope`, value: 'x' }),
      patchRemove: await patch(first.id, { op: 'remove', path: `${urn}:nope` }),
      patchBareUrn: await patch(first.id, { op: 'replace', path: urn, value: { nope: 'x' } }),
      patchPathlessFlat: await patch(first.id, { op: 'replace', value: { [`${urn}:nope`]: 'x' } }),
      patchPathlessNested: await patch(first.id, { op: 'add', value: { [urn]: { nope: 'x' } } }),
    };
    for (const [route, res] of Object.entries(answers)) {
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail, route).toBe(expected);
    }
    const bulk = await acme.client.post('/Bulk', {
      schemas: [BULK_REQUEST],
      Operations: [
        {
          method: 'PATCH',
          path: `/Users/${first.id}`,
          data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: `${urn}:nope`, value: 'x' }] },
        },
      ],
    });
    expectStatus(bulk, 200);
    expect(bulk.body.Operations[0].status).toBe('400');
    expect(bulk.body.Operations[0].response).toMatchObject({ scimType: 'invalidValue', detail: expected });
    // Nothing was written.
    const user = await acme.client.get(`/Users/${first.id}`);
    expect(user.body[urn]).toEqual({ costCenter: 'CC-1', hired: '2015-10-10T14:38:21Z' });
  });
});
