import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA, parsePatchPath, type PatchPath } from '../src/index.ts';
import { ACME_URN, expectBadRequest, unwrap, USER_URNS } from './helpers.ts';

const parse = (text: string) => parsePatchPath(text, { knownSchemas: USER_URNS });
/** The value filter `attr eq "value"`, as parsed. */
const eq = (attr: string, value: string) => ({ kind: 'compare', path: { attr }, op: 'eq', value }) as const;

describe('parsePatchPath: paths Entra and Okta send (docs/entra.md §2.4-§2.13, §4.2, §6)', () => {
  it.each<[string, PatchPath]>([
    ['userName', { attr: 'userName' }],
    ['name.familyName', { attr: 'name', subAttr: 'familyName' }],
    [`${ENTERPRISE_USER_SCHEMA}:department`, { schema: ENTERPRISE_USER_SCHEMA, attr: 'department' }],
    [`${ENTERPRISE_USER_SCHEMA}:manager`, { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager' }],
    [`${ACME_URN}:f_costCode`, { schema: ACME_URN, attr: 'f_costCode' }],
    ['emails[type eq "work"].value', { attr: 'emails', subAttr: 'value', valueFilter: eq('type', 'work') }],
    [
      'addresses[type eq "work"].streetAddress',
      { attr: 'addresses', subAttr: 'streetAddress', valueFilter: eq('type', 'work') },
    ],
    ['emails[type eq "other"].Value', { attr: 'emails', subAttr: 'Value', valueFilter: eq('type', 'other') }],
    [
      'roles[primary eq "True"].display',
      { attr: 'roles', subAttr: 'display', valueFilter: eq('primary', 'True') },
    ],
    ['members[value eq "u_8f31"]', { attr: 'members', valueFilter: eq('value', 'u_8f31') }],
    ['manager[value eq "u_1c22"]', { attr: 'manager', valueFilter: eq('value', 'u_1c22') }],
    [
      `${ENTERPRISE_USER_SCHEMA}:manager[value eq "u_1c22"]`,
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager', valueFilter: eq('value', 'u_1c22') },
    ],
    [
      'members[value eq "a" or value eq "b"]',
      { attr: 'members', valueFilter: { kind: 'or', filters: [eq('value', 'a'), eq('value', 'b')] } },
    ],
  ])('%s', (text, expected) => {
    expect(unwrap(parse(text))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['', 'Invalid path at position 1: expected an attribute path, found the end of the input.'],
    [
      'name..givenName',
      "Invalid path at position 1: 'name..givenName' has more than one sub-attribute level.",
    ],
    ['name.', "Invalid path at position 1: 'name.' has an empty sub-attribute name."],
    [
      'emails[type eq "work"]value',
      "Invalid path at position 23: expected '.' and a sub-attribute, or the end of the path, found 'value'.",
    ],
    [
      'emails[type eq "work"].value eq "x"',
      "Invalid path at position 30: expected the end of the path, found 'eq'.",
    ],
    [
      'emails[type eq "work"].',
      `Invalid path at position 23: expected a sub-attribute name after ']', found '.'.`,
    ],
    [
      'name.givenName[value eq "x"]',
      'Invalid path at position 15: a value filter must follow an attribute name.',
    ],
    [
      'members[value eq "x"',
      "Invalid path at position 21: expected 'and', 'or' or ']' to close the '[' at position 8, found the end of the input.",
    ],
    ['userName extra', "Invalid path at position 10: expected the end of the path, found 'extra'."],
    ['"userName"', "Invalid path at position 1: expected an attribute path, found the string 'userName'."],
  ])('rejects %j', (text, detail) => {
    expectBadRequest(parse(text), 'invalidPath', detail);
  });
});
