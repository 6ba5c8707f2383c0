import { describe, expect, it } from 'vitest';
import { applyPatch, ENTERPRISE_USER_SCHEMA, type ScimType, type ScimView } from '../src/index.ts';
import { ACME_URN, errorBody, expectBadRequest, unwrap } from './helpers.ts';
import { alice, deepFreeze, patchView, salesGroup, userSchemas } from './patch-fixtures.ts';

const ENT = ENTERPRISE_USER_SCHEMA;
const frozenAlice = deepFreeze(structuredClone(alice));
/** `alice` with `changes` written over the top-level keys (undefined deletes). */
const aliceWith = (changes: Record<string, unknown>): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...structuredClone(alice) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) Reflect.deleteProperty(copy, key);
    else copy[key] = value;
  }
  return copy;
};
const patchAlice = (...operations: unknown[]) => unwrap(patchView(frozenAlice, operations));

describe('applyPatch: disable and re-enable (docs/entra.md §2.6, §2.7, §7 check 7)', () => {
  it.each<[string, unknown, boolean]>([
    ['default mode: Replace active "False"', { op: 'Replace', path: 'active', value: 'False' }, false],
    ['flag mode: replace active false', { op: 'replace', path: 'active', value: false }, false],
    ['Add active "False" (our GET omitted it)', { op: 'Add', path: 'active', value: 'False' }, false],
    ['the tutorial mix: Replace with boolean false', { op: 'Replace', path: 'active', value: false }, false],
    ['default mode: Replace active "True"', { op: 'Replace', path: 'active', value: 'True' }, true],
    ['flag mode: replace active true', { op: 'replace', path: 'active', value: true }, true],
    ['"FALSE" in upper case', { op: 'replace', path: 'active', value: 'FALSE' }, false],
    ['Okta path-less replace {active: false} (§6)', { op: 'replace', value: { active: false } }, false],
  ])('%s', (_, operation, active) => {
    const start = deepFreeze(aliceWith({ active: !active }));
    expect(unwrap(patchView(start, [operation]))).toEqual(aliceWith({ active }));
  });
});

describe('applyPatch: single-valued attributes (docs/entra.md §2.4, §7 checks 6 and 9)', () => {
  it.each<[string, unknown[], Record<string, unknown>]>([
    [
      'default mode: one op per attribute',
      [
        { op: 'Replace', path: 'userName', value: 'alice.new@contoso.com' },
        { op: 'Replace', path: 'name.familyName', value: 'Newname' },
        { op: 'Add', path: 'title', value: 'Lead Engineer' },
        { op: 'Replace', path: `${ENT}:department`, value: 'Platform' },
      ],
      {
        userName: 'alice.new@contoso.com',
        name: { formatted: 'Alice Example', givenName: 'Alice', familyName: 'Newname' },
        title: 'Lead Engineer',
        [ENT]: { employeeNumber: 'E-1001', department: 'Platform' },
      },
    ],
    [
      'flag mode: one path-less replace with dotted and URN-qualified keys',
      [
        {
          op: 'replace',
          value: {
            userName: 'alice.new@contoso.com',
            'name.familyName': 'Newname',
            [`${ENT}:department`]: 'Platform',
          },
        },
      ],
      {
        userName: 'alice.new@contoso.com',
        name: { formatted: 'Alice Example', givenName: 'Alice', familyName: 'Newname' },
        [ENT]: { employeeNumber: 'E-1001', department: 'Platform' },
      },
    ],
    [
      '§7 check 9: displayName, name.givenName and enterprise employeeNumber in one path-less replace',
      [
        {
          op: 'replace',
          value: {
            displayName: 'Ally Example',
            'name.givenName': 'Ally',
            [`${ENT}:employeeNumber`]: 'E-2002',
          },
        },
      ],
      {
        displayName: 'Ally Example',
        name: { formatted: 'Alice Example', givenName: 'Ally', familyName: 'Example' },
        [ENT]: { employeeNumber: 'E-2002', department: 'R&D' },
      },
    ],
  ])('%s', (_, operations, changes) => {
    expect(patchAlice(...operations)).toEqual(aliceWith(changes));
  });

  it('a path-less value may hold an extension object under its URN (Okta/RFC form)', () => {
    const result = patchAlice({ op: 'add', value: { [ENT]: { department: 'Platform', costCenter: 'CC1' } } });
    expect(result[ENT]).toEqual({ employeeNumber: 'E-1001', department: 'Platform', costCenter: 'CC1' });
  });

  it('Add on a single-valued attribute that is already set replaces it (§7 check 6)', () => {
    expect(patchAlice({ op: 'Add', path: 'displayName', value: 'Alice E.' }).displayName).toBe('Alice E.');
  });

  it('names in any case, and core paths with the core URN, resolve to canonical names', () => {
    const result = patchAlice(
      { op: 'replace', path: 'DISPLAYNAME', value: 'A' },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:nickName', value: 'Al' },
      { op: 'replace', path: 'Name.GivenName', value: 'Ally' },
    );
    expect(result).toMatchObject({ displayName: 'A', nickName: 'Al', name: { givenName: 'Ally' } });
  });

  it('add/replace of a complex attribute merges sub-attributes (RFC 7644 §3.5.2.1, §3.5.2.3)', () => {
    expect(patchAlice({ op: 'add', path: 'name', value: { middleName: 'J' } }).name).toEqual({
      formatted: 'Alice Example',
      givenName: 'Alice',
      familyName: 'Example',
      middleName: 'J',
    });
    expect(
      patchAlice({ op: 'replace', value: { name: { givenName: 'Ally', formatted: null } } }).name,
    ).toEqual({
      givenName: 'Ally',
      familyName: 'Example',
    });
  });

  it.each<[string, unknown]>([
    ['Replace with ""', { op: 'Replace', path: 'title', value: '' }],
    ['replace with null', { op: 'replace', path: 'title', value: null }],
    ['add with ""', { op: 'add', path: 'title', value: '' }],
    ['remove', { op: 'remove', path: 'title' }],
    ['a path-less null', { op: 'replace', value: { title: null } }],
  ])('%s clears the attribute', (_, operation) => {
    expect(patchAlice(operation)).toEqual(aliceWith({ title: undefined }));
  });

  it('remove of an attribute that is not there changes nothing', () => {
    expect(patchAlice({ op: 'remove', path: 'nickName' }, { op: 'remove', path: `${ENT}:manager` })).toEqual(
      alice,
    );
  });

  it('password is accepted and never stored (docs/okta.md)', () => {
    expect(patchAlice({ op: 'replace', path: 'password', value: 'hunter2' })).toEqual(alice);
    expect(patchAlice({ op: 'replace', value: { password: 'hunter2', nickName: 'Al' } })).toEqual(
      aliceWith({ nickName: 'Al' }),
    );
  });

  it('path-less keys no schema defines are ignored, as in a POST body', () => {
    expect(
      patchAlice({ op: 'replace', value: { nickname2: 'x', 'urn:example:other:User:x': 1, 'a b': 2 } }),
    ).toEqual(alice);
  });
});

describe('applyPatch: multi-valued attributes (docs/entra.md §2.5, §7 check 8)', () => {
  it('the §2.5 body: update the work email, add a mobile number, upsert a work address', () => {
    const result = patchAlice(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice.new@contoso.com' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
      { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '2 High St' },
    );
    expect(result).toEqual(
      aliceWith({
        emails: [{ primary: true, type: 'work', value: 'alice.new@contoso.com' }],
        phoneNumbers: [{ type: 'mobile', value: '+1 555 0199' }],
        addresses: [{ type: 'work', streetAddress: '2 High St' }],
      }),
    );
  });

  it('Add emails[type eq "work"].value on a user without a work email creates it', () => {
    const start = deepFreeze(aliceWith({ emails: undefined }));
    expect(
      unwrap(patchView(start, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'a@contoso.com' }])),
    ).toEqual(aliceWith({ emails: [{ type: 'work', value: 'a@contoso.com' }] }));
  });

  it('Replace with no match upserts; other elements are untouched', () => {
    const result = patchAlice({
      op: 'Replace',
      path: 'emails[type eq "home"].value',
      value: 'a@home.example',
    });
    expect(result.emails).toEqual([
      { primary: true, type: 'work', value: 'alice@contoso.com' },
      { type: 'home', value: 'a@home.example' },
    ]);
  });

  it("odd sub-attribute casing from Microsoft's mapping table (emails[…].Value)", () => {
    const result = patchAlice({ op: 'Replace', path: 'emails[type eq "other"].Value', value: 'o@x.com' });
    expect(result.emails).toEqual([
      { primary: true, type: 'work', value: 'alice@contoso.com' },
      { type: 'other', value: 'o@x.com' },
    ]);
  });

  it('roles[primary eq "True"].value: the string literal matches and seeds a boolean', () => {
    const created = patchAlice({ op: 'Add', path: 'roles[primary eq "True"].value', value: 'Admin' });
    expect(created.roles).toEqual([{ primary: true, value: 'Admin' }]);
    const updated = unwrap(
      patchView(deepFreeze(created), [
        { op: 'Replace', path: 'roles[primary eq "True"].display', value: 'Admin' },
      ]),
    );
    expect(updated.roles).toEqual([{ primary: true, value: 'Admin', display: 'Admin' }]);
  });

  it('add appends values not already present; replace replaces the list', () => {
    const added = patchAlice({
      op: 'add',
      path: 'emails',
      value: [
        { primary: true, type: 'work', value: 'alice@contoso.com' },
        { type: 'home', value: 'a@home.example' },
      ],
    });
    expect(added.emails).toEqual([
      { primary: true, type: 'work', value: 'alice@contoso.com' },
      { type: 'home', value: 'a@home.example' },
    ]);
    const replaced = patchAlice({ op: 'replace', path: 'emails', value: [{ type: 'home', value: 'h@x' }] });
    expect(replaced.emails).toEqual([{ type: 'home', value: 'h@x' }]);
  });

  it('a new primary value makes the others non-primary (RFC 7644 §3.5.2)', () => {
    const result = patchAlice({
      op: 'add',
      path: 'emails',
      value: [{ type: 'home', value: 'h@x', primary: 'True' }],
    });
    expect(result.emails).toEqual([
      { primary: false, type: 'work', value: 'alice@contoso.com' },
      { type: 'home', value: 'h@x', primary: true },
    ]);
  });

  it('filtered remove: whole elements, one sub-attribute, and a filter matching nothing', () => {
    expect(patchAlice({ op: 'remove', path: 'emails[type eq "work"]' })).toEqual(
      aliceWith({ emails: undefined }),
    );
    expect(patchAlice({ op: 'remove', path: 'emails[type eq "work"].primary' }).emails).toEqual([
      { type: 'work', value: 'alice@contoso.com' },
    ]);
    expect(patchAlice({ op: 'remove', path: 'emails[type eq "home"]' })).toEqual(alice);
    expect(patchAlice({ op: 'Replace', path: 'emails[type eq "work"].value', value: '' })).toEqual(
      aliceWith({ emails: [{ primary: true, type: 'work' }] }),
    );
  });

  it('remove with a value removes only the listed values, as for group members', () => {
    const start = deepFreeze(
      aliceWith({
        emails: [
          { type: 'work', value: 'A@x.com' },
          { type: 'home', value: 'b@x.com' },
        ],
      }),
    );
    const result = unwrap(
      patchView(start, [{ op: 'Remove', path: 'emails', value: [{ value: 'a@x.com' }] }]),
    );
    expect(result.emails).toEqual([{ type: 'home', value: 'b@x.com' }]);
    expect(unwrap(patchView(start, [{ op: 'remove', path: 'emails' }])).emails).toBeUndefined();
  });
});

describe('applyPatch: manager (docs/entra.md §2.9, §7 check 10)', () => {
  const withManager = deepFreeze(
    aliceWith({ [ENT]: { employeeNumber: 'E-1001', manager: { value: 'u_1c22' } } }),
  );
  const managerOf = (view: ScimView): unknown => (view[ENT] as Record<string, unknown> | undefined)?.manager;

  it.each<[string, unknown]>([
    ['default mode: Add with a bare string', { op: 'Add', path: `${ENT}:manager`, value: 'u_1c22' }],
    ['flag mode: add with a bare string', { op: 'add', path: `${ENT}:manager`, value: 'u_1c22' }],
    ['the RFC form {value}', { op: 'add', path: `${ENT}:manager`, value: { value: 'u_1c22' } }],
    [
      'the legacy one-element array',
      { op: 'Add', path: 'manager', value: [{ $ref: null, value: 'u_1c22' }] },
    ],
    ['a path-less URN key', { op: 'replace', value: { [`${ENT}:manager`]: 'u_1c22' } }],
    ['a dotted sub-attribute', { op: 'add', path: `${ENT}:manager.value`, value: 'u_1c22' }],
  ])('set: %s', (_, operation) => {
    expect(managerOf(patchAlice(operation))).toEqual({ value: 'u_1c22' });
  });

  it('change: Replace with a bare string replaces the whole value', () => {
    const start = deepFreeze(aliceWith({ [ENT]: { manager: { value: 'u_old', $ref: '../Users/u_old' } } }));
    const result = unwrap(patchView(start, [{ op: 'Replace', path: `${ENT}:manager`, value: 'u_1c22' }]));
    expect(managerOf(result)).toEqual({ value: 'u_1c22' });
  });

  it.each<[string, unknown]>([
    ['remove manager[value eq "…"] without the URN', { op: 'remove', path: 'manager[value eq "u_1c22"]' }],
    ['remove with the URN and a filter', { op: 'remove', path: `${ENT}:manager[value eq "u_1c22"]` }],
    ['remove with the plain URN path', { op: 'remove', path: `${ENT}:manager` }],
    ['remove with a plain unqualified path', { op: 'Remove', path: 'manager' }],
    ['remove with a value', { op: 'Remove', path: `${ENT}:manager`, value: [{ value: 'u_1c22' }] }],
    ['replace with ""', { op: 'Replace', path: `${ENT}:manager`, value: '' }],
    ['replace with null', { op: 'replace', path: `${ENT}:manager`, value: null }],
  ])('clear: %s', (_, operation) => {
    const result = unwrap(patchView(withManager, [operation]));
    expect(result[ENT]).toEqual({ employeeNumber: 'E-1001' });
  });

  it('remove manager[value eq "someone else"] leaves the current manager alone', () => {
    expect(unwrap(patchView(withManager, [{ op: 'remove', path: 'manager[value eq "u_other"]' }]))).toEqual(
      withManager,
    );
  });

  it('clearing the only enterprise attribute drops the extension object', () => {
    const start = deepFreeze(aliceWith({ [ENT]: { manager: { value: 'u_1c22' } } }));
    expect(unwrap(patchView(start, [{ op: 'remove', path: 'manager' }]))).toEqual(
      aliceWith({ [ENT]: undefined }),
    );
  });
});

describe('applyPatch: custom extension (docs/entra.md §4.2, §7 check 11)', () => {
  it('default mode: full URN paths with string-typed values', () => {
    const result = patchAlice(
      { op: 'Replace', path: `${ACME_URN}:f_costCode`, value: 'CC-78' },
      { op: 'Add', path: `${ACME_URN}:f_isContractor`, value: 'False' },
      { op: 'Replace', path: `${ACME_URN}:f_level`, value: '6' },
      { op: 'Replace', path: `${ACME_URN}:f_rate`, value: '12.5' },
    );
    expect(result[ACME_URN]).toEqual({
      f_costCode: 'CC-78',
      f_isContractor: false,
      f_level: 6,
      f_rate: 12.5,
    });
  });

  it('flag mode: the same keys in a path-less replace', () => {
    const result = patchAlice({
      op: 'replace',
      value: { [`${ACME_URN}:f_costCode`]: 'CC-78', [`${ACME_URN}:f_level`]: 6 },
    });
    expect(result[ACME_URN]).toEqual({ f_costCode: 'CC-78', f_level: 6 });
  });

  it('an immutable attribute may be set once and repeated unchanged', () => {
    const once = patchAlice({ op: 'add', path: `${ACME_URN}:f_badge`, value: 'QkFER0U=' });
    expect(once[ACME_URN]).toEqual({ f_badge: 'QkFER0U=' });
    expect(
      unwrap(
        patchView(deepFreeze(once), [{ op: 'replace', path: `${ACME_URN}:f_badge`, value: 'QkFER0U=' }]),
      ),
    ).toEqual(once);
  });
});

describe('applyPatch: groups (docs/entra.md §2.11, §6)', () => {
  it('Replace displayName (§7 check 14)', () => {
    const result = patchView(
      salesGroup,
      [{ op: 'Replace', path: 'displayName', value: 'Sales Europe' }],
      'Group',
    );
    expect(unwrap(result)).toEqual({ externalId: '3c5e9a10', displayName: 'Sales Europe' });
  });

  it('Okta path-less rename carrying the id: the id is ignored', () => {
    const operation = { op: 'replace', value: { id: 'g_77a0', displayName: 'Sales Europe' } };
    expect(unwrap(patchView(salesGroup, [operation], 'Group'))).toEqual({
      externalId: '3c5e9a10',
      displayName: 'Sales Europe',
    });
    expect(unwrap(patchView(salesGroup, [operation], 'Group', { id: 'g_77a0' })).displayName).toBe(
      'Sales Europe',
    );
  });
});

describe('applyPatch: rejections', () => {
  it.each<[string, unknown]>([
    ['id', { op: 'replace', path: 'id', value: 'x' }],
    ['meta', { op: 'replace', path: 'meta.lastModified', value: '2025-01-01T00:00:00Z' }],
    ['groups', { op: 'add', path: 'groups', value: [{ value: 'g1' }] }],
    ['schemas', { op: 'replace', path: 'schemas', value: [] }],
    ['manager.displayName', { op: 'replace', path: `${ENT}:manager.displayName`, value: 'Boss' }],
    ['meta in a path-less value', { op: 'replace', value: { displayName: 'x', meta: { version: 'W/"1"' } } }],
  ])('readOnly and server-owned targets: %s', (_, operation) => {
    const error = errorBody(patchView(frozenAlice, [operation]));
    expect(error.scimType).toBe('mutability');
    expect(error.detail).toMatch(/is readOnly|is set by the server/);
  });

  const withBadge = deepFreeze(aliceWith({ [ACME_URN]: { f_badge: 'QQ==' } }));
  const managedByU1 = deepFreeze(aliceWith({ [ENT]: { manager: { value: 'u_1' } } }));
  const badge =
    "Attribute 'urn:roster:scim:schemas:extension:acme:2:User:f_badge' is immutable; it cannot be changed once set.";
  it.each<[string, () => ReturnType<typeof patchView>, ScimType, string]>([
    [
      'readOnly: full error',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'id', value: 'x' }]),
      'mutability',
      "Attribute 'id' is readOnly; it cannot be changed.",
    ],
    [
      'a path-less id that differs from the resource id',
      () =>
        patchView(salesGroup, [{ op: 'replace', value: { id: 'g_other', displayName: 'x' } }], 'Group', {
          id: 'g_77a0',
        }),
      'mutability',
      "Attribute 'id' is readOnly; a path-less 'replace' may repeat it but not change it.",
    ],
    [
      'changing an immutable value: replace',
      () => patchView(withBadge, [{ op: 'replace', path: `${ACME_URN}:f_badge`, value: 'Qg==' }]),
      'mutability',
      badge,
    ],
    [
      'changing an immutable value: remove',
      () => patchView(withBadge, [{ op: 'remove', path: `${ACME_URN}:f_badge` }]),
      'mutability',
      badge,
    ],
    [
      'values of the wrong type: active "yes"',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'active', value: 'yes' }]),
      'invalidValue',
      `Attribute 'active' must be a boolean (true/false, or the strings "true"/"false" in any case); got a string.`,
    ],
    [
      'values of the wrong type: integer f_level "six"',
      () => patchView(frozenAlice, [{ op: 'replace', path: `${ACME_URN}:f_level`, value: 'six' }]),
      'invalidValue',
      "Attribute 'urn:roster:scim:schemas:extension:acme:2:User:f_level' must be an integer (a JSON number or a string of digits); got a string.",
    ],
    [
      'values of the wrong type: complex name as a string',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'name', value: 'Alice' }]),
      'invalidValue',
      "Attribute 'name' must be an object with sub-attributes; got a string.",
    ],
    [
      'values of the wrong type: emails[…].primary "maybe"',
      () => patchView(frozenAlice, [{ op: 'add', path: 'emails[type eq "work"].primary', value: 'maybe' }]),
      'invalidValue',
      `Attribute 'emails.primary' must be a boolean (true/false, or the strings "true"/"false" in any case); got a string.`,
    ],
    [
      'values of the wrong type: a path-less replace of a string',
      () => patchView(frozenAlice, [{ op: 'replace', value: 'Alice' }]),
      'invalidValue',
      "A 'replace' operation without a 'path' needs an object of attributes as its value; got a string.",
    ],
    [
      'removing a required attribute',
      () => patchView(frozenAlice, [{ op: 'remove', path: 'userName' }]),
      'invalidValue',
      "Attribute 'userName' is required; it cannot be removed.",
    ],
    [
      'clearing a required attribute with ""',
      () => patchView(frozenAlice, [{ op: 'Replace', path: 'userName', value: '' }]),
      'invalidValue',
      "Attribute 'userName' is required; it cannot be cleared.",
    ],
    [
      'clearing a required attribute with blanks',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'userName', value: '  ' }]),
      'invalidValue',
      "Attribute 'userName' is required and must not be empty.",
    ],
    [
      'clearing a required attribute with a path-less null (Group displayName)',
      () => patchView(salesGroup, [{ op: 'replace', value: { displayName: null } }], 'Group'),
      'invalidValue',
      "Attribute 'displayName' is required; it cannot be cleared.",
    ],
    [
      'unknown attributes in a path',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'nickname2', value: 'x' }]),
      'invalidPath',
      "Unknown attribute 'nickname2': User has no attribute 'nickname2'.",
    ],
    [
      'unknown attributes in a filter',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'emails[kind eq "work"].value', value: 'x' }]),
      'invalidFilter',
      "Unknown attribute: emails has no sub-attribute 'kind'.",
    ],
    [
      'a filter on an attribute without sub-attributes',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'userName[value eq "x"]', value: 'x' }]),
      'invalidFilter',
      "Invalid filter: userName has no sub-attributes to filter with '[...]'.",
    ],
    [
      'a filtered write to a single-valued attribute whose value does not match',
      () => patchView(managedByU1, [{ op: 'replace', path: 'manager[value eq "u_2"].value', value: 'u_3' }]),
      'noTarget',
      "The value of 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager' does not match the filter, and a single-valued attribute has room for no other.",
    ],
    [
      'a filter that matches nothing and does not describe an element (RFC 7644 §3.5.2.3)',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'emails[type ne "work"].value', value: 'x' }]),
      'noTarget',
      "No value of 'emails' matches the filter, and the filter does not describe one to create (only 'eq' comparisons joined by 'and' do).",
    ],
    [
      'limits: long strings',
      () => patchView(frozenAlice, [{ op: 'replace', path: 'title', value: 'x'.repeat(4097) }]),
      'invalidValue',
      "Attribute 'title' is longer than 4096 characters.",
    ],
    [
      'limits: too many values',
      () =>
        patchView(
          frozenAlice,
          [{ op: 'add', path: 'emails', value: [{ value: 'a@x' }, { value: 'b@x' }] }],
          'User',
          {
            limits: { maxValues: 2 },
          },
        ),
      'invalidValue',
      "Attribute 'emails' has 3 values; at most 2 are allowed.",
    ],
    [
      'operations built by hand: remove without a path',
      () => applyPatch(frozenAlice, [{ op: 'remove' }], userSchemas),
      'noTarget',
      "A 'remove' operation needs a 'path'.",
    ],
    [
      'operations built by hand: add without a value',
      () => applyPatch(frozenAlice, [{ op: 'add', path: { attr: 'title' } }], userSchemas),
      'invalidValue',
      "An 'add' operation needs a 'value'.",
    ],
  ])('%s', (_, result, scimType, detail) => {
    expectBadRequest(result(), scimType, detail);
  });

  it('is all-or-nothing: a failing operation leaves no trace of the earlier ones', () => {
    const result = patchView(frozenAlice, [
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'add', path: 'emails', value: [{ value: 'x@y' }] },
      { op: 'replace', path: 'active', value: 'nope' },
    ]);
    expect(result.ok).toBe(false);
    expect(frozenAlice).toEqual(alice);
  });
});
