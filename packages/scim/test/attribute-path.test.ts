import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_USER_SCHEMA,
  formatAttributePath,
  isAttrName,
  parseAttributeList,
  parseAttributePath,
  USER_SCHEMA,
  type AttributePath,
} from '../src/index.ts';
import { ACME_URN, errorBody, unwrap, USER_URNS } from './helpers.ts';

const options = { knownSchemas: USER_URNS };

describe('parseAttributePath', () => {
  it.each<[string, AttributePath]>([
    ['userName', { attr: 'userName' }],
    ['name.familyName', { attr: 'name', subAttr: 'familyName' }],
    ['members.$ref', { attr: 'members', subAttr: '$ref' }],
    ['x509Certificates.value', { attr: 'x509Certificates', subAttr: 'value' }],
    ['a-b_c9', { attr: 'a-b_c9' }],
    [`${USER_SCHEMA}:userName`, { schema: USER_SCHEMA, attr: 'userName' }],
    [`${ENTERPRISE_USER_SCHEMA}:department`, { schema: ENTERPRISE_USER_SCHEMA, attr: 'department' }],
    // The URN's own dots ("2.0") are not sub-attribute separators.
    [
      `${ENTERPRISE_USER_SCHEMA}:manager.value`,
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager', subAttr: 'value' },
    ],
    [`${ACME_URN}:dept_code`, { schema: ACME_URN, attr: 'dept_code' }],
    // Case-insensitive URN match, reported in the known spelling.
    [
      `${ENTERPRISE_USER_SCHEMA.toUpperCase()}:Manager.Value`,
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'Manager', subAttr: 'Value' },
    ],
  ])('%s', (text, expected) => {
    const parsed = unwrap(parseAttributePath(text, options));
    expect(parsed).toEqual(expected);
    expect(formatAttributePath(parsed).toLowerCase()).toBe(text.toLowerCase());
  });

  it('prefers the longest known URN', () => {
    const short = 'urn:x:User';
    const long = 'urn:x:User:ext:2:User';
    expect(unwrap(parseAttributePath(`${long}:a`, { knownSchemas: [short, long] }))).toEqual({
      schema: long,
      attr: 'a',
    });
    expect(unwrap(parseAttributePath(`${short}:a`, { knownSchemas: [short, long] }))).toEqual({
      schema: short,
      attr: 'a',
    });
  });

  it.each<[string, string]>([
    ['', 'Invalid attribute path: an attribute name is missing.'],
    [
      '1abc',
      `Invalid attribute path: '1abc' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    [
      'user name',
      `Invalid attribute path: 'user name' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    ['name.', "Invalid attribute path: 'name.' has an empty sub-attribute name."],
    ['.name', "Invalid attribute path: '.name' has no attribute name."],
    [
      'name.given-Name!',
      `Invalid attribute path: 'given-Name!' is not a valid sub-attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    ['a.b.c', "Invalid attribute path: 'a.b.c' has more than one sub-attribute level."],
    [
      '$ref',
      `Invalid attribute path: '$ref' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    [
      '__proto__',
      `Invalid attribute path: '__proto__' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    [
      'urn:example:other:2.0:User:foo',
      "Invalid attribute path: 'urn:example:other:2.0:User:foo' does not start with a schema URN this server knows.",
    ],
    [
      ENTERPRISE_USER_SCHEMA,
      `Invalid attribute path: '${ENTERPRISE_USER_SCHEMA}' names a schema, not an attribute.`,
    ],
    [
      `${ENTERPRISE_USER_SCHEMA}:`,
      `Invalid attribute path: '${ENTERPRISE_USER_SCHEMA}:' has no attribute name.`,
    ],
    [
      'emails[type eq "work"]',
      `Invalid attribute path: 'emails[type eq "work"]' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
  ])('rejects %j', (text, detail) => {
    expect(errorBody(parseAttributePath(text, options))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidPath',
      detail,
    });
  });

  it('reports invalidFilter when asked to', () => {
    expect(errorBody(parseAttributePath('1', { ...options, scimType: 'invalidFilter' })).scimType).toBe(
      'invalidFilter',
    );
  });

  it('follows the RFC 7644 ATTRNAME rule', () => {
    expect(['a', 'A1', 'a-b', 'a_b', 'ab9'].every(isAttrName)).toBe(true);
    expect(['', '1a', '-a', '_a', 'a.b', 'a:b', 'a b', 'é', '$ref'].some(isAttrName)).toBe(false);
  });
});

describe('parseAttributeList', () => {
  it('parses attributes= / excludedAttributes= lists', () => {
    expect(
      unwrap(parseAttributeList(`userName, name.givenName,,${ENTERPRISE_USER_SCHEMA}:manager,`, options)),
    ).toEqual([
      { attr: 'userName' },
      { attr: 'name', subAttr: 'givenName' },
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager' },
    ]);
    expect(unwrap(parseAttributeList('', options))).toEqual([]);
  });

  it('fails on the first bad entry', () => {
    expect(errorBody(parseAttributeList('userName,bad name', options)).detail).toMatchInlineSnapshot(
      `"Invalid attribute path: 'bad name' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_")."`,
    );
  });
});
