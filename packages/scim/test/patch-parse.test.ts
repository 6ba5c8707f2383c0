import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_USER_SCHEMA,
  MAX_PATCH_OPERATIONS,
  parsePatchRequest,
  PATCH_OP_SCHEMA,
  type PatchOperation,
  type ScimType,
} from '../src/index.ts';
import { errorBody, expectBadRequest, unwrap, USER_URNS } from './helpers.ts';

const parse = (body: unknown) => parsePatchRequest(body, { knownSchemas: USER_URNS });
/** Wire bodies are parsed JSON; that is also how `__proto__` keys become own properties. */
const json = (text: string): unknown => JSON.parse(text);
const body = (...operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations });

describe('parsePatchRequest: what Entra and Okta send (docs/entra.md §2.4-§2.13, §6)', () => {
  it('Entra default mode: capitalised ops, one path per attribute (§2.4)', () => {
    const request = json(`{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [
        { "op": "Replace", "path": "userName", "value": "alice.new@contoso.com" },
        { "op": "Replace", "path": "name.familyName", "value": "Newname" },
        { "op": "Add",     "path": "title", "value": "Lead Engineer" },
        { "op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Platform" }
      ] }`);
    expect(unwrap(parse(request))).toEqual<PatchOperation[]>([
      { op: 'replace', path: { attr: 'userName' }, value: 'alice.new@contoso.com' },
      { op: 'replace', path: { attr: 'name', subAttr: 'familyName' }, value: 'Newname' },
      { op: 'add', path: { attr: 'title' }, value: 'Lead Engineer' },
      { op: 'replace', path: { schema: ENTERPRISE_USER_SCHEMA, attr: 'department' }, value: 'Platform' },
    ]);
  });

  it('Entra flag mode: one path-less replace (§2.4)', () => {
    const request = json(`{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [ { "op": "replace", "value": {
        "userName": "alice.new@contoso.com", "name.familyName": "Newname",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Platform" } } ] }`);
    expect(unwrap(parse(request))).toEqual([
      {
        op: 'replace',
        value: {
          userName: 'alice.new@contoso.com',
          'name.familyName': 'Newname',
          [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Platform',
        },
      },
    ]);
  });

  it('filtered paths and member removal forms (§2.5, §2.13)', () => {
    const request = json(`{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [
        { "op": "Add", "path": "emails[type eq \\"work\\"].value", "value": "a@x.com" },
        { "op": "Remove", "path": "members", "value": [{ "value": "u_8f31" }] },
        { "op": "remove", "path": "members[value eq \\"u_8f31\\"]" }
      ] }`);
    expect(unwrap(parse(request))).toEqual([
      {
        op: 'add',
        path: {
          attr: 'emails',
          subAttr: 'value',
          valueFilter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
        },
        value: 'a@x.com',
      },
      { op: 'remove', path: { attr: 'members' }, value: [{ value: 'u_8f31' }] },
      {
        op: 'remove',
        path: {
          attr: 'members',
          valueFilter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: 'u_8f31' },
        },
      },
    ]);
  });

  it.each(['add', 'Add', 'ADD', 'replace', 'Replace', 'REPLACE', 'remove', 'Remove', 'REMOVE', 'rEmOvE'])(
    'op %j in any case (§7 check 6)',
    (op) => {
      const [parsed] = unwrap(parse(body({ op, path: 'title', value: 'x' })));
      expect(parsed?.op).toBe(op.toLowerCase());
    },
  );

  it.each(['Operations', 'operations', 'OPERATIONS'])('the %j key in any case', (key) => {
    const request = { schemas: [PATCH_OP_SCHEMA], [key]: [{ op: 'replace', path: 'active', value: false }] };
    expect(unwrap(parse(request))).toEqual([{ op: 'replace', path: { attr: 'active' }, value: false }]);
  });

  it('the PatchOp URN and the op keys in any case', () => {
    const request = {
      SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()],
      Operations: [{ Op: 'Replace', Path: 'active', Value: 'False' }],
    };
    expect(unwrap(parse(request))).toEqual([{ op: 'replace', path: { attr: 'active' }, value: 'False' }]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an empty string', ''],
    ['false', false],
  ])('add/replace with %s as the value is allowed (it means "clear")', (_, value) => {
    expect(unwrap(parse(body({ op: 'Replace', path: 'title', value })))).toEqual([
      { op: 'replace', path: { attr: 'title' }, value },
    ]);
  });

  it('a null or blank path means "no path"', () => {
    expect(unwrap(parse(body({ op: 'replace', path: null, value: { active: false } })))).toEqual([
      { op: 'replace', value: { active: false } },
    ]);
    expect(unwrap(parse(body({ op: 'replace', path: ' ', value: { active: false } })))).toEqual([
      { op: 'replace', value: { active: false } },
    ]);
  });

  it(`accepts ${MAX_PATCH_OPERATIONS} operations`, () => {
    const operations = Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({
      op: 'add',
      path: 'title',
      value: 'x',
    }));
    expect(unwrap(parse(body(...operations)))).toHaveLength(MAX_PATCH_OPERATIONS);
  });
});

describe('parsePatchRequest: rejections', () => {
  const tooMany = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({
    op: 'add',
    path: 'a',
    value: 1,
  }));
  it.each<[string, unknown, ScimType, string]>([
    ['a body that is not an object', [], 'invalidSyntax', 'The request body must be a JSON object.'],
    [
      'schemas without the PatchOp URN',
      { Operations: [{ op: 'add', path: 'title', value: 'x' }] },
      'invalidSyntax',
      "A PATCH request must have 'schemas' containing 'urn:ietf:params:scim:api:messages:2.0:PatchOp'.",
    ],
    [
      'schemas as a string',
      { schemas: 'urn:ietf:params:scim:api:messages:2.0:PatchOp', Operations: [] },
      'invalidSyntax',
      "A PATCH request must have 'schemas' containing 'urn:ietf:params:scim:api:messages:2.0:PatchOp'.",
    ],
    [
      'Operations missing',
      { schemas: [PATCH_OP_SCHEMA] },
      'invalidSyntax',
      "A PATCH request must have 'Operations', a non-empty array; got none.",
    ],
    [
      'Operations empty',
      body(),
      'invalidSyntax',
      "A PATCH request must have 'Operations', a non-empty array; got an array.",
    ],
    [
      'Operations not an array',
      { schemas: [PATCH_OP_SCHEMA], Operations: { op: 'add' } },
      'invalidSyntax',
      "A PATCH request must have 'Operations', a non-empty array; got an object.",
    ],
    [
      'Operations too long',
      body(...tooMany),
      'invalidSyntax',
      'A PATCH request may have at most 1000 operations; got 1001.',
    ],
    [
      'Operations twice in different case',
      { schemas: [PATCH_OP_SCHEMA], Operations: [], operations: [] },
      'invalidSyntax',
      "The request body has 'Operations' and 'operations'; send 'Operations' once.",
    ],
    [
      'an operation that is not an object',
      body('replace'),
      'invalidSyntax',
      'Operations[0] must be an object; got a string.',
    ],
    [
      'an operation without op',
      body({ path: 'title', value: 'x' }),
      'invalidSyntax',
      "Operations[0] has no 'op'; it must be 'add', 'replace' or 'remove'.",
    ],
    [
      'an unknown op',
      body({ op: 'add', path: 'title', value: 'x' }, { op: 'copy', path: 'title' }),
      'invalidSyntax',
      "Operations[1].op must be 'add', 'replace' or 'remove'; got 'copy'.",
    ],
    [
      'a malformed path',
      body({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }),
      'invalidPath',
      "Operations[0].path: Invalid path at position 22: expected 'and', 'or' or ']' to close the '[' at position 7, found the end of the input.",
    ],
    [
      'a non-string path',
      body({ op: 'replace', path: 42, value: 'x' }),
      'invalidPath',
      'Operations[0].path must be a string; got a number.',
    ],
    [
      'remove without a path (RFC 7644 §3.5.2.2)',
      body({ op: 'Remove', value: [{ value: 'u1' }] }),
      'noTarget',
      "Operations[0]: a 'remove' operation needs a 'path'.",
    ],
    [
      'add without a value',
      body({ op: 'Add', path: 'title' }),
      'invalidValue',
      "Operations[0]: an 'add' operation needs a 'value'.",
    ],
    [
      'replace without a value',
      body({ op: 'replace' }),
      'invalidValue',
      "Operations[0]: a 'replace' operation needs a 'value'.",
    ],
  ])('%s', (_, request, scimType, detail) => {
    expectBadRequest(parse(request), scimType, detail);
  });

  it.each([
    `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "value": { "__proto__": { "admin": true } } }] }`,
    `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "path": "name", "value": { "constructor": { "prototype": 1 } } }] }`,
    `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "path": "emails", "value": [{ "prototype": 1 }] }] }`,
    `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "path": "title", "value": { "$where": "1" } }] }`,
    `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "__proto__": [] }`,
  ])('unsafe keys anywhere: %s', (text) => {
    const error = errorBody(parse(json(text)));
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toMatch(
      /^Attribute name '(__proto__|constructor|prototype|\$where)' is not allowed/,
    );
  });

  it('an unsafe key: full error', () => {
    const request = json(
      `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "value": { "__proto__": { "admin": true } } }] }`,
    );
    expectBadRequest(
      parse(request),
      'invalidSyntax',
      "Attribute name '__proto__' is not allowed (found at 'Operations[0].value.__proto__').",
    );
  });
});
