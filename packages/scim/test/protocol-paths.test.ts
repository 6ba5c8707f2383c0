/**
 * Paths as outside clients and conformance tools write them: any letter case (RFC 7643 §2.1),
 * .NET date-times with 7 fraction digits and an offset, a bare schema URN as a PATCH path, and value
 * filters where `attributes` allows only names. Self-contained: schemas are built here.
 */
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  attribute,
  compareForSort,
  customExtensionUrn,
  DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  GROUP_SCHEMA,
  groupSchemaDefinition,
  instantOf,
  matchesFilter,
  parseAttributeList,
  parseFilter,
  parsePatchRequest,
  patchedNamesIn,
  splitMemberChanges,
  USER_SCHEMA,
  userSchemaDefinition,
  type PatchOperation,
  type ResourceSchemas,
  type Result,
  type ScimError,
  type ScimView,
} from '../src/index.ts';

const CUSTOM = customExtensionUrn(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, 'acme');
const ENT = ENTERPRISE_USER_SCHEMA;
const schemas: ResourceSchemas = {
  core: userSchemaDefinition,
  extensions: [
    enterpriseUserSchemaDefinition,
    {
      id: CUSTOM,
      name: 'CustomUser',
      description: 'Fields of account acme',
      attributes: [
        attribute('costCenter', 'string', 'Cost center'),
        attribute('hired', 'dateTime', 'Hired at'),
      ],
    },
  ],
};
const knownSchemas = [USER_SCHEMA, ENT, CUSTOM];
const groupSchemas: ResourceSchemas = { core: groupSchemaDefinition, extensions: [] };

const valueOf = <T>(result: Result<T, ScimError>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.status} ${result.error.detail}`);
  return result.value;
};
const errorOf = <T>(result: Result<T, ScimError>): ScimError => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
};

const operations = (...ops: unknown[]): readonly PatchOperation[] =>
  valueOf(
    parsePatchRequest(
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops },
      { knownSchemas },
    ),
  );

const alice: ScimView = {
  userName: 'alice@contoso.com',
  name: { givenName: 'Alice', familyName: 'Example' },
  emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
  [ENT]: { department: 'R&D', employeeNumber: 'E-1' },
  [CUSTOM]: { costCenter: 'CC-1', hired: '2015-10-10T14:38:21Z' },
};
const patched = (...ops: unknown[]) => applyPatch(alice, operations(...ops), schemas);

describe('date-times compare as instants (.NET: 7 fraction digits and an offset)', () => {
  it.each<[string, number | undefined]>([
    ['2015-10-10T14:38:21.8617979-07:00', Date.UTC(2015, 9, 10, 21, 38, 21, 861)],
    ['2015-10-10T14:38:21Z', Date.UTC(2015, 9, 10, 14, 38, 21)],
    ['2015-10-10T14:38:21', Date.UTC(2015, 9, 10, 14, 38, 21)],
    ['2015-10-10', Date.UTC(2015, 9, 10)],
    ['yesterday', undefined],
  ])('instantOf(%s)', (text, expected) => {
    expect(instantOf(text)).toBe(expected);
  });

  const resource = {
    ...alice,
    id: 'u1',
    meta: { created: '2015-10-10T21:38:21.000Z', lastModified: '2015-10-10T21:38:22.000Z' },
  };
  const matches = (filter: string): boolean =>
    matchesFilter(resource, valueOf(parseFilter(filter, { knownSchemas })), schemas);

  it.each([
    'meta.created gt "2015-10-10T14:38:20.8617979-07:00"',
    'meta.Created lt "2015-10-10T14:38:21.8617979-07:00"',
    'META.LASTMODIFIED ge "2015-10-10T14:38:22-07:00"',
    'urn:ietf:params:scim:schemas:core:2.0:user:Meta.Created eq "2015-10-10T14:38:21-07:00"',
    `${CUSTOM.toUpperCase()}:HIRED lt "2015-10-10T07:38:21.0019999-07:00"`,
    `${CUSTOM}:hired eq "2015-10-10T07:38:21.0000000-07:00"`,
    'Name.GivenName eq "alice" and EMAILS[TYPE eq "work"].VALUE eq "alice@contoso.com"',
  ])('matches %s', (filter) => {
    expect(matches(filter)).toBe(true);
  });

  it('sorts by instant, not by text', () => {
    const early = { ...resource, meta: { created: '2015-10-10T14:38:21.8617979-07:00' } };
    const late = { ...resource, meta: { created: '2015-10-10T21:38:22Z' } };
    expect(compareForSort(early, late, { attr: 'Meta', subAttr: 'CREATED' }, schemas, 'ascending')).toBe(-1);
  });
});

describe('attributes / excludedAttributes with a value filter', () => {
  it.each<[string, 'attributes' | 'excludedAttributes']>([
    ['emails[type eq "work"]', 'attributes'],
    ['userName,emails[type eq "work"].value', 'excludedAttributes'],
    ['emails[value eq "a,b"]', 'attributes'],
  ])('%s in %s is invalidPath saying filters are not allowed', (text, parameter) => {
    const error = errorOf(parseAttributeList(text, { knownSchemas, parameter }));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(`Invalid ${parameter}`);
    expect(error.detail).toContain("filters are not allowed in 'attributes' or 'excludedAttributes'");
    expect(error.detail).not.toContain('is not a valid attribute name');
  });
});

describe('PATCH with a bare schema URN as the path', () => {
  it('parses to `schema` in canonical spelling, any case', () => {
    expect(operations({ op: 'Replace', path: ENT.toUpperCase(), value: { department: 'Ops' } })).toEqual([
      { op: 'replace', schema: ENT, value: { department: 'Ops' } },
    ]);
    expect(operations({ op: 'remove', path: ` ${CUSTOM} ` })).toEqual([{ op: 'remove', schema: CUSTOM }]);
  });

  it.each(['add', 'Replace'])('%s merges like the path-less form keyed by the URN', (op) => {
    const byPath = valueOf(patched({ op, path: ENT, value: { Department: 'Ops', costCenter: 'K1' } }));
    const pathLess = valueOf(patched({ op, value: { [ENT]: { Department: 'Ops', costCenter: 'K1' } } }));
    expect(byPath).toEqual(pathLess);
    expect(byPath[ENT]).toEqual({ department: 'Ops', employeeNumber: 'E-1', costCenter: 'K1' });
    const custom = valueOf(patched({ op, path: CUSTOM, value: { COSTCENTER: 'CC-2' } }));
    expect(custom[CUSTOM]).toEqual({ costCenter: 'CC-2', hired: '2015-10-10T14:38:21Z' });
  });

  it('remove, or replace with null, removes the whole extension', () => {
    const removed = valueOf(patched({ op: 'remove', path: ENT }));
    expect(removed).not.toHaveProperty(ENT);
    expect(removed[CUSTOM]).toEqual(alice[CUSTOM]);
    expect(valueOf(patched({ op: 'replace', path: CUSTOM.toLowerCase(), value: null }))).not.toHaveProperty(
      CUSTOM,
    );
  });

  it('the core URN: add/replace as path-less, remove refused', () => {
    const renamed = valueOf(patched({ op: 'replace', path: USER_SCHEMA, value: { displayName: 'Al' } }));
    expect(renamed.displayName).toBe('Al');
    const error = errorOf(patched({ op: 'remove', path: USER_SCHEMA }));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain('cannot be removed');
  });

  it('a value that is not an object is invalidValue', () => {
    expect(errorOf(patched({ op: 'replace', path: ENT, value: 'Ops' })).scimType).toBe('invalidValue');
  });

  it('Groups: members under the core URN path are member changes; nothing else leaks', () => {
    const ops = valueOf(
      parsePatchRequest(
        {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'add', path: GROUP_SCHEMA, value: { members: [{ value: 'u1' }], displayName: 'X' } },
          ],
        },
        { knownSchemas: [GROUP_SCHEMA] },
      ),
    );
    const split = valueOf(splitMemberChanges(ops));
    expect(split.memberChanges).toEqual([{ kind: 'add', members: [{ value: 'u1' }] }]);
    expect(valueOf(applyPatch({ displayName: 'Sales' }, split.rest, groupSchemas))).toEqual({
      displayName: 'X',
    });
  });
});

describe('patchedNamesIn: every way a PATCH names an attribute of one extension', () => {
  it('paths, bare-URN values and path-less values, first-seen order, no repeats', () => {
    const ops = operations(
      { op: 'replace', path: `${CUSTOM.toUpperCase()}:dept`, value: 'x' },
      { op: 'add', path: CUSTOM, value: { level: 1, dept: 'y' } },
      { op: 'replace', value: { [`${CUSTOM}:grade.value`]: 1, [CUSTOM]: { Team: 'a' }, title: 'b' } },
      { op: 'remove', path: `${CUSTOM}:badge[value eq "x"]` },
      { op: 'replace', path: `${ENT}:department`, value: 'z' },
      { op: 'replace', path: 'costCenter', value: 'unqualified' },
    );
    expect(patchedNamesIn(ops, CUSTOM)).toEqual(['dept', 'level', 'grade', 'Team', 'badge']);
  });
});
