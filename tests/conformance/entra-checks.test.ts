/**
 * docs/entra.md §7, one test per must-pass check, against the real ingress + worker + Redis + store.
 * Bodies are the ones docs/entra.md §2–§4 shows Entra sending; assertions are what §7 (and the RFC
 * sections it relies on) require of the answers.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { validateFieldDefinition } from '@roster/scim';
import {
  ENTERPRISE_USER,
  entraCreateGroupBody,
  entraCreateUserBody,
  entraMember,
  entraUser,
  GROUP_SCHEMA,
  MANAGER_PATH,
  patchOp,
  USER_SCHEMA,
  type PatchOperation,
} from '../support/entra-payloads.ts';
import { useRoster } from '../support/roster-fixture.ts';
import { entraEncode, ScimClient, type ScimResponse } from '../support/scim-client.ts';
import {
  addMembers,
  createGroup,
  createUser,
  createUsers,
  deleteAndExpectGone,
  expectEmptyListResponse,
  expectGroupPatched,
  expectListResponse,
  expectOnlyMatch,
  expectScimError,
  expectScimJson,
  expectScimStatus,
  expectStatus,
  expectUserPatched,
  getUser,
  LatencyRecorder,
  memberIds,
  patchGroup,
  patchUser,
  rawRequest,
  sleep,
} from './support.ts';

const suite = useRoster();

const customUrn = (accountId: string) => `urn:roster:scim:schemas:extension:${accountId}:2:User`;

describe('docs/entra.md §7 must-pass checks', () => {
  it('check 01: Test Connection userName probe with a random GUID answers an empty ListResponse', async () => {
    const res = await suite.scim.filterUsers(`userName eq "${randomUUID()}"`);
    expectEmptyListResponse(res);
  });

  it('check 02: Groups GUID probe answers an empty ListResponse; a bad token gets a SCIM 401; no User-Agent is fine', async () => {
    const probe = `/Groups?excludedAttributes=members&filter=${entraEncode(`displayName eq "${randomUUID()}"`)}`;
    expectEmptyListResponse(await suite.scim.get(probe));

    const badToken = new ScimClient(
      suite.roster.account.baseUrl,
      `rst_${randomUUID().replace(/-/g, '')}_${'x'.repeat(43)}`,
    );
    for (const path of [probe, `/Users?filter=${entraEncode(`userName eq "${randomUUID()}"`)}`]) {
      const denied = await badToken.get(path);
      expectScimError(denied, 401);
      expect(denied.text.trimStart().startsWith('{'), 'a JSON body, not HTML').toBe(true);
    }

    // node:http sends no User-Agent unless told to; fetch always adds one.
    for (const path of [probe, `/Users?filter=${entraEncode(`userName eq "${randomUUID()}"`)}`]) {
      const noAgent = await rawRequest(`${suite.roster.account.baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${suite.roster.account.token}`, Accept: 'application/scim+json' },
      });
      expect(noAgent.status, noAgent.text).toBe(200);
      expect(noAgent.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(noAgent.body).toMatchObject({ totalResults: 0, Resources: [] });
    }
  });

  it('check 03: POST /Users with the §2.3 body (two schemas, meta, roles:[], nulls, extension URN not in schemas) → 201 echoing every value', async () => {
    const base = entraCreateUserBody();
    // Explicit nulls as an old Entra sample sent them (docs/entra.md §2.3): same as "not sent".
    const body = { ...base, manager: null, nickName: null, preferredLanguage: null };
    const res = await suite.scim.post('/Users', body);
    expectScimStatus(res, 201);
    const id: unknown = res.body.id;
    expect(id).toBeTypeOf('string');
    expect((id as string).length).toBeGreaterThan(0);
    expect(res.headers.get('location')).toBe(`${suite.roster.account.baseUrl}/Users/${id as string}`);
    const {
      meta: _meta,
      roles: _roles,
      manager: _m,
      nickName: _n,
      preferredLanguage: _p,
      schemas,
      ...sent
    } = body;
    for (const [key, value] of Object.entries(sent)) expect(res.body[key], `echo of ${key}`).toEqual(value);
    expect(res.body.schemas).toEqual(expect.arrayContaining(schemas));
    // `roles: []` and nulls mean "no value": absent (or empty) in what we return.
    expect(res.body.roles ?? []).toEqual([]);
    for (const key of ['manager', 'nickName', 'preferredLanguage'])
      expect(res.body[key] ?? null, key).toBeNull();
    expect(res.body.meta.resourceType).toBe('User');
    expect(await getUser(suite.scim, id as string)).toEqual(res.body);

    // Extension data whose URN is not listed in `schemas` (Entra does this for custom
    // extensions, docs/entra.md §4.2) is still stored and echoed.
    const unlisted = { ...entraUser(), schemas: [USER_SCHEMA] };
    const created = await suite.scim.post('/Users', unlisted);
    expectStatus(created, 201);
    expect(created.body[ENTERPRISE_USER]).toEqual(unlisted[ENTERPRISE_USER]);
    expect(created.body.schemas).toEqual(expect.arrayContaining([USER_SCHEMA, ENTERPRISE_USER]));
  });

  it('check 04: filters on userName (other case), externalId, emails[type eq "work"].value and enterprise employeeNumber each find exactly the user, inactive included', async () => {
    const decoy = await createUser(suite.scim);
    for (const active of [true, false]) {
      const user = entraUser({ active });
      const created = await suite.scim.post('/Users', user);
      expectStatus(created, 201);
      const id: string = created.body.id;
      expect(id).not.toBe(decoy.id);
      const filters = [
        `userName eq "${user.userName.toUpperCase()}"`,
        `externalId eq "${user.externalId}"`,
        `emails[type eq "work"].value eq "${user.emails[0]!.value}"`,
        `${ENTERPRISE_USER}:employeeNumber eq "${user[ENTERPRISE_USER].employeeNumber}"`,
      ];
      for (const filter of filters) {
        const found = expectOnlyMatch(await suite.scim.filterUsers(filter), id);
        expect(found.active, filter).toBe(active);
      }
      // Inactive users stay readable by id as well (docs/entra.md §2.0).
      expect((await getUser(suite.scim, id)).active).toBe(active);
    }
  });

  it('check 05: a second POST with the same userName → 409 uniqueness, never 500', async () => {
    const body = entraUser();
    const first = await suite.scim.post('/Users', body);
    expectStatus(first, 201);
    const again = await suite.scim.post('/Users', { ...body, externalId: `ext-${randomUUID()}` });
    expectScimError(again, 409, 'uniqueness');
    // The first user is untouched and still the only match.
    expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${body.userName}"`), first.body.id);
    expect((await getUser(suite.scim, first.body.id)).externalId).toBe(body.externalId);
  });

  it('check 06: PATCH op "Replace", "replace" and "REPLACE" all work; "Add" on a set single-valued attribute replaces it', async () => {
    const user = await createUser(suite.scim);
    for (const op of ['Replace', 'replace', 'REPLACE']) {
      const title = `Title via ${op}`;
      expect((await patchUser(suite.scim, user.id, { op, path: 'title', value: title })).title).toBe(title);
      expect((await getUser(suite.scim, user.id)).title).toBe(title);
    }
    expect(user.title).toBe('Engineer');
    await patchUser(
      suite.scim,
      user.id,
      { op: 'Add', path: 'title', value: 'Lead Engineer' },
      { op: 'Add', path: 'name.familyName', value: 'Newname' },
    );
    const after = await getUser(suite.scim, user.id);
    expect(after.title).toBe('Lead Engineer');
    expect(after.name).toEqual({ ...user.name, familyName: 'Newname' });
  });

  it('check 07: disable/enable in both modes ("False"/false, Add "False", "True"/true) sets active and keeps group memberships', async () => {
    const user = await createUser(suite.scim);
    const group = await createGroup(suite.scim);
    await addMembers(suite.scim, group.id, [user.id]);
    const steps: [string, unknown, boolean][] = [
      ['Replace', 'False', false], // default mode
      ['Replace', 'True', true],
      ['replace', false, false], // aadOptscim062020
      ['replace', true, true],
      ['Add', 'False', false], // seen when a GET omitted `active`
      ['Add', 'True', true],
      ['Replace', false, false], // the tutorial's own mix
      ['Replace', true, true],
    ];
    for (const [op, value, expected] of steps) {
      const label = `${op} active ${JSON.stringify(value)}`;
      expect((await patchUser(suite.scim, user.id, { op, path: 'active', value })).active, label).toBe(
        expected,
      );
      const read = await getUser(suite.scim, user.id);
      expect(read.active, label).toBe(expected);
      expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${user.userName}"`), user.id);
      expect(await memberIds(suite.scim, group.id), label).toEqual([user.id]);
    }
  });

  it('check 08: Add emails[type eq "work"].value creates the element; Replace updates only it; Replace with no match upserts', async () => {
    const body = {
      ...entraUser(),
      emails: [{ type: 'home', value: `home.${randomUUID()}@example.org` }],
      phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
    };
    const created = await suite.scim.post('/Users', body);
    expectStatus(created, 201);
    const id: string = created.body.id;
    const home = body.emails[0]!;
    /** PATCHes one filtered value, then reads back exactly `elements` (in any order) in `attribute`. */
    const patchThenRead = async (operation: PatchOperation, attribute: string, elements: object[]) => {
      await patchUser(suite.scim, id, operation);
      const read = (await getUser(suite.scim, id))[attribute];
      expect(read).toHaveLength(elements.length);
      for (const element of elements) expect(read).toContainEqual(element);
    };

    const workEmail = `work.${randomUUID()}@contoso.com`;
    await patchThenRead({ op: 'Add', path: 'emails[type eq "work"].value', value: workEmail }, 'emails', [
      { type: 'work', value: workEmail },
      home,
    ]);

    const newWork = `new.${workEmail}`;
    await patchThenRead({ op: 'Replace', path: 'emails[type eq "work"].value', value: newWork }, 'emails', [
      { type: 'work', value: newWork },
      home,
    ]);

    await patchThenRead(
      { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0199' },
      'phoneNumbers',
      [
        { type: 'work', value: '+1 555 0199' },
        { type: 'mobile', value: '+1 555 0100' },
      ],
    );
  });

  it('check 09: a path-less replace with displayName, name.givenName and enterprise employeeNumber updates all three', async () => {
    const user = await createUser(suite.scim);
    const employeeNumber = `E-${randomUUID().slice(0, 6)}`;
    await patchUser(suite.scim, user.id, {
      op: 'replace',
      value: {
        displayName: 'Alicia Example',
        'name.givenName': 'Alicia',
        [`${ENTERPRISE_USER}:employeeNumber`]: employeeNumber,
      },
    });
    const read = await getUser(suite.scim, user.id);
    expect(read.displayName).toBe('Alicia Example');
    expect(read.name).toEqual({ ...user.name, givenName: 'Alicia' });
    expect(read[ENTERPRISE_USER]).toEqual({ ...user[ENTERPRISE_USER], employeeNumber });
  });

  it('check 10: manager set by bare-string Add reads back as {value}; Replace changes it; remove [value eq], remove plain path and replace "" clear it', async () => {
    const [first, second] = await Promise.all([createUser(suite.scim), createUser(suite.scim)]);
    const user = await createUser(suite.scim);
    const managerOf = async (): Promise<{ value?: unknown } | null | undefined> =>
      (await getUser(suite.scim, user.id))[ENTERPRISE_USER]?.manager as
        { value?: unknown } | null | undefined;
    const setManager = async (op: string, managerId: string) => {
      await patchUser(suite.scim, user.id, { op, path: MANAGER_PATH, value: managerId });
      const manager = await managerOf();
      expect(manager, `${op} manager`).toBeTypeOf('object');
      expect(manager?.value).toBe(managerId);
      // The rest of the enterprise extension is untouched.
      expect((await getUser(suite.scim, user.id))[ENTERPRISE_USER]).toMatchObject(user[ENTERPRISE_USER]);
    };

    await setManager('Add', first.id);
    await setManager('Replace', second.id);

    const clears = [
      { op: 'remove', path: `manager[value eq "${second.id}"]` },
      { op: 'remove', path: MANAGER_PATH },
      { op: 'replace', path: MANAGER_PATH, value: '' },
    ];
    for (const clear of clears) {
      await setManager('Add', second.id);
      await patchUser(suite.scim, user.id, clear);
      expect((await managerOf()) ?? null, JSON.stringify(clear)).toBeNull();
      expect((await getUser(suite.scim, user.id))[ENTERPRISE_USER]).toMatchObject(user[ENTERPRISE_USER]);
    }
  });

  // Account-defined fields (issue 4): String f_costCode, Boolean f_isContractor, Number f_level,
  // DateTime f_startDate.
  it('check 11: custom extension urn:roster:…:<accountId>:2:User is stored, returned, PATCHed by full path and path-less key, "True"/"42" coerced', async () => {
    const tenant = await suite.roster.createAccount();
    // What `roster field add <account> <field> --type <type>` does.
    const defineCustomFields = async (accountId: string, fields: Record<string, string>): Promise<void> => {
      for (const [id, type] of Object.entries(fields)) {
        const definition = validateFieldDefinition({ id, type, required: false });
        if (!definition.ok) throw new Error(definition.error);
        expect(await suite.roster.store.accounts.addField(accountId, definition.value)).toBe('changed');
      }
    };
    await defineCustomFields(tenant.accountId, {
      f_costCode: 'String',
      f_isContractor: 'Boolean',
      f_level: 'Number',
      f_startDate: 'DateTime',
    });
    const urn = customUrn(tenant.accountId);
    const custom = {
      f_costCode: 'CC-77',
      f_isContractor: true,
      f_level: 5,
      f_startDate: '2025-03-01T00:00:00Z',
    };
    const created = await tenant.client.post('/Users', { ...entraUser(), [urn]: custom });
    expectStatus(created, 201);
    expect(created.body[urn]).toEqual(custom);
    const id: string = created.body.id;
    expect((await getUser(tenant.client, id))[urn]).toEqual(custom);

    // Each PATCH, then the whole extension as read back afterwards.
    const steps: [PatchOperation[], Record<string, unknown>][] = [
      [
        [
          { op: 'Replace', path: `${urn}:f_costCode`, value: 'CC-78' },
          { op: 'Add', path: `${urn}:f_isContractor`, value: 'False' },
          { op: 'Replace', path: `${urn}:f_level`, value: '6' },
        ],
        { ...custom, f_costCode: 'CC-78', f_isContractor: false, f_level: 6 },
      ],
      [
        [{ op: 'replace', value: { [`${urn}:f_costCode`]: 'CC-79', [`${urn}:f_level`]: 7 } }],
        { ...custom, f_costCode: 'CC-79', f_isContractor: false, f_level: 7 },
      ],
      [
        [{ op: 'replace', value: { [urn]: { f_isContractor: 'True', f_level: '42' } } }],
        { ...custom, f_costCode: 'CC-79', f_isContractor: true, f_level: 42 },
      ],
    ];
    for (const [operations, expected] of steps) {
      await patchUser(tenant.client, id, ...operations);
      expect((await getUser(tenant.client, id))[urn], JSON.stringify(operations)).toEqual(expected);
    }
  });

  it('check 12: re-GET after a successful PATCH returns values byte-identical to what was sent; an identical re-sync changes nothing', async () => {
    const user = await createUser(suite.scim);
    const sent = {
      displayName: "Zoë  Ñúñez-O'Brien",
      title: 'Sr. Engineer — R&D (EMEA)',
      phone: '+1 (555) 0100 ext. 7',
      email: `Zoe.OBrien+${randomUUID().slice(0, 4)}@Contoso.COM`,
      employeeNumber: '007',
      department: 'R&D / Platform',
      street: '2 High St., Floor 3',
    };
    const defaultMode: PatchOperation[] = [
      { op: 'Replace', path: 'displayName', value: sent.displayName },
      { op: 'Replace', path: 'title', value: sent.title },
      { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: sent.phone },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: sent.email },
      { op: 'Replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: sent.employeeNumber },
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: sent.street },
    ];
    const flagMode: PatchOperation[] = [
      { op: 'replace', value: { [`${ENTERPRISE_USER}:department`]: sent.department } },
    ];
    for (const operations of [defaultMode, flagMode]) await patchUser(suite.scim, user.id, ...operations);

    const check = (read: any) => {
      expect(read.displayName).toBe(sent.displayName);
      expect(read.title).toBe(sent.title);
      expect(read.phoneNumbers.find((p: { type: string }) => p.type === 'mobile').value).toBe(sent.phone);
      expect(read.emails.find((e: { type: string }) => e.type === 'work').value).toBe(sent.email);
      expect(read[ENTERPRISE_USER].employeeNumber).toBe(sent.employeeNumber);
      expect(read[ENTERPRISE_USER].department).toBe(sent.department);
      expect(read.addresses.find((a: { type: string }) => a.type === 'work').streetAddress).toBe(sent.street);
    };
    const first = await getUser(suite.scim, user.id);
    check(first);

    // Entra's next cycle sends the same values again; nothing but meta may change.
    for (const operations of [defaultMode, flagMode]) await patchUser(suite.scim, user.id, ...operations);
    const second = await getUser(suite.scim, user.id);
    check(second);
    const { meta: _a, ...firstValues } = first;
    const { meta: _b, ...secondValues } = second;
    expect(JSON.stringify(secondValues)).toBe(JSON.stringify(firstValues));
  });

  it('check 13: POST /Groups with the ADSCIM schema and no members → 201 with id; GET ?excludedAttributes=members has no members', async () => {
    const body = entraCreateGroupBody();
    const res = await suite.scim.post('/Groups', body);
    expectScimStatus(res, 201);
    const id: string = res.body.id;
    expect(id).toBeTypeOf('string');
    expect(res.headers.get('location')).toBe(`${suite.roster.account.baseUrl}/Groups/${id}`);
    expect(res.body.schemas).toContain(GROUP_SCHEMA);
    expect(res.body.displayName).toBe(body.displayName);
    expect(res.body.externalId).toBe(body.externalId);
    expect(res.body.members ?? []).toEqual([]);

    // Members follow by PATCH; Entra then reads the group without them.
    const user = await createUser(suite.scim);
    await addMembers(suite.scim, id, [user.id]);
    const read = await suite.scim.get(`/Groups/${id}?excludedAttributes=members`);
    expectScimStatus(read, 200);
    expect(read.body.id).toBe(id);
    expect(read.body.displayName).toBe(body.displayName);
    expect(read.body).not.toHaveProperty('members');
  });

  it('check 14: PATCH Replace displayName → 204; the group is found by the new displayName, not the old', async () => {
    const group = await createGroup(suite.scim);
    const renamed = `Sales Europe ${randomUUID()}`;
    await patchGroup(suite.scim, group.id, { op: 'Replace', path: 'displayName', value: renamed });
    const hit = expectOnlyMatch(await suite.scim.filterGroups(`displayName eq "${renamed}"`), group.id);
    expect(hit.displayName).toBe(renamed);
    expect(hit).not.toHaveProperty('members');
    expect(
      expectListResponse(await suite.scim.filterGroups(`displayName eq "${group.displayName}"`), 0),
    ).toEqual([]);
  });

  it('check 15: Add members with 1 and with 50 {"$ref":null,value} elements → 204; re-adding an existing member → 204', async () => {
    const group = await createGroup(suite.scim);
    const users = await createUsers(suite.scim, 51);
    const [one, ...fifty] = users as [string, ...string[]];
    await addMembers(suite.scim, group.id, [one]);
    expect(await memberIds(suite.scim, group.id)).toEqual([one]);
    await addMembers(suite.scim, group.id, fifty);
    expect(await memberIds(suite.scim, group.id)).toEqual([...users].sort());
    await addMembers(suite.scim, group.id, [one]);
    await addMembers(suite.scim, group.id, [one, fifty[0]!]);
    expect(await memberIds(suite.scim, group.id)).toEqual([...users].sort());
  });

  it('check 16: 20 concurrent single-member Add PATCHes to one group all succeed and leave all 20 members', async () => {
    const group = await createGroup(suite.scim);
    const users = await createUsers(suite.scim, 20);
    await Promise.all(users.map((id) => addMembers(suite.scim, group.id, [id])));
    expect(await memberIds(suite.scim, group.id)).toEqual([...users].sort());
  });

  it('check 17: default-mode Remove members value:[{value:A}] and flag-mode remove members[value eq "A"] remove only A; removing a non-member → 204', async () => {
    const group = await createGroup(suite.scim);
    const [a, b, c] = (await createUsers(suite.scim, 3)) as [string, string, string];
    await addMembers(suite.scim, group.id, [a, b, c]);

    await patchGroup(suite.scim, group.id, { op: 'Remove', path: 'members', value: [{ value: a }] });
    expect(await memberIds(suite.scim, group.id)).toEqual([b, c].sort());

    await patchGroup(suite.scim, group.id, { op: 'remove', path: `members[value eq "${b}"]` });
    expect(await memberIds(suite.scim, group.id)).toEqual([c]);

    // Non-members: one that was removed, one that never existed; both modes.
    await patchGroup(suite.scim, group.id, { op: 'Remove', path: 'members', value: [entraMember(a)] });
    await patchGroup(suite.scim, group.id, { op: 'remove', path: `members[value eq "${randomUUID()}"]` });
    expect(await memberIds(suite.scim, group.id)).toEqual([c]);
    // The removed users themselves are untouched.
    await getUser(suite.scim, a);
    await getUser(suite.scim, b);
  });

  it('check 18: DELETE → 204, then GET → 404 SCIM error and a second DELETE → 404, for Users and Groups; deleting a group keeps its users', async () => {
    const user = await createUser(suite.scim);
    await deleteAndExpectGone(suite.scim, `/Users/${user.id}`);
    expectScimError(await suite.scim.delete(`/Users/${user.id}`), 404);

    const member = await createUser(suite.scim);
    const group = await createGroup(suite.scim);
    await addMembers(suite.scim, group.id, [member.id]);
    await deleteAndExpectGone(suite.scim, `/Groups/${group.id}`);
    expectScimError(await suite.scim.delete(`/Groups/${group.id}`), 404);
    expect(
      expectListResponse(await suite.scim.filterGroups(`displayName eq "${group.displayName}"`), 0),
    ).toEqual([]);

    const kept = await getUser(suite.scim, member.id);
    expect(kept.userName).toBe(member.userName);
    expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${member.userName}"`), member.id);
  });

  it('check 19: unknown query parameters and a trailing slash on the base URL are ignored; attributes/excludedAttributes never fail', async () => {
    const slashed = new ScimClient(`${suite.roster.account.baseUrl}/`, suite.roster.account.token);
    const q = '?aadOptscim062020';
    expectEmptyListResponse(
      await slashed.get(`/Users${q}&filter=${entraEncode(`userName eq "${randomUUID()}"`)}`),
    );
    expectEmptyListResponse(
      await slashed.get(
        `/Groups${q}&excludedAttributes=members&filter=${entraEncode(`displayName eq "${randomUUID()}"`)}`,
      ),
    );
    expectEmptyListResponse(
      await slashed.get(
        `/Users?filter=${entraEncode(`userName eq "${randomUUID()}"`)}&foo=bar&aadOptscim062020`,
      ),
    );

    const body = entraUser();
    const created = await slashed.post(`/Users${q}`, body);
    expectStatus(created, 201);
    const id: string = created.body.id;
    expect((await slashed.get(`/Users/${id}${q}`)).body.id).toBe(id);
    expect(
      expectUserPatched(
        await slashed.patch(`/Users/${id}${q}`, patchOp({ op: 'replace', path: 'active', value: false })),
        id,
      ).active,
    ).toBe(false);

    const group = await slashed.post(`/Groups${q}`, entraCreateGroupBody());
    expectStatus(group, 201);
    expectGroupPatched(
      await slashed.patch(
        `/Groups/${group.body.id}${q}`,
        patchOp({ op: 'add', path: 'members', value: [entraMember(id)] }),
      ),
      group.body.id,
    );

    const projections: [string, string][] = [
      [`/Users/${id}?attributes=userName,emails`, id],
      [`/Users/${id}?excludedAttributes=emails,${ENTERPRISE_USER}:department`, id],
      [`/Users?filter=${entraEncode(`userName eq "${body.userName}"`)}&attributes=id`, id],
      [`/Users?filter=${entraEncode(`userName eq "${body.userName}"`)}&excludedAttributes=emails`, id],
      [`/Groups/${group.body.id}?excludedAttributes=members`, group.body.id],
      [`/Groups/${group.body.id}?attributes=displayName`, group.body.id],
      [
        `/Groups?excludedAttributes=members&filter=${entraEncode(`displayName eq "${group.body.displayName}"`)}`,
        group.body.id,
      ],
    ];
    for (const [path, expectedId] of projections) {
      const res = await slashed.get(path);
      expectScimStatus(res, 200);
      const resource = path.includes('filter=') ? expectOnlyMatch(res, expectedId) : res.body;
      expect(resource.id, path).toBe(expectedId);
    }
    expect(created.body.userName).toBe(body.userName);
    expectStatus(await slashed.delete(`/Groups/${group.body.id}${q}`), 204);
    expectStatus(await slashed.delete(`/Users/${id}${q}`), 204);
  });

  it('check 20: legacy reference probe filter=id eq "<uid>" and manager eq "<mid>" → 200 with 1 or 0 results', async () => {
    const manager = await createUser(suite.scim);
    const user = await createUser(suite.scim);
    await patchUser(suite.scim, user.id, { op: 'Add', path: MANAGER_PATH, value: manager.id });
    const hit = await suite.scim.filterUsers(
      `id eq "${user.id}" and manager eq "${manager.id}"`,
      '&attributes=id',
    );
    expectOnlyMatch(hit, user.id);
    const miss = await suite.scim.filterUsers(
      `id eq "${user.id}" and manager eq "${randomUUID()}"`,
      '&attributes=id',
    );
    expect(expectListResponse(miss, 0)).toEqual([]);
    const noManager = await suite.scim.filterUsers(`id eq "${manager.id}" and manager eq "${user.id}"`);
    expect(expectListResponse(noManager, 0)).toEqual([]);
  });

  it("check 21: filter values with ', +, @, #, spaces (encoded as + or %20) parse correctly", async () => {
    const tag = randomUUID().slice(0, 8);
    const userName = `o'brien+${tag}#EXT#@contoso.onmicrosoft.com`;
    const externalId = `Mary Ann O'Neil #${tag} + co@x`;
    const created = await suite.scim.post('/Users', {
      ...entraUser({ userName, externalId }),
      displayName: `Mary Ann O'Neil`,
    });
    expectStatus(created, 201);
    const id: string = created.body.id;
    const encodings = [entraEncode, encodeURIComponent];
    for (const encode of encodings) {
      for (const filter of [
        `userName eq "${userName}"`,
        `externalId eq "${externalId}"`,
        `userName eq "${userName}" and externalId eq "${externalId}"`,
      ]) {
        expectOnlyMatch(await suite.scim.get(`/Users?filter=${encode(filter)}`), id);
      }
    }
    const groupName = `Sales & Marketing 'EMEA' #${tag} + more @ HQ`;
    const group = await createGroup(suite.scim, groupName);
    for (const encode of encodings) {
      expectOnlyMatch(
        await suite.scim.get(
          `/Groups?excludedAttributes=members&filter=${encode(`displayName eq "${groupName}"`)}`,
        ),
        group.id,
      );
    }
  });

  it('check 22: every response, errors included, is application/scim+json; errors use the SCIM Error schema with a useful detail', async () => {
    const user = await createUser(suite.scim);
    const group = await createGroup(suite.scim);
    const missing = randomUUID();
    const successes: [string, () => Promise<ScimResponse>][] = [
      ['list', () => suite.scim.get('/Users?startIndex=1&count=2')],
      ['filter', () => suite.scim.filterUsers(`userName eq "${user.userName}"`)],
      ['get user', () => suite.scim.get(`/Users/${user.id}`)],
      ['get group', () => suite.scim.get(`/Groups/${group.id}`)],
      ['create user', () => suite.scim.post('/Users', entraUser())],
      ['create group', () => suite.scim.post('/Groups', entraCreateGroupBody())],
      [
        'patch user',
        () => suite.scim.patch(`/Users/${user.id}`, patchOp({ op: 'Replace', path: 'title', value: 'X' })),
      ],
      [
        'put user',
        () =>
          suite.scim.put(`/Users/${user.id}`, {
            ...entraCreateUserBody(user.userName),
            externalId: user.externalId,
            [ENTERPRISE_USER]: user[ENTERPRISE_USER],
          }),
      ],
    ];
    for (const [label, send] of successes) {
      const res = await send();
      expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
      if (res.status !== 204) expectScimJson(res);
    }

    const badToken = new ScimClient(suite.roster.account.baseUrl, 'rst_nope');
    const errors: [string, () => Promise<ScimResponse>, number, string?][] = [
      ['unknown user', () => suite.scim.get(`/Users/${missing}`), 404],
      ['unknown group', () => suite.scim.get(`/Groups/${missing}`), 404],
      ['unknown endpoint', () => suite.scim.get('/Nope'), 404],
      ['bad token', () => badToken.get('/Users'), 401],
      [
        'duplicate userName',
        () => suite.scim.post('/Users', { ...entraUser(), userName: user.userName }),
        409,
        'uniqueness',
      ],
      [
        'incomplete filter',
        () => suite.scim.get(`/Users?filter=${entraEncode('userName eq')}`),
        400,
        'invalidFilter',
      ],
      [
        'unbalanced group filter',
        () => suite.scim.get(`/Groups?filter=${entraEncode('displayName eq "a" and (')}`),
        400,
        'invalidFilter',
      ],
      [
        'malformed JSON',
        () =>
          suite.scim.request('POST', '/Users', {
            rawBody: '{"schemas": [',
            headers: { 'Content-Type': 'application/scim+json' },
          }),
        400,
        'invalidSyntax',
      ],
      [
        'user without userName',
        () => suite.scim.post('/Users', { schemas: [USER_SCHEMA], displayName: 'x' }),
        400,
        'invalidValue',
      ],
      [
        'group without displayName',
        () => suite.scim.post('/Groups', { schemas: [GROUP_SCHEMA] }),
        400,
        'invalidValue',
      ],
      [
        'PATCH remove without path',
        () => suite.scim.patch(`/Users/${user.id}`, patchOp({ op: 'Remove' })),
        400,
        'noTarget',
      ],
      [
        'PATCH with a broken path filter',
        () =>
          suite.scim.patch(
            `/Users/${user.id}`,
            patchOp({ op: 'Replace', path: 'emails[type eq ', value: 'x' }),
          ),
        400,
        'invalidPath',
      ],
      [
        'PATCH with an unknown op',
        () => suite.scim.patch(`/Users/${user.id}`, patchOp({ op: 'Frobnicate', path: 'title', value: 'x' })),
        400,
      ],
      [
        'PATCH unknown user',
        () => suite.scim.patch(`/Users/${missing}`, patchOp({ op: 'Replace', path: 'title', value: 'x' })),
        404,
      ],
      [
        'PATCH unknown group',
        () =>
          suite.scim.patch(`/Groups/${missing}`, patchOp({ op: 'Replace', path: 'displayName', value: 'x' })),
        404,
      ],
      ['PUT unknown user', () => suite.scim.put(`/Users/${missing}`, entraCreateUserBody()), 404],
      ['DELETE unknown group', () => suite.scim.delete(`/Groups/${missing}`), 404],
    ];
    for (const [label, send, status, scimType] of errors) {
      const res = await send();
      try {
        expectScimError(res, status, scimType);
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
      }
    }
  });

  it('check 23: sustained 25 rps for one tenant (probe/create/patch mix, 10 s) → no 429, p99 < 1 s', async () => {
    const tenant = await suite.roster.createAccount();
    const client = tenant.client;
    const seeds = await createUsers(client, 10);
    const RATE = 25;
    const TOTAL = 250;
    const latency = new LatencyRecorder();
    const outcomes = new Map<string, number>();
    const unexpected: string[] = [];
    const expected: Record<string, number[]> = { probe: [200], create: [201], patch: [200] };

    const fire = async (i: number): Promise<void> => {
      const kind = i % 5 === 0 ? 'create' : i % 5 === 1 || i % 5 === 3 ? 'probe' : 'patch';
      const seed = seeds[i % seeds.length]!;
      const started = performance.now();
      let status: number | string;
      try {
        const res =
          kind === 'create'
            ? await client.post('/Users', entraUser())
            : kind === 'probe'
              ? await client.filterUsers(`userName eq "${randomUUID()}"`)
              : i % 2 === 0
                ? await client.patch(
                    `/Users/${seed}`,
                    patchOp({ op: 'Replace', path: 'title', value: `Title ${i}` }),
                  )
                : await client.patch(
                    `/Users/${seed}`,
                    patchOp({
                      op: 'replace',
                      value: { displayName: `Name ${i}`, 'name.givenName': `G${i}` },
                    }),
                  );
        status = res.status;
      } catch (error) {
        status = `error ${String(error)}`;
      }
      latency.record(performance.now() - started);
      const key = `${kind} ${status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (typeof status !== 'number' || !expected[kind]!.includes(status)) unexpected.push(key);
    };

    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(fire(i));
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    const p50 = latency.percentile(50);
    const p99 = latency.percentile(99);
    console.log(
      `check 23: ${latency.count} requests in ${elapsed.toFixed(1)} s (${(latency.count / elapsed).toFixed(1)} rps offered 25): ` +
        `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latency.percentile(100).toFixed(1)} ms; ` +
        JSON.stringify(Object.fromEntries(outcomes)),
    );
    expect([...outcomes.keys()].filter((key) => key.endsWith(' 429'))).toEqual([]);
    expect(unexpected, 'every request of the mix succeeds').toEqual([]);
    expect(latency.count).toBe(TOTAL);
    expect(p99).toBeLessThan(1000);
  }, 90_000);

  it('check 24: /Schemas, /ResourceTypes and /ServiceProviderConfig describe core User, enterprise User, Group and the custom extension', async () => {
    const custom = customUrn(suite.roster.account.accountId);

    const schemasRes = await suite.scim.get('/Schemas');
    const schemas = expectListResponse(schemasRes);
    const schemaIds = schemas.map((schema: { id: string }) => schema.id);
    expect(schemaIds).toEqual(expect.arrayContaining([USER_SCHEMA, ENTERPRISE_USER, GROUP_SCHEMA, custom]));
    for (const schema of schemas) {
      expect(schema.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:Schema']);
      expect(Array.isArray(schema.attributes), `${schema.id as string} attributes`).toBe(true);
    }
    const userSchema = schemas.find((schema: { id: string }) => schema.id === USER_SCHEMA);
    expect(userSchema.attributes.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['userName', 'name', 'emails', 'active']),
    );
    const enterprise = schemas.find((schema: { id: string }) => schema.id === ENTERPRISE_USER);
    expect(enterprise.attributes.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['employeeNumber', 'department', 'manager']),
    );
    const groupSchema = schemas.find((schema: { id: string }) => schema.id === GROUP_SCHEMA);
    expect(groupSchema.attributes.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['displayName', 'members']),
    );
    for (const id of [USER_SCHEMA, ENTERPRISE_USER, GROUP_SCHEMA, custom]) {
      const one = await suite.scim.get(`/Schemas/${id}`);
      expectScimStatus(one, 200);
      expect(one.body.id).toBe(id);
    }

    const typesRes = await suite.scim.get('/ResourceTypes');
    const types = expectListResponse(typesRes);
    const userType = types.find((type: { id?: string; name: string }) => type.name === 'User');
    const groupType = types.find((type: { id?: string; name: string }) => type.name === 'Group');
    expect(userType).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      endpoint: '/Users',
      schema: USER_SCHEMA,
    });
    expect(userType.schemaExtensions.map((e: { schema: string }) => e.schema)).toEqual(
      expect.arrayContaining([ENTERPRISE_USER, custom]),
    );
    expect(groupType).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      endpoint: '/Groups',
      schema: GROUP_SCHEMA,
    });

    const config = await suite.scim.get('/ServiceProviderConfig');
    expectScimStatus(config, 200);
    expect(config.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    expect(config.body.patch).toMatchObject({ supported: true });
    expect(config.body.filter).toMatchObject({ supported: true });
    expect(Number.isInteger(config.body.filter.maxResults)).toBe(true);
    for (const feature of ['bulk', 'changePassword', 'sort', 'etag']) {
      expect(config.body[feature]?.supported, `${feature}.supported`).toBeTypeOf('boolean');
    }
    expect(Array.isArray(config.body.authenticationSchemes)).toBe(true);
    expect(config.body.authenticationSchemes.length).toBeGreaterThan(0);
  });

  it('check 25: GET /Users?startIndex=1&count=5 then startIndex=6 gives stable, non-overlapping pages with integer counters', async () => {
    const tenant = await suite.roster.createAccount();
    const ids = await createUsers(tenant.client, 12, 6);
    const page = async (startIndex: number) => {
      const res = await tenant.client.get(`/Users?startIndex=${startIndex}&count=5`);
      const resources = expectListResponse(res, 12);
      expect(res.body.startIndex).toBe(startIndex);
      return resources.map((user: { id: string }) => user.id);
    };
    const first = await page(1);
    const second = await page(6);
    const third = await page(11);
    expect(first).toHaveLength(5);
    expect(second).toHaveLength(5);
    expect(third).toHaveLength(2);
    const all = [...first, ...second, ...third];
    expect(new Set(all).size).toBe(12);
    expect([...all].sort()).toEqual([...ids].sort());
    expect(await page(1)).toEqual(first);
    expect(await page(6)).toEqual(second);
  });
});
