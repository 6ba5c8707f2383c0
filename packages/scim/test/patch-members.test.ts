import { describe, expect, it } from 'vitest';
import {
  GROUP_SCHEMA,
  MAX_MEMBERS_PER_OPERATION,
  parsePatchRequest,
  PATCH_OP_SCHEMA,
  splitMemberChanges,
  type MemberSplit,
  type ScimType,
} from '../src/index.ts';
import { expectBadRequest, unwrap } from './helpers.ts';

/** Parses a wire body (JSON text, as Entra and Okta send it) and splits it. */
const split = (text: string) => {
  const ops = unwrap(parsePatchRequest(JSON.parse(text), { knownSchemas: [GROUP_SCHEMA] }));
  return splitMemberChanges(ops);
};
const ops = (...operations: unknown[]) =>
  JSON.stringify({ schemas: [PATCH_OP_SCHEMA], Operations: operations });

describe('splitMemberChanges: Entra and Okta membership PATCHes', () => {
  it('Entra adds one member with "$ref": null (docs/entra.md §2.12)', () => {
    const text = `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [ { "op": "Add", "path": "members", "value": [ { "$ref": null, "value": "u_8f31" } ] } ] }`;
    expect(unwrap(split(text))).toEqual<MemberSplit>({
      memberChanges: [{ kind: 'add', members: [{ value: 'u_8f31' }] }],
      rest: [],
    });
  });

  it('Entra adds 50 members in one operation (§7 check 15)', () => {
    const ids = Array.from({ length: 50 }, (_, index) => `u_${index}`);
    const text = ops({ op: 'Add', path: 'members', value: ids.map((value) => ({ $ref: null, value })) });
    expect(unwrap(split(text))).toEqual({
      memberChanges: [{ kind: 'add', members: ids.map((value) => ({ value })) }],
      rest: [],
    });
  });

  it('Entra default mode removes only the listed members (§2.13, §7 check 17)', () => {
    const text = `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [ { "op": "Remove", "path": "members", "value": [ { "value": "A" } ] } ] }`;
    expect(unwrap(split(text)).memberChanges).toEqual([{ kind: 'remove', ids: ['A'] }]);
  });

  it('the tutorial form with "$ref": null, and a batched removal', () => {
    const text = ops({
      op: 'Remove',
      path: 'members',
      value: [
        { $ref: null, value: 'A' },
        { $ref: null, value: 'B' },
      ],
    });
    expect(unwrap(split(text)).memberChanges).toEqual([{ kind: 'remove', ids: ['A', 'B'] }]);
  });

  it('Entra flag mode removes by filter (§2.13)', () => {
    const text = `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [ { "op": "remove", "path": "members[value eq \\"A\\"]" } ] }`;
    expect(unwrap(split(text)).memberChanges).toEqual([{ kind: 'remove', ids: ['A'] }]);
  });

  it('a batched filter removal joined with or, ids with quotes and apostrophes', () => {
    const text = ops({ op: 'remove', path: `members[value eq "A" or Value EQ "o'b\\"x" or value eq "A"]` });
    expect(unwrap(split(text)).memberChanges).toEqual([{ kind: 'remove', ids: ['A', `o'b"x`] }]);
  });

  it('Okta combines a filtered remove and an add in one request (docs/okta.md)', () => {
    const text = ops(
      { op: 'remove', path: 'members[value eq "u_old"]' },
      { op: 'add', path: 'members', value: [{ value: 'u_new', display: 'New Person' }] },
    );
    expect(unwrap(split(text))).toEqual({
      memberChanges: [
        { kind: 'remove', ids: ['u_old'] },
        { kind: 'add', members: [{ value: 'u_new' }] },
      ],
      rest: [],
    });
  });

  it('Okta replaces the whole list', () => {
    const text = ops({
      op: 'replace',
      path: 'members',
      value: [{ value: 'u1', type: 'User' }, { value: 'u2' }],
    });
    expect(unwrap(split(text)).memberChanges).toEqual([
      { kind: 'replaceAll', members: [{ value: 'u1', type: 'User' }, { value: 'u2' }] },
    ]);
  });

  it('Okta renames with a path-less replace carrying the id: nothing to split (§6)', () => {
    const text = ops({ op: 'replace', value: { id: 'g_77a0', displayName: 'Sales Europe' } });
    expect(unwrap(split(text))).toEqual({
      memberChanges: [],
      rest: [{ op: 'replace', value: { id: 'g_77a0', displayName: 'Sales Europe' } }],
    });
  });

  it('a path-less value with members: the members key is split off, the rest stays', () => {
    const text = ops(
      { op: 'replace', value: { displayName: 'Sales', members: [{ value: 'u1' }] } },
      { op: 'add', value: { Members: [{ value: 'u2' }] } },
    );
    expect(unwrap(split(text))).toEqual({
      memberChanges: [
        { kind: 'replaceAll', members: [{ value: 'u1' }] },
        { kind: 'add', members: [{ value: 'u2' }] },
      ],
      rest: [{ op: 'replace', value: { displayName: 'Sales' } }],
    });
  });

  it('other operations pass through untouched and in order', () => {
    const text = ops(
      { op: 'Replace', path: 'displayName', value: 'Sales Europe' },
      { op: 'Add', path: 'members', value: [{ value: 'u1' }] },
      { op: 'Replace', path: 'externalId', value: 'ext' },
      { op: 'Add', path: `${GROUP_SCHEMA}:members`, value: [{ value: 'u2' }] },
    );
    expect(unwrap(split(text))).toEqual({
      memberChanges: [
        { kind: 'add', members: [{ value: 'u1' }] },
        { kind: 'add', members: [{ value: 'u2' }] },
      ],
      rest: [
        { op: 'replace', path: { attr: 'displayName' }, value: 'Sales Europe' },
        { op: 'replace', path: { attr: 'externalId' }, value: 'ext' },
      ],
    });
  });

  it.each<[string, unknown, unknown]>([
    [
      'remove without a value removes all (RFC 7644 §3.5.2.2)',
      { op: 'remove', path: 'members' },
      [{ kind: 'removeAll' }],
    ],
    ['replace with [] removes all', { op: 'replace', path: 'members', value: [] }, [{ kind: 'removeAll' }]],
    [
      'replace with null removes all',
      { op: 'replace', path: 'members', value: null },
      [{ kind: 'removeAll' }],
    ],
    ['add of [] changes nothing', { op: 'add', path: 'members', value: [] }, []],
    ['add of null changes nothing', { op: 'add', path: 'members', value: null }, []],
    ['remove of [] changes nothing', { op: 'remove', path: 'members', value: [] }, []],
    [
      'a single member object instead of an array',
      { op: 'add', path: 'members', value: { value: 'u1' } },
      [{ kind: 'add', members: [{ value: 'u1' }] }],
    ],
    [
      'repeats collapse; null elements, display and $ref are dropped; Value in any case',
      {
        op: 'add',
        path: 'members',
        value: [
          { Value: 'u1', display: 'x' },
          null,
          { value: 'u1' },
          { value: 'u2', $ref: 'https://x/Users/u2' },
        ],
      },
      [{ kind: 'add', members: [{ value: 'u1' }, { value: 'u2' }] }],
    ],
  ])('%s', (_, operation, expected) => {
    expect(unwrap(split(ops(operation))).memberChanges).toEqual(expected);
  });

  it(`accepts ${MAX_MEMBERS_PER_OPERATION} members in one operation`, () => {
    const value = Array.from({ length: MAX_MEMBERS_PER_OPERATION }, (_, index) => ({ value: `u${index}` }));
    const [change] = unwrap(split(ops({ op: 'add', path: 'members', value }))).memberChanges;
    expect(change?.kind === 'add' ? change.members.length : 0).toBe(MAX_MEMBERS_PER_OPERATION);
  });
});

describe('splitMemberChanges: rejections', () => {
  it.each(['members[value ne "A"]', 'members[value eq "A" and type eq "User"]', 'members[display eq "A"]'])(
    'filters other than value eq joined with or: %s',
    (path) => {
      expectBadRequest(
        split(ops({ op: 'remove', path })),
        'invalidFilter',
        `Operations[0]: the only filters supported on 'members' are 'value eq "<id>"' comparisons, optionally joined with 'or'.`,
      );
    },
  );

  it.each<[string, unknown, ScimType, string]>([
    [
      'a filter value that is not an id',
      { op: 'remove', path: 'members[value eq 42]' },
      'invalidValue',
      'Operations[0]: the filter value must be a member id, a non-empty string; got a number.',
    ],
    [
      'a filter with add or replace',
      { op: 'add', path: 'members[value eq "A"]', value: [{ value: 'A' }] },
      'invalidPath',
      "Operations[0]: a value filter on 'members' is supported only with 'remove'; use 'add' with path 'members'.",
    ],
    [
      'a member sub-attribute path',
      { op: 'replace', path: 'members[value eq "A"].display', value: 'x' },
      'mutability',
      'Operations[0]: members cannot be changed one sub-attribute at a time; add or remove whole members.',
    ],
    [
      'members twice in one path-less value',
      { op: 'add', value: { members: [], MEMBERS: [] } },
      'invalidSyntax',
      "Operations[0].value has 'members' and 'MEMBERS'; send 'members' once.",
    ],
  ])('%s', (_, operation, scimType, detail) => {
    expectBadRequest(split(ops(operation)), scimType, detail);
  });

  it.each<[string, unknown, string]>([
    [
      '{$ref: null}',
      [{ $ref: null }],
      'Operations[0].value[0].value must be a member id, a non-empty string; got nothing.',
    ],
    [
      'an empty id',
      [{ value: '' }],
      'Operations[0].value[0].value must be a member id, a non-empty string; got a blank string.',
    ],
    [
      'a numeric id',
      [{ value: 42 }],
      'Operations[0].value[0].value must be a member id, a non-empty string; got a number.',
    ],
    [
      'a bare id',
      ['u1'],
      "Operations[0].value[0] must be an object with the member id in 'value'; got a string.",
    ],
    ['a string value', 'u1', 'Operations[0].value must be an array of members; got a string.'],
    [
      'a 257-character id',
      [{ value: 'x'.repeat(257) }],
      'Operations[0].value[0].value is longer than 256 characters, so it is not a member id.',
    ],
    [
      'a numeric type',
      [{ value: 'u1', type: 7 }],
      "Operations[0].value[0].type must be a short string such as 'User' or 'Group'.",
    ],
  ])('members without a usable value: %s', (_, value, detail) => {
    expectBadRequest(split(ops({ op: 'add', path: 'members', value })), 'invalidValue', detail);
  });

  it('too many members in one operation', () => {
    const value = Array.from({ length: MAX_MEMBERS_PER_OPERATION + 1 }, (_, index) => ({
      value: `u${index}`,
    }));
    expectBadRequest(
      split(ops({ op: 'replace', path: 'members', value })),
      'invalidValue',
      'Operations[0].value lists 10001 members; at most 10000 are allowed per operation.',
    );
  });
});
