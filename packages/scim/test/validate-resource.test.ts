import { describe, expect, it } from 'vitest';
import {
  attribute,
  DEFAULT_RESOURCE_LIMITS,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  GROUP_SCHEMA,
  MAX_IGNORED_REPORTED,
  USER_SCHEMA,
  validateResource,
  type AttributeValues,
  type SchemaDefinition,
  type ValidatedResource,
} from '../src/index.ts';
import { ACME_URN, errorBody, expectBadRequest, unwrap } from './helpers.ts';
import { acmeSchema, alice } from './patch-fixtures.ts';

/** Users with the enterprise extension and account acme's, one field per type Entra offers (§4.3). */
const userOptions = { extensions: [enterpriseUserSchemaDefinition, acmeSchema] };
const validateUser = (body: unknown) => validateResource(body, 'User', userOptions);
const validateGroup = (body: unknown) => validateResource(body, 'Group', { extensions: [] });
/** Real wire bodies are parsed JSON, which is also how `__proto__` keys become own properties. */
const json = (text: string): unknown => JSON.parse(text);

describe('validateResource: real client payloads', () => {
  it('Entra POST /Users (docs/entra.md §2.3)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "externalId": "alice",
      "userName": "alice@contoso.com",
      "active": true,
      "displayName": "Alice Example",
      "title": "Engineer",
      "emails": [{ "primary": true, "type": "work", "value": "alice@contoso.com" }],
      "name": { "formatted": "Alice Example", "givenName": "Alice", "familyName": "Example" },
      "phoneNumbers": [{ "type": "mobile", "value": "+1 555 0100" }],
      "addresses": [{ "type": "work", "formatted": "1 Main St", "country": "US", "primary": true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "E-1001", "department": "R&D" },
      "roles": [],
      "meta": { "resourceType": "User" }
    }`);
    // What it validates to is the stored `alice` fixture (the same §2.3 user), plus the address.
    const { [ENTERPRISE_USER_SCHEMA]: enterprise, ...core } = alice;
    expect(unwrap(validateUser(body))).toEqual<ValidatedResource>({
      resourceType: 'User',
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      core: { ...core, addresses: [{ type: 'work', formatted: '1 Main St', country: 'US', primary: true }] },
      extensions: { [ENTERPRISE_USER_SCHEMA]: enterprise as AttributeValues },
      ignored: [],
    });
  });

  it('Entra POST with explicit nulls from the old docs sample (docs/entra.md §2.3)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName": "bob@contoso.com", "addresses": null, "manager": null, "nickName": null,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": null
    }`);
    expect(unwrap(validateUser(body))).toEqual({
      resourceType: 'User',
      schemas: [USER_SCHEMA],
      core: { userName: 'bob@contoso.com' },
      extensions: {},
      ignored: [],
    });
  });

  it('Entra custom extension under its URN, which is missing from schemas (docs/entra.md §4.2)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "userName": "alice@contoso.com",
      "urn:roster:scim:schemas:extension:acme:2:User": {
        "f_costCode": "CC-77", "f_isContractor": true, "f_level": 5, "f_startDate": "2025-03-01T00:00:00Z"
      }
    }`);
    const validated = unwrap(validateUser(body));
    expect(validated.schemas).toEqual([USER_SCHEMA, ACME_URN]);
    expect(validated.extensions).toEqual({
      [ACME_URN]: {
        f_costCode: 'CC-77',
        f_isContractor: true,
        f_level: 5,
        f_startDate: '2025-03-01T00:00:00Z',
      },
    });
  });

  it('Entra manager as a bare id inside the enterprise object (docs/entra.md §2.3, directory-scimple #1242)', () => {
    const body = {
      schemas: [USER_SCHEMA],
      userName: 'alice@contoso.com',
      [ENTERPRISE_USER_SCHEMA]: { manager: 'u_1c22' },
    };
    expect(unwrap(validateUser(body)).extensions).toEqual({
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'u_1c22' } },
    });
  });

  it.each<[string, unknown, unknown]>([
    [
      'RFC object',
      { value: 'u_1c22', $ref: '../Users/u_1c22', displayName: 'Bob' },
      { value: 'u_1c22', $ref: '../Users/u_1c22' },
    ],
    ['bare id', 'u_1c22', { value: 'u_1c22' }],
    [
      'legacy one-element array (docs/entra.md §2.9)',
      [{ $ref: 'https://x/Users/u_1c22', value: 'u_1c22' }],
      { $ref: 'https://x/Users/u_1c22', value: 'u_1c22' },
    ],
    ['empty string', '', undefined],
    ['empty array', [], undefined],
    ['empty object', {}, undefined],
    ['only the readOnly displayName', { displayName: 'Bob' }, undefined],
  ])('manager given as %s', (_shape, manager, expected) => {
    const validated = unwrap(
      validateUser({ schemas: [USER_SCHEMA], userName: 'a', [ENTERPRISE_USER_SCHEMA]: { manager } }),
    );
    expect(validated.extensions[ENTERPRISE_USER_SCHEMA]?.['manager']).toEqual(expected);
  });

  it('Okta POST /Users with password and groups: [] (docs/okta.md)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName": "test.user@okta.local",
      "name": { "givenName": "Test", "familyName": "User" },
      "emails": [{ "primary": true, "value": "test.user@okta.local", "type": "work" }],
      "displayName": "Test User",
      "locale": "en-US",
      "externalId": "00ujl29u0le5T6Aj10h7",
      "groups": [],
      "password": "1mz050nq",
      "active": true
    }`);
    expect(unwrap(validateUser(body))).toEqual({
      resourceType: 'User',
      schemas: [USER_SCHEMA],
      core: {
        userName: 'test.user@okta.local',
        name: { givenName: 'Test', familyName: 'User' },
        emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
        displayName: 'Test User',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        active: true,
      },
      extensions: {},
      ignored: [],
    });
  });

  it('Entra POST /Groups with the Microsoft schema URI (docs/entra.md §2.10)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      "externalId": "3c5e9a10-0b7d-4a55-9e2e-8d1f00c4aa01",
      "displayName": "Sales EMEA",
      "meta": { "resourceType": "Group" }
    }`);
    expect(unwrap(validateGroup(body))).toEqual({
      resourceType: 'Group',
      schemas: [GROUP_SCHEMA],
      core: { externalId: '3c5e9a10-0b7d-4a55-9e2e-8d1f00c4aa01', displayName: 'Sales EMEA' },
      extensions: {},
      ignored: [],
    });
  });

  it('Okta Push Groups POST with members (docs/okta.md)', () => {
    const body = json(`{
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      "displayName": "Engineering",
      "members": [{ "value": "u_1", "display": "Alice" }, { "value": "u_2", "$ref": null, "type": "User" }]
    }`);
    expect(unwrap(validateGroup(body)).core).toEqual({
      displayName: 'Engineering',
      members: [{ value: 'u_1' }, { value: 'u_2', type: 'User' }],
    });
    expect(
      unwrap(validateGroup({ schemas: [GROUP_SCHEMA], displayName: 'Empty', members: [] })).core,
    ).toEqual({ displayName: 'Empty' });
  });
});

describe('validateResource: names, values and coercions', () => {
  it('matches names case-insensitively and emits canonical names', () => {
    const validated = unwrap(
      validateUser({
        SCHEMAS: [USER_SCHEMA.toUpperCase()],
        USERNAME: 'a',
        Name: { GIVENNAME: 'A' },
        eMaIlS: [{ VALUE: 'a@x', Type: 'work' }],
        ExternalID: 'e1',
        [ENTERPRISE_USER_SCHEMA.toUpperCase()]: { EmployeeNumber: '1', MANAGER: { VALUE: 'm' } },
      }),
    );
    expect(validated).toEqual({
      resourceType: 'User',
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      core: {
        userName: 'a',
        name: { givenName: 'A' },
        emails: [{ value: 'a@x', type: 'work' }],
        externalId: 'e1',
      },
      extensions: { [ENTERPRISE_USER_SCHEMA]: { employeeNumber: '1', manager: { value: 'm' } } },
      ignored: [],
    });
  });

  it('keeps strings exactly as received', () => {
    const odd = [
      '  padded  ',
      '+1 (555) 0100',
      'ÄÖÜ 😀',
      '2025-03-01',
      '20250301000000.0Z',
      'line\nbreak',
      '',
    ];
    for (const value of odd) {
      const validated = unwrap(
        validateUser({
          schemas: [USER_SCHEMA],
          userName: 'a',
          title: value,
          [ACME_URN]: { f_startDate: value },
        }),
      );
      expect(validated.core['title']).toBe(value);
      expect(validated.extensions[ACME_URN]?.['f_startDate']).toBe(value);
    }
  });

  it.each<[string, unknown, unknown]>([
    ['active', true, true],
    ['active', false, false],
    ['active', 'True', true],
    ['active', 'False', false],
    ['active', 'TRUE', true],
    ['active', 'false', false],
    [`${ACME_URN}:f_isContractor`, 'False', false],
    [`${ACME_URN}:f_level`, '6', 6],
    [`${ACME_URN}:f_level`, '-42', -42],
    [`${ACME_URN}:f_level`, 6, 6],
    [`${ACME_URN}:f_rate`, '12.50', 12.5],
    [`${ACME_URN}:f_rate`, '1e3', 1000],
    [`${ACME_URN}:f_rate`, 0.1, 0.1],
    [`${ACME_URN}:f_badge`, 'TWFu', 'TWFu'],
  ])('%s: %j -> %j', (path, raw, expected) => {
    const [urn, name] = path.includes(':f_')
      ? [ACME_URN, path.slice(ACME_URN.length + 1)]
      : [undefined, path];
    const body =
      urn === undefined
        ? { schemas: [USER_SCHEMA], userName: 'a', [name]: raw }
        : { schemas: [USER_SCHEMA], userName: 'a', [urn]: { [name]: raw } };
    const validated = unwrap(validateUser(body));
    expect(urn === undefined ? validated.core[name] : validated.extensions[urn]?.[name]).toEqual(expected);
  });

  it('drops readOnly and writeOnly attributes silently, reports unknown ones', () => {
    const validated = unwrap(
      validateUser({
        schemas: [USER_SCHEMA, 'urn:example:other:2.0:User'],
        id: 'client-chosen-id',
        meta: { created: '2020-01-01T00:00:00Z' },
        groups: [{ value: 'g1' }],
        password: 'secret',
        userName: 'a',
        nickname2: 'x',
        name: { givenName: 'A', nick: 'x' },
        emails: [{ value: 'a@x', label: 'home' }],
        'urn:example:other:2.0:User': { foo: 1 },
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'R&D',
        [ENTERPRISE_USER_SCHEMA]: { costcentre: '1', manager: { value: 'm', displayName: 'Boss', grade: 3 } },
      }),
    );
    expect(validated.core).toEqual({ userName: 'a', name: { givenName: 'A' }, emails: [{ value: 'a@x' }] });
    expect(validated.extensions).toEqual({ [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'm' } } });
    expect(validated.ignored).toEqual([
      'nickname2',
      'name.nick',
      'emails[0].label',
      'urn:example:other:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      `${ENTERPRISE_USER_SCHEMA}:costcentre`,
      `${ENTERPRISE_USER_SCHEMA}:manager.grade`,
    ]);
  });

  it(`reports at most ${MAX_IGNORED_REPORTED} ignored attributes`, () => {
    const body: Record<string, unknown> = { schemas: [USER_SCHEMA], userName: 'a' };
    for (let i = 0; i < 500; i += 1) body[`x${i}`] = i;
    expect(unwrap(validateUser(body)).ignored).toHaveLength(MAX_IGNORED_REPORTED);
  });

  it('treats null elements, empty arrays and empty complex values as absent', () => {
    const validated = unwrap(
      validateUser({
        schemas: [USER_SCHEMA],
        userName: 'a',
        emails: [null, {}, { value: null }],
        roles: [],
        name: { givenName: null },
        phoneNumbers: [null, { value: '1' }],
      }),
    );
    expect(validated.core).toEqual({ userName: 'a', phoneNumbers: [{ value: '1' }] });
  });

  it('accepts extensions a Group does not allow as ignored data', () => {
    const validated = unwrap(
      validateGroup({
        schemas: [GROUP_SCHEMA],
        displayName: 'g',
        [ENTERPRISE_USER_SCHEMA]: { department: 'x' },
      }),
    );
    expect(validated.extensions).toEqual({});
    expect(validated.ignored).toEqual([ENTERPRISE_USER_SCHEMA]);
  });

  it('allows $ref keys anywhere', () => {
    expect(
      unwrap(
        validateGroup({
          schemas: [GROUP_SCHEMA],
          displayName: 'g',
          members: [{ value: 'u', $REF: 'https://x/Users/u' }],
        }),
      ).core,
    ).toEqual({
      displayName: 'g',
      members: [{ value: 'u', $ref: 'https://x/Users/u' }],
    });
  });

  it('requires custom extension attributes only when the extension is sent', () => {
    const strict: SchemaDefinition = {
      ...acmeSchema,
      attributes: [attribute('f_code', 'string', 'Code', { required: true })],
    };
    const options = { extensions: [strict] };
    expect(validateResource({ schemas: [USER_SCHEMA], userName: 'a' }, 'User', options).ok).toBe(true);
    expect(
      errorBody(
        validateResource(
          { schemas: [USER_SCHEMA], userName: 'a', [ACME_URN]: { other: 1 } },
          'User',
          options,
        ),
      ).detail,
    ).toBe(`Attribute '${ACME_URN}:f_code' is required.`);
  });
});

describe('validateResource: rejections', () => {
  it.each<[string, unknown, 'invalidSyntax' | 'invalidValue', string]>([
    ['an array body', [], 'invalidSyntax', 'The request body must be a JSON object.'],
    ['a string body', '{"userName":"a"}', 'invalidSyntax', 'The request body must be a JSON object.'],
    ['a null body', null, 'invalidSyntax', 'The request body must be a JSON object.'],
    [
      '__proto__ at the top',
      json('{"schemas":[], "__proto__": {"admin": true}}'),
      'invalidSyntax',
      "Attribute name '__proto__' is not allowed (found at '__proto__').",
    ],
    [
      '__proto__ deep in a known attribute',
      json(`{"schemas":["${USER_SCHEMA}"],"userName":"a","emails":[{"value":"x","__proto__":{}}]}`),
      'invalidSyntax',
      "Attribute name '__proto__' is not allowed (found at 'emails[0].__proto__').",
    ],
    [
      'constructor inside an unknown attribute',
      json('{"x": {"y": [{"constructor": {"prototype": 1}}]}}'),
      'invalidSyntax',
      "Attribute name 'constructor' is not allowed (found at 'x.y[0].constructor').",
    ],
    [
      'prototype',
      { schemas: [USER_SCHEMA], userName: 'a', name: { prototype: 'x' } },
      'invalidSyntax',
      "Attribute name 'prototype' is not allowed (found at 'name.prototype').",
    ],
    [
      'a $ key (MongoDB operator)',
      { schemas: [USER_SCHEMA], userName: { $ne: null } },
      'invalidSyntax',
      "Attribute name '$ne' is not allowed: '$ref' is the only attribute name that may start with '$' (found at 'userName.$ne').",
    ],
    [
      'the same attribute twice',
      { schemas: [USER_SCHEMA], userName: 'a', USERNAME: 'b' },
      'invalidSyntax',
      "Attribute 'userName' appears twice, as 'userName' and 'USERNAME'.",
    ],
    [
      'schemas twice',
      { schemas: [USER_SCHEMA], Schemas: [USER_SCHEMA], userName: 'a' },
      'invalidSyntax',
      "Attribute 'Schemas' appears twice, as 'schemas' and 'Schemas'.",
    ],
    [
      'an extension twice',
      {
        schemas: [USER_SCHEMA],
        userName: 'a',
        [ENTERPRISE_USER_SCHEMA]: {},
        [ENTERPRISE_USER_SCHEMA.toUpperCase()]: {},
      },
      'invalidSyntax',
      `Attribute '${ENTERPRISE_USER_SCHEMA.toUpperCase()}' appears twice, as '${ENTERPRISE_USER_SCHEMA}' and '${ENTERPRISE_USER_SCHEMA.toUpperCase()}'.`,
    ],
    [
      'no schemas',
      { userName: 'a' },
      'invalidValue',
      `Attribute 'schemas' must be an array of schema URNs that includes '${USER_SCHEMA}'.`,
    ],
    [
      'schemas as a string',
      { schemas: USER_SCHEMA, userName: 'a' },
      'invalidValue',
      `Attribute 'schemas' must be an array of schema URNs that includes '${USER_SCHEMA}'.`,
    ],
    [
      'a non-string in schemas',
      { schemas: [USER_SCHEMA, 1], userName: 'a' },
      'invalidValue',
      `Attribute 'schemas' must be an array of schema URNs that includes '${USER_SCHEMA}'; it contains a non-string.`,
    ],
    [
      'the Group schema on a User',
      { schemas: [GROUP_SCHEMA], userName: 'a' },
      'invalidValue',
      `Attribute 'schemas' must be an array of schema URNs that includes '${USER_SCHEMA}' for a User.`,
    ],
    [
      'no userName',
      { schemas: [USER_SCHEMA], displayName: 'a' },
      'invalidValue',
      "Attribute 'userName' is required.",
    ],
    [
      'a null userName',
      { schemas: [USER_SCHEMA], userName: null },
      'invalidValue',
      "Attribute 'userName' is required.",
    ],
    [
      'an empty userName',
      { schemas: [USER_SCHEMA], userName: ' ' },
      'invalidValue',
      "Attribute 'userName' is required and must not be empty.",
    ],
    [
      'a numeric userName',
      { schemas: [USER_SCHEMA], userName: 42 },
      'invalidValue',
      "Attribute 'userName' must be a string; got a number.",
    ],
    [
      'a non-boolean active',
      { schemas: [USER_SCHEMA], userName: 'a', active: 'yes' },
      'invalidValue',
      `Attribute 'active' must be a boolean (true/false, or the strings "true"/"false" in any case); got a string.`,
    ],
    [
      'active as a number',
      { schemas: [USER_SCHEMA], userName: 'a', active: 1 },
      'invalidValue',
      `Attribute 'active' must be a boolean (true/false, or the strings "true"/"false" in any case); got a number.`,
    ],
    [
      'a single email object',
      { schemas: [USER_SCHEMA], userName: 'a', emails: { value: 'a@x' } },
      'invalidValue',
      "Attribute 'emails' must be an array; got an object.",
    ],
    [
      'an email as a string',
      { schemas: [USER_SCHEMA], userName: 'a', emails: ['a@x'] },
      'invalidValue',
      "Attribute 'emails[0]' must be an object with sub-attributes; got a string.",
    ],
    [
      'nested arrays',
      { schemas: [USER_SCHEMA], userName: 'a', emails: [[{ value: 'a@x' }]] },
      'invalidValue',
      "Attribute 'emails[0]' must be an object with sub-attributes; got an array.",
    ],
    [
      'a numeric email value',
      { schemas: [USER_SCHEMA], userName: 'a', emails: [{ value: 'x' }, { value: 5 }] },
      'invalidValue',
      "Attribute 'emails[1].value' must be a string; got a number.",
    ],
    [
      'an object where a string belongs',
      { schemas: [USER_SCHEMA], userName: 'a', name: { givenName: { first: 'A' } } },
      'invalidValue',
      "Attribute 'name.givenName' must be a string; got an object.",
    ],
    [
      'name as a string',
      { schemas: [USER_SCHEMA], userName: 'a', name: 'Alice' },
      'invalidValue',
      "Attribute 'name' must be an object with sub-attributes; got a string.",
    ],
    [
      'a primary that is not boolean',
      { schemas: [USER_SCHEMA], userName: 'a', emails: [{ value: 'x', primary: 'yes' }] },
      'invalidValue',
      `Attribute 'emails[0].primary' must be a boolean (true/false, or the strings "true"/"false" in any case); got a string.`,
    ],
    [
      'an extension that is not an object',
      { schemas: [USER_SCHEMA], userName: 'a', [ENTERPRISE_USER_SCHEMA]: 'x' },
      'invalidValue',
      `Attribute '${ENTERPRISE_USER_SCHEMA}' must be an object holding the extension's attributes; got a string.`,
    ],
    [
      'two managers',
      {
        schemas: [USER_SCHEMA],
        userName: 'a',
        [ENTERPRISE_USER_SCHEMA]: { manager: [{ value: 'm1' }, { value: 'm2' }] },
      },
      'invalidValue',
      `Attribute '${ENTERPRISE_USER_SCHEMA}:manager' is single-valued; got an array of 2 values.`,
    ],
    [
      'a manager id that is a number',
      { schemas: [USER_SCHEMA], userName: 'a', [ENTERPRISE_USER_SCHEMA]: { manager: 7 } },
      'invalidValue',
      `Attribute '${ENTERPRISE_USER_SCHEMA}:manager' must be an object with sub-attributes; got a number.`,
    ],
    [
      'a fractional integer',
      { schemas: [USER_SCHEMA], userName: 'a', [ACME_URN]: { f_level: '6.5' } },
      'invalidValue',
      `Attribute '${ACME_URN}:f_level' must be an integer (a JSON number or a string of digits); got a string.`,
    ],
    [
      'an unsafe integer',
      { schemas: [USER_SCHEMA], userName: 'a', [ACME_URN]: { f_level: 2 ** 60 } },
      'invalidValue',
      `Attribute '${ACME_URN}:f_level' must be an integer (a JSON number or a string of digits); got a number.`,
    ],
    [
      'a decimal that is not a number',
      { schemas: [USER_SCHEMA], userName: 'a', [ACME_URN]: { f_rate: 'NaN' } },
      'invalidValue',
      `Attribute '${ACME_URN}:f_rate' must be a number (a JSON number or a numeric string); got a string.`,
    ],
    [
      'a boolean for a string',
      { schemas: [USER_SCHEMA], userName: 'a', [ACME_URN]: { f_costCode: true } },
      'invalidValue',
      `Attribute '${ACME_URN}:f_costCode' must be a string; got a boolean.`,
    ],
  ])('%s', (_case, body, scimType, detail) => {
    expect(errorBody(validateUser(body))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType,
      detail,
    });
  });

  it('requires displayName on a Group', () => {
    expectBadRequest(
      validateGroup({ schemas: [GROUP_SCHEMA], externalId: 'x' }),
      'invalidValue',
      "Attribute 'displayName' is required.",
    );
    expect(errorBody(validateGroup({ schemas: [USER_SCHEMA], displayName: 'x' })).detail).toBe(
      `Attribute 'schemas' must be an array of schema URNs that includes '${GROUP_SCHEMA}' for a Group.`,
    );
  });

  it('limits string length', () => {
    const max = DEFAULT_RESOURCE_LIMITS.maxStringLength;
    expect(validateUser({ schemas: [USER_SCHEMA], userName: 'a'.repeat(max) }).ok).toBe(true);
    expectBadRequest(
      validateUser({ schemas: [USER_SCHEMA], userName: 'a', name: { givenName: 'a'.repeat(max + 1) } }),
      'invalidValue',
      "Attribute 'name.givenName' is longer than 4096 characters.",
    );
    expect(
      errorBody(
        validateUser({
          schemas: [USER_SCHEMA],
          userName: 'a',
          [ENTERPRISE_USER_SCHEMA]: { manager: 'm'.repeat(max + 1) },
        }),
      ).detail,
    ).toBe(`Attribute '${ENTERPRISE_USER_SCHEMA}:manager.value' is longer than 4096 characters.`);
  });

  it('limits multi-valued attributes to 1000 values, Group members to 10000', () => {
    const emails = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `u${i}@x` }));
    expect(validateUser({ schemas: [USER_SCHEMA], userName: 'a', emails: emails(1000) }).ok).toBe(true);
    expect(
      errorBody(validateUser({ schemas: [USER_SCHEMA], userName: 'a', emails: emails(1001) })).detail,
    ).toBe("Attribute 'emails' has 1001 values; at most 1000 are allowed.");
    const members = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `u${i}` }));
    expect(validateGroup({ schemas: [GROUP_SCHEMA], displayName: 'g', members: members(10_000) }).ok).toBe(
      true,
    );
    expect(
      errorBody(validateGroup({ schemas: [GROUP_SCHEMA], displayName: 'g', members: members(10_001) }))
        .detail,
    ).toBe("Attribute 'members' has 10001 values; at most 10000 are allowed.");
  });

  it('takes limit overrides', () => {
    const limits = { maxStringLength: 3, maxValues: 1 };
    expect(
      validateResource({ schemas: [USER_SCHEMA], userName: 'abcd' }, 'User', { extensions: [], limits }).ok,
    ).toBe(false);
    expect(
      validateResource({ schemas: [USER_SCHEMA], userName: 'a', emails: [{}, {}] }, 'User', {
        extensions: [],
        limits,
      }).ok,
    ).toBe(false);
  });

  it('survives hostile nesting without recursion limits', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = { a: [deep] };
    expect(unwrap(validateUser({ schemas: [USER_SCHEMA], userName: 'a', junk: deep })).ignored).toEqual([
      'junk',
    ]);
    expect(validateUser({ schemas: [USER_SCHEMA], userName: 'a', name: deep }).ok).toBe(true);
    const cyclic: Record<string, unknown> = { schemas: [USER_SCHEMA], userName: 'a' };
    cyclic['self'] = cyclic;
    expect(unwrap(validateUser(cyclic)).ignored).toEqual(['self']);
  });
});
