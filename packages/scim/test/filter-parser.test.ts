import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_USER_SCHEMA,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  parseFilter,
  type AttributePath,
  type CompareOperator,
  type CompareValue,
  type Filter,
} from '../src/index.ts';
import { ACME_URN, errorBody, expectBadRequest, unwrap, USER_URNS } from './helpers.ts';

const parse = (text: string) => parseFilter(text, { knownSchemas: USER_URNS });

const path = (attr: string, subAttr?: string, schema?: string): AttributePath => ({
  ...(schema === undefined ? {} : { schema }),
  attr,
  ...(subAttr === undefined ? {} : { subAttr }),
});
const cmp = (p: AttributePath | string, op: CompareOperator, value: CompareValue): Filter => ({
  kind: 'compare',
  path: typeof p === 'string' ? path(p) : p,
  op,
  value,
});
const eq = (p: AttributePath | string, value: CompareValue): Filter => cmp(p, 'eq', value);
const pr = (attr: string): Filter => ({ kind: 'present', path: path(attr) });
const and = (a: Filter, b: Filter, ...more: Filter[]): Filter => ({ kind: 'and', filters: [a, b, ...more] });
const or = (a: Filter, b: Filter, ...more: Filter[]): Filter => ({ kind: 'or', filters: [a, b, ...more] });
const not = (filter: Filter): Filter => ({ kind: 'not', filter });
const valuePath = (p: AttributePath | string, filter: Filter): Filter => ({
  kind: 'valuePath',
  path: typeof p === 'string' ? path(p) : p,
  filter,
});

describe('parseFilter: filters Entra and Okta send (docs/entra.md §1.1, §2.1, §6, §7)', () => {
  it.each<[string, string, Filter]>([
    [
      '§1.1 Test Connection GUID probe',
      'userName eq "c1f0d3a2-5b6e-4c7d-8e9f-0a1b2c3d4e5f"',
      eq('userName', 'c1f0d3a2-5b6e-4c7d-8e9f-0a1b2c3d4e5f'),
    ],
    [
      '§1.1 GUID probe on a filtered multi-valued path (FusionAuth #2456)',
      'emails[type eq "work"].value eq "c1f0d3a2-5b6e-4c7d-8e9f-0a1b2c3d4e5f"',
      valuePath('emails', and(eq('type', 'work'), eq('value', 'c1f0d3a2-5b6e-4c7d-8e9f-0a1b2c3d4e5f'))),
    ],
    ['§2.1 match on userName', 'userName eq "alice@contoso.com"', eq('userName', 'alice@contoso.com')],
    [
      '§7.4 userName in other letter case',
      'userName eq "ALICE@Contoso.com"',
      eq('userName', 'ALICE@Contoso.com'),
    ],
    ['§2.1 match on externalId', 'externalId eq "alice"', eq('externalId', 'alice')],
    ['§2.1 match on id', 'id eq "u_8f31"', eq('id', 'u_8f31')],
    [
      '§2.1 emails.value',
      'emails.value eq "alice@contoso.com"',
      eq(path('emails', 'value'), 'alice@contoso.com'),
    ],
    [
      '§2.1 / §7.4 enterprise employeeNumber by full URN',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1234"',
      eq(path('employeeNumber', undefined, ENTERPRISE_USER_SCHEMA), '1234'),
    ],
    [
      '§4.2 custom extension attribute by full URN',
      `${ACME_URN}:f_costCode eq "CC-78"`,
      eq(path('f_costCode', undefined, ACME_URN), 'CC-78'),
    ],
    ['§2.1 group match on displayName', 'displayName eq "Sales EMEA"', eq('displayName', 'Sales EMEA')],
    [
      '§7.20 legacy reference probe',
      'id eq "u_8f31" and manager eq "u_1c22"',
      and(eq('id', 'u_8f31'), eq('manager', 'u_1c22')),
    ],
    ["§7.21 value with '", `userName eq "o'brien@contoso.com"`, eq('userName', "o'brien@contoso.com")],
    ['§7.21 value with +', 'userName eq "alice+test@contoso.com"', eq('userName', 'alice+test@contoso.com')],
    [
      '§7.21 B2B UPN with #EXT#',
      'userName eq "bob_contoso.com#EXT#@tenant.onmicrosoft.com"',
      eq('userName', 'bob_contoso.com#EXT#@tenant.onmicrosoft.com'),
    ],
    ['§7.21 value with spaces', 'displayName eq "Sales  EMEA  2"', eq('displayName', 'Sales  EMEA  2')],
    ['§6 Okta lookup', 'userName eq "okta.user@example.com"', eq('userName', 'okta.user@example.com')],
    ['unquoted value (Entra)', 'userName eq alice', eq('userName', 'alice')],
    [
      "unquoted value with ', +, @, #",
      "userName eq o'brien+x#EXT#@contoso.com",
      eq('userName', "o'brien+x#EXT#@contoso.com"),
    ],
    [
      '§2.5 roles filter literal "True" stays a string',
      'roles[primary eq "True"]',
      valuePath('roles', eq('primary', 'True')),
    ],
    [
      '§2.13 member removal filter with an apostrophe in the id',
      `members[value eq "it's-\\"quoted\\""]`,
      valuePath('members', eq('value', `it's-"quoted"`)),
    ],
  ])('%s: %s', (_why, text, expected) => {
    expect(unwrap(parse(text))).toEqual(expected);
  });
});

describe('parseFilter: RFC 7644 §3.4.2.2 grammar', () => {
  it.each<[string, Filter]>([
    // Operators, case-insensitively.
    ['title pr', pr('title')],
    ['title PR', pr('title')],
    ['userName Eq "a"', eq('userName', 'a')],
    ...(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const).map((op): [string, Filter] => [
      `meta.lastModified ${op.toUpperCase()} "2011-05-13T04:42:34Z"`,
      cmp(path('meta', 'lastModified'), op, '2011-05-13T04:42:34Z'),
    ]),
    // compValue forms.
    ['active eq true', eq('active', true)],
    ['active eq FALSE', eq('active', false)],
    ['manager eq Null', eq('manager', null)],
    ['active eq "true"', eq('active', 'true')],
    ['level gt 5', cmp('level', 'gt', 5)],
    ['level ge -2.5e3', cmp('level', 'ge', -2500)],
    ['level lt 0', cmp('level', 'lt', 0)],
    ['code eq 007', eq('code', '007')],
    ['code eq +1', eq('code', '+1')],
    ['x eq "\\"\\\\\\/\\b\\f\\n\\r\\t"', eq('x', '"\\/\b\f\n\r\t')],
    ['x eq "\\u00e9\\uD83D\\uDE00"', eq('x', 'é😀')],
    ['x eq ""', eq('x', '')],
    ['x eq "caf\u00e9 😀"', eq('x', 'café 😀')],
    // Logic and precedence: not > and > or.
    ['a pr and b pr', and(pr('a'), pr('b'))],
    ['a pr AND b pr Or c pr', or(and(pr('a'), pr('b')), pr('c'))],
    ['a pr or b pr and c pr', or(pr('a'), and(pr('b'), pr('c')))],
    ['(a pr or b pr) and c pr', and(or(pr('a'), pr('b')), pr('c'))],
    ['a pr and (b pr and c pr)', and(pr('a'), pr('b'), pr('c'))],
    ['((a pr))', pr('a')],
    ['not (a pr) and b pr', and(not(pr('a')), pr('b'))],
    ['NOT(a pr or b pr)', not(or(pr('a'), pr('b')))],
    ['not (not (a pr))', not(not(pr('a')))],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(
        cmp('userType', 'ne', 'Employee'),
        not(or(cmp('emails', 'co', 'example.com'), cmp(path('emails', 'value'), 'co', 'example.org'))),
      ),
    ],
    // Value paths.
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      or(
        valuePath('emails', and(eq('type', 'work'), cmp('value', 'co', '@example.com'))),
        valuePath('ims', and(eq('type', 'xmpp'), cmp('value', 'co', '@foo.com'))),
      ),
    ],
    ['emails[not (type eq "work")]', valuePath('emails', not(eq('type', 'work')))],
    ['emails[(type eq "a" or type eq "b")]', valuePath('emails', or(eq('type', 'a'), eq('type', 'b')))],
    ['members[$ref pr]', valuePath('members', pr('$ref'))],
    [
      'emails[type eq "work" or type eq "home"].value ew "@x.com"',
      valuePath('emails', and(or(eq('type', 'work'), eq('type', 'home')), cmp('value', 'ew', '@x.com'))),
    ],
    [
      'emails[type eq "work" and primary eq true].value pr',
      valuePath('emails', and(eq('type', 'work'), eq('primary', true), pr('value'))),
    ],
    ['emails [type eq "work"]', valuePath('emails', eq('type', 'work'))],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq "m1"]',
      valuePath(path('manager', undefined, ENTERPRISE_USER_SCHEMA), eq('value', 'm1')),
    ],
    // URN prefixes are matched case-insensitively and reported in the caller's spelling.
    [
      'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.value eq "m1"',
      eq(path('manager', 'value', ENTERPRISE_USER_SCHEMA), 'm1'),
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"',
      eq(path('userName', undefined, 'urn:ietf:params:scim:schemas:core:2.0:User'), 'a'),
    ],
    // Keywords double as attribute names where the grammar allows it.
    ['not pr', pr('not')],
    ['and eq 1 and or eq 2', and(eq('and', 1), eq('or', 2))],
    ['userName eq and', eq('userName', 'and')],
    // Whitespace is flexible.
    ['  userName   eq\t"a"\n', eq('userName', 'a')],
    ['(userName eq "a")and(active eq true)', and(eq('userName', 'a'), eq('active', true))],
  ])('%s', (text, expected) => {
    expect(unwrap(parse(text))).toEqual(expected);
  });

  it('keeps attribute names as written (canonicalizeFilter fixes their case)', () => {
    expect(unwrap(parse('USERNAME eq "a"'))).toEqual(eq('USERNAME', 'a'));
  });
});

describe('parseFilter: errors are 400 invalidFilter with a position and what was expected', () => {
  it.each<[string]>([
    [''],
    ['userName'],
    ['userName eq'],
    ['userName equals "a"'],
    ['userName eq "a" "b"'],
    ['displayName eq Sales EMEA'],
    ['userName eq "a" and'],
    ['(userName eq "a"'],
    ['userName eq "a")'],
    ['not userName eq "a"'],
    ['emails[type eq "work"'],
    ['emails[type eq "work"]]'],
    ['emails[type[value eq "x"] eq "y"]'],
    ['emails[urn:ietf:params:scim:schemas:core:2.0:User:type eq "work"]'],
    ['name.givenName[value eq "x"]'],
    ['emails[type eq "work"].value'],
    ['emails[type eq "work"].va!ue eq "x"'],
    ['userName eq "unterminated'],
    ['userName eq "bad \\x escape"'],
    ['userName eq "bad \\u12 escape"'],
    ['us$erName eq "a"'],
    ['1userName eq "a"'],
    ['name.givenName.x eq "a"'],
    ['urn:example:unknown:2.0:User:foo eq "a"'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User eq "a"'],
    ['level gt 1e999'],
  ])('%s', (text) => {
    const body = errorBody(parse(text));
    expect(body.status).toBe('400');
    expect(body.scimType).toBe('invalidFilter');
    expect(body.detail).toMatch(/^Invalid filter/);
  });

  it.each<[string, string]>([
    [
      'userName equals "a"',
      "Invalid filter at position 10: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found 'equals'.",
    ],
    [
      'displayName eq Sales EMEA',
      "Invalid filter at position 22: expected 'and', 'or' or the end of the filter, found 'EMEA'.",
    ],
    [
      'emails[type eq "work"',
      "Invalid filter at position 22: expected 'and', 'or' or ']' to close the '[' at position 7, found the end of the input.",
    ],
    [
      '(a pr',
      "Invalid filter at position 6: expected 'and', 'or' or ')' to close the '(' at position 1, found the end of the input.",
    ],
    [
      'userName eq',
      'Invalid filter at position 12: expected a value (a quoted string, a number, true, false or null), found the end of the input.',
    ],
    [
      '',
      "Invalid filter at position 1: expected an attribute path, '(' or 'not', found the end of the input.",
    ],
    ['not userName eq "a"', "Invalid filter at position 5: expected '(' after 'not', found 'userName'."],
    [
      'userName eq "a" "b"',
      "Invalid filter at position 17: expected 'and', 'or' or the end of the filter, found the string 'b'.",
    ],
    [
      'userName eq "unterminated',
      `Invalid filter at position 13: unterminated string (missing closing '"').`,
    ],
    [
      'userName eq "bad \\x"',
      `Invalid filter at position 18: invalid escape '\\x' in a string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX).`,
    ],
    [
      'userName eq "\\u12"',
      "Invalid filter at position 14: invalid escape in a string: '\\u' must be followed by 4 hex digits.",
    ],
    [
      'us$erName eq "a"',
      `Invalid filter at position 1: 'us$erName' is not a valid attribute name (names start with a letter and contain only letters, digits, "-" and "_").`,
    ],
    [
      'urn:example:unknown:2.0:User:foo eq "a"',
      "Invalid filter at position 1: 'urn:example:unknown:2.0:User:foo' does not start with a schema URN this server knows.",
    ],
    ['emails[type[value eq "x"] eq "y"]', 'Invalid filter at position 12: value filters cannot be nested.'],
    [
      'emails[type eq "work"].value',
      'Invalid filter at position 29: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found the end of the input.',
    ],
  ])('names the position and the expectation: %s', (text, detail) => {
    expectBadRequest(parse(text), 'invalidFilter', detail);
  });

  it('quotes at most 64 characters of client text in a detail', () => {
    const detail = errorBody(parse(`userName eq "a" ${'x'.repeat(500)}`)).detail;
    expect(detail.length).toBeLessThan(200);
    expect(detail).toContain('…');
  });
});

describe('parseFilter: limits', () => {
  const chain = (terms: number, joiner = ' and ') =>
    Array.from({ length: terms }, (_, i) => `a${i} eq ${i}`).join(joiner);
  const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;

  it(`accepts ${MAX_FILTER_TERMS} comparisons and refuses one more`, () => {
    expect(parse(chain(MAX_FILTER_TERMS)).ok).toBe(true);
    expect(errorBody(parse(chain(MAX_FILTER_TERMS + 1))).detail).toMatch(/more than 64 comparisons/);
  });

  it('counts comparisons inside value filters', () => {
    const inner = Array.from({ length: MAX_FILTER_TERMS }, () => 'type eq "x"').join(' or ');
    expect(parse(`emails[${inner}]`).ok).toBe(true);
    expect(parse(`emails[${inner}].value eq "y"`).ok).toBe(false);
  });

  it(`accepts nesting of ${MAX_FILTER_DEPTH} levels and refuses ${MAX_FILTER_DEPTH + 1}`, () => {
    expect(parse(nested(MAX_FILTER_DEPTH)).ok).toBe(true);
    expectBadRequest(
      parse(nested(MAX_FILTER_DEPTH + 1)),
      'invalidFilter',
      'Invalid filter at position 17: nesting is deeper than 16 levels.',
    );
  });

  it('counts not (…) and […] as levels', () => {
    const nots = `${'not ('.repeat(MAX_FILTER_DEPTH - 1)}emails[type pr]${')'.repeat(MAX_FILTER_DEPTH - 1)}`;
    expect(parse(nots).ok).toBe(true);
    expect(parse(`not (${nots})`).ok).toBe(false);
  });

  it('refuses deep nesting long before the stack is at risk', () => {
    expect(parse(nested(2000)).ok).toBe(false);
  });

  it(`refuses filters longer than ${MAX_FILTER_LENGTH} characters`, () => {
    const atLimit = `userName eq "${'a'.repeat(MAX_FILTER_LENGTH - 14)}"`;
    expect(atLimit).toHaveLength(MAX_FILTER_LENGTH);
    expect(parse(atLimit).ok).toBe(true);
    expectBadRequest(parse(`${atLimit} `), 'invalidFilter', 'Invalid filter: longer than 4096 characters.');
  });
});
