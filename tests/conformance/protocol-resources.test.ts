/**
 * SCIM protocol gaps that outside clients and conformance tools hit: membership probes on
 * /Groups, `attributes`/`excludedAttributes` on write responses, discovery documents a strict
 * client accepts, root-level queries, and custom field types in /Schemas.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateFieldDefinition } from '@roster/scim';
import { useRoster } from '../support/roster-fixture.ts';
import { CUSTOM_NAMESPACE, type TestAccount } from '../support/roster.ts';
import {
  entraCreateGroupBody,
  entraCreateUserBody,
  entraMember,
  GROUP_SCHEMA,
  patchOp,
} from '../support/entra-payloads.ts';
import type { ScimClient, ScimResponse } from '../support/scim-client.ts';
import {
  discoveryProblems,
  RESOURCE_TYPE,
  SCHEMA,
  SERVICE_PROVIDER_CONFIG,
  type DeclaredSchema,
} from './discovery-schemas.ts';

const suite = useRoster();
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const created = async (res: Promise<ScimResponse>): Promise<any> => {
  const answer = await res;
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
};
const createUser = (scim: ScimClient) => created(scim.post('/Users', entraCreateUserBody()));

/** The ids a ListResponse holds, sorted. */
const idsOf = (res: ScimResponse): string[] => {
  expect(res.status, res.text).toBe(200);
  return (res.body.Resources as { id: string }[]).map((resource) => resource.id).sort();
};

const expectScimError = (res: ScimResponse, status: number, scimType?: string): void => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [ERROR], status: String(status) });
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
};

describe('group membership filters (item 2)', () => {
  let alice: string;
  let bob: string;
  let carol: string;
  let both: any; // alice and bob
  let aliceOnly: any;

  beforeAll(async () => {
    const [a, b, c] = await Promise.all([
      createUser(suite.scim),
      createUser(suite.scim),
      createUser(suite.scim),
    ]);
    [alice, bob, carol] = [a.id as string, b.id as string, c.id as string];
    both = await created(
      suite.scim.post('/Groups', {
        ...entraCreateGroupBody(`Both ${randomUUID()}`),
        members: [{ value: alice }, { value: bob }],
      }),
    );
    aliceOnly = await created(
      suite.scim.post('/Groups', {
        ...entraCreateGroupBody(`Alice ${randomUUID()}`),
        members: [{ value: alice }],
      }),
    );
    await created(suite.scim.post('/Groups', entraCreateGroupBody()));
  });

  it('id eq … and members[value eq …] with excludedAttributes=members: the membership probe', async () => {
    const yes = await suite.scim.filterGroups(`id eq "${both.id}" and members[value eq "${bob}"]`);
    expect(idsOf(yes)).toEqual([both.id]);
    expect(yes.body.totalResults).toBe(1);
    expect(yes.body.Resources[0].members).toBeUndefined();
    expect(yes.body.Resources[0].displayName).toBe(both.displayName);

    const no = await suite.scim.filterGroups(`id eq "${aliceOnly.id}" and members[value eq "${bob}"]`);
    expect(idsOf(no)).toEqual([]);
    expect(no.body.totalResults).toBe(0);
  });

  it('members[value eq …], members.value eq … and members eq … alone: the groups of that member', async () => {
    for (const filter of [
      `members[value eq "${alice}"]`,
      `members.value eq "${alice}"`,
      `MEMBERS eq "${alice}"`,
    ]) {
      expect(idsOf(await suite.scim.filterGroups(filter)), filter).toEqual([both.id, aliceOnly.id].sort());
    }
    expect(idsOf(await suite.scim.filterGroups(`members eq "${bob}"`))).toEqual([both.id]);
    expect(idsOf(await suite.scim.filterGroups(`members[value eq "${carol}"]`))).toEqual([]);
    // An id Roster never issues is a member of nothing.
    expect(idsOf(await suite.scim.filterGroups('members[value eq "not-an-id"]'))).toEqual([]);
    const full = await suite.scim.filterGroups(`members[value eq "${bob}"]`, { excludeMembers: false });
    expect(full.body.Resources[0].members.map((m: { value: string }) => m.value).sort()).toEqual(
      [alice, bob].sort(),
    );
  });

  it('combined with other conditions: narrowed by the membership, the rest checked on the candidates', async () => {
    const byName = (name: string, member: string) =>
      suite.scim.filterGroups(`displayName eq "${name}" and members[value eq "${member}"]`);
    expect(idsOf(await byName(aliceOnly.displayName, alice))).toEqual([aliceOnly.id]);
    expect(idsOf(await byName(aliceOnly.displayName, bob))).toEqual([]);
    const prefix = (both.displayName as string).slice(0, 12);
    expect(
      idsOf(await suite.scim.filterGroups(`members[value eq "${alice}"] and displayName sw "${prefix}"`)),
    ).toEqual([both.id]);
    expect(
      idsOf(await suite.scim.filterGroups(`members[value eq "${alice}"] and members[value eq "${bob}"]`)),
    ).toEqual([both.id]);
    const searched = await suite.scim.search('/Groups', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `id eq "${both.id}" and members[value eq "${alice}"]`,
      excludedAttributes: ['members'],
    });
    expect(idsOf(searched)).toEqual([both.id]);
  });

  it('a member removed by replacing the whole list is no longer found (the reverse index is confirmed)', async () => {
    const group = await created(
      suite.scim.post('/Groups', { ...entraCreateGroupBody(), members: [{ value: carol }] }),
    );
    expect(idsOf(await suite.scim.filterGroups(`members[value eq "${carol}"]`))).toEqual([group.id]);
    const replaced = await suite.scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', path: 'members', value: [entraMember(alice)] }),
    );
    expect(replaced.status, replaced.text).toBe(204);
    expect(idsOf(await suite.scim.filterGroups(`members[value eq "${carol}"]`))).toEqual([]);
    expect(idsOf(await suite.scim.filterGroups(`id eq "${group.id}" and members eq "${carol}"`))).toEqual([]);
    expect(idsOf(await suite.scim.filterGroups(`id eq "${group.id}" and members eq "${alice}"`))).toEqual([
      group.id,
    ]);
  });

  it('other filters on members are a 400 invalidFilter naming the supported forms', async () => {
    for (const filter of [
      `members[value co "${alice.slice(0, 8)}"]`,
      'members.display eq "Alice"',
      `members[value eq "${alice}"] or displayName eq "x"`,
      `not (members eq "${alice}")`,
      'members pr',
      `members[type eq "User"]`,
    ]) {
      const res = await suite.scim.filterGroups(filter);
      expectScimError(res, 400, 'invalidFilter');
      expect(res.body.detail, filter).toContain('members[value eq "<id>"]');
    }
  });
});

describe('attributes / excludedAttributes on write responses (item 3, RFC 7644 §3.9)', () => {
  it('POST, PUT and PATCH of a User answer with the projected resource', async () => {
    const posted = await suite.scim.post('/Users?attributes=userName', entraCreateUserBody());
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.userName).toBeDefined();
    expect(posted.body.id).toBeDefined();
    expect(posted.body.emails).toBeUndefined();
    expect(posted.body.name).toBeUndefined();
    expect(posted.headers.get('location')).toContain(posted.body.id);
    const id = posted.body.id as string;

    const put = await suite.scim.put(`/Users/${id}?excludedAttributes=emails,name`, {
      ...entraCreateUserBody(posted.body.userName),
      title: 'Director',
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id, title: 'Director' });
    expect(put.body.emails).toBeUndefined();
    expect(put.body.name).toBeUndefined();

    const patched = await suite.scim.patch(
      `/Users/${id}?attributes=title`,
      patchOp({ op: 'replace', path: 'title', value: 'CTO' }),
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.title).toBe('CTO');
    expect(patched.body.userName).toBeUndefined();
  });

  it('a Group PATCH answers 204 without them, 200 with the projected Group when given', async () => {
    const user = await createUser(suite.scim);
    const group = await created(
      suite.scim.post('/Groups?excludedAttributes=members', {
        ...entraCreateGroupBody(),
        members: [{ value: user.id }],
      }),
    );
    expect(group.members).toBeUndefined();
    expect(group.displayName).toBeDefined();

    const plain = await suite.scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', path: 'displayName', value: `Renamed ${randomUUID()}` }),
    );
    expect(plain.status, plain.text).toBe(204);
    expect(plain.text).toBe('');

    const newName = `Renamed ${randomUUID()}`;
    const lean = await suite.scim.patch(
      `/Groups/${group.id}?excludedAttributes=members`,
      patchOp({ op: 'replace', path: 'displayName', value: newName }),
    );
    expect(lean.status, lean.text).toBe(200);
    expect(lean.body).toMatchObject({ id: group.id, displayName: newName });
    expect(lean.body.members).toBeUndefined();
    expect(lean.headers.get('etag')).toBe(lean.body.meta.version);

    const onlyMembers = await suite.scim.patch(
      `/Groups/${group.id}?attributes=members`,
      patchOp({ op: 'add', path: 'members', value: [entraMember(user.id)] }),
    );
    expect(onlyMembers.status, onlyMembers.text).toBe(200);
    expect(onlyMembers.body.members.map((m: { value: string }) => m.value)).toEqual([user.id]);
    expect(onlyMembers.body.displayName).toBeUndefined();

    const put = await suite.scim.put(`/Groups/${group.id}?attributes=displayName`, {
      schemas: [GROUP_SCHEMA],
      displayName: newName,
      members: [{ value: user.id }],
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id: group.id, displayName: newName });
    expect(put.body.members).toBeUndefined();
  });

  it('a malformed projection is refused before the write is applied', async () => {
    const body = entraCreateUserBody();
    const res = await suite.scim.post('/Users?attributes=1nvalid', body);
    expectScimError(res, 400);
    const probe = await suite.scim.filterUsers(`userName eq "${body.userName}"`);
    expect(probe.body.totalResults).toBe(0);
  });
});

describe('discovery documents a strict client accepts (items 4 and 8, RFC 7643 §5-§7)', () => {
  let account: TestAccount;
  let customUrn: string;

  beforeAll(async () => {
    account = await suite.roster.createAccount();
    customUrn = `${CUSTOM_NAMESPACE}:${account.accountId}:2:User`;
    for (const definition of [
      { id: 'dept_code', type: 'String' },
      { id: 'headcount', type: 'Number' },
      { id: 'is_contractor', type: 'Boolean' },
      { id: 'start_date', type: 'Date' },
      { id: 'last_review', type: 'DateTime' },
      { id: 'tier', type: 'Dropdown', options: ['Gold', 'Silver'] },
      { id: 'budget', type: 'Currency', currencies: ['USD', 'EUR'] },
      { id: 'line_manager', type: 'Reference', required: true },
    ]) {
      const field = validateFieldDefinition(definition);
      if (!field.ok) throw new Error(field.error);
      await suite.roster.store.accounts.addField(account.accountId, field.value);
    }
  });

  const checkList = async (path: string, schema: DeclaredSchema): Promise<any[]> => {
    const res = await account.client.get(path);
    expect(res.status, res.text).toBe(200);
    const resources = res.body.Resources as unknown[];
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(discoveryProblems(resource, schema)).toEqual([]);
    return resources as any[];
  };

  it('/ServiceProviderConfig declares only its own attributes; maxPayloadSize only under bulk', async () => {
    const res = await account.client.get('/ServiceProviderConfig');
    expect(res.status, res.text).toBe(200);
    expect(discoveryProblems(res.body, SERVICE_PROVIDER_CONFIG)).toEqual([]);
    expect(res.body.maxPayloadSize).toBeUndefined();
    expect(res.body.bulk.maxPayloadSize).toBeGreaterThan(0);
  });

  it('/ResourceTypes and /Schemas conform to their schemas, and every schema a type names is served', async () => {
    const types = await checkList('/ResourceTypes', RESOURCE_TYPE);
    const schemas = await checkList('/Schemas', SCHEMA);
    const served = new Set(schemas.map((schema) => schema.id as string));
    for (const type of types) {
      expect(served).toContain(type.schema);
      for (const extension of type.schemaExtensions) expect(served).toContain(extension.schema);
      const one = await account.client.get(`/ResourceTypes/${type.id as string}`);
      expect(discoveryProblems(one.body, RESOURCE_TYPE)).toEqual([]);
    }
    const custom = await account.client.get(`/Schemas/${encodeURIComponent(customUrn)}`);
    expect(custom.status, custom.text).toBe(200);
    expect(discoveryProblems(custom.body, SCHEMA)).toEqual([]);
  });

  it('custom fields carry the SCIM type of their values, their options and their formats (item 8)', async () => {
    const custom = (await account.client.get(`/Schemas/${encodeURIComponent(customUrn)}`)).body;
    const byName = Object.fromEntries(
      (custom.attributes as { name: string }[]).map((attribute) => [attribute.name, attribute]),
    ) as Record<string, any>;
    expect(
      Object.fromEntries(Object.entries(byName).map(([name, attribute]) => [name, attribute.type])),
    ).toEqual({
      dept_code: 'string',
      headcount: 'decimal',
      is_contractor: 'boolean',
      start_date: 'string',
      last_review: 'dateTime',
      tier: 'string',
      budget: 'string',
      line_manager: 'reference',
    });
    expect(byName.line_manager).toMatchObject({ referenceTypes: ['User'], required: true });
    expect(byName.line_manager.subAttributes).toBeUndefined();
    expect(byName.tier.canonicalValues).toEqual(['Gold', 'Silver']);
    expect(byName.start_date.description).toContain('YYYY-MM-DD');
    expect(byName.budget.description).toContain('"CODE amount"');
    expect(byName.budget.description).toContain('USD, EUR');
  });

  it('values are accepted as before; a Reference in any shape is stored and returned as the id', async () => {
    const boss = await createUser(account.client);
    const values = {
      dept_code: 'R&D-7',
      headcount: '42',
      is_contractor: 'True',
      start_date: '2024-03-01',
      last_review: '2024-03-01T10:30:00Z',
      tier: 'gold',
      budget: '12.50 usd',
    };
    const user = await created(
      account.client.post('/Users', {
        ...entraCreateUserBody(),
        [customUrn]: { ...values, line_manager: { value: boss.id } },
      }),
    );
    expect(user[customUrn]).toEqual({
      ...values,
      headcount: 42,
      is_contractor: true,
      line_manager: boss.id,
    });
    for (const shape of [boss.id, { value: boss.id }, [{ value: boss.id, $ref: null }]]) {
      const res = await account.client.patch(
        `/Users/${user.id as string}`,
        patchOp({ op: 'replace', path: `${customUrn}:line_manager`, value: shape }),
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body[customUrn].line_manager).toBe(boss.id);
    }
    const read = await account.client.get(`/Users/${user.id as string}`);
    expect(read.body[customUrn].line_manager).toBe(boss.id);
    const found = await account.client.filterUsers(`${customUrn}:line_manager eq "${boss.id}"`);
    expect(idsOf(found)).toEqual([user.id]);
  });
});

describe('root-level queries (item 5, RFC 7644 §3.4.3)', () => {
  it('POST /.search and GET /?filter= answer 501 naming the per-type endpoints', async () => {
    for (const res of [
      await suite.scim.search('', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }),
      await suite.scim.get(`?filter=${encodeURIComponent('id eq "x"')}`),
      await suite.scim.get(`/?filter=${encodeURIComponent('displayName eq "x"')}`),
    ]) {
      expectScimError(res, 501);
      expect(res.body.detail).toContain('/Users/.search');
      expect(res.body.detail).toContain('/Groups/.search');
    }
  });

  it('still needs the bearer token', async () => {
    const res = await fetch(`${suite.scim.baseUrl}/.search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/scim+json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});
