import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA, parseFilter, USER_SCHEMA, type Filter } from '@roster/scim';
import { resourceSearch, USER_KIND } from '../src/index.ts';

const parse = (text: string): Filter => {
  const parsed = parseFilter(text, { knownSchemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
};

const translate = (text: string) => {
  const search = resourceSearch(USER_KIND, parse(text));
  if (!search.ok) throw search.error;
  return search.value;
};

describe('SCIM filter -> storage query for Users', () => {
  it.each([
    // Entra's matching probe: one equality on the indexed lower-cased key.
    ['userName eq "Alice@Contoso.com"', { nameKey: 'alice@contoso.com' }],
    ['USERNAME EQ "x"', { nameKey: 'x' }],
    ['userName sw "Al"', { nameKey: { $regex: '^al' } }],
    ['externalId eq "Ab"', { 'core.externalId': 'Ab' }],
    ['id eq "7f1c"', { rid: '7f1c' }],
    ['displayName co "a.b"', { 'core.displayName': { $regex: 'a\\.b', $options: 'i' } }],
    ['active eq "False"', { 'core.active': false }],
    [
      `${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "E-1"`,
      { 'ext.enterprise.employeeNumber': { $regex: '^E-1$', $options: 'i' } },
    ],
    ['manager eq "m1"', { 'ext.enterprise.manager.value': { $regex: '^m1$', $options: 'i' } }],
    [
      'meta.lastModified gt "2025-01-01T00:00:00Z"',
      { 'meta.lastModified': { $gt: new Date('2025-01-01T00:00:00Z') } },
    ],
    ['title pr', { 'core.title': { $exists: true, $nin: [null, ''] } }],
    ['not (title eq "x")', { $nor: [{ 'core.title': { $regex: '^x$', $options: 'i' } }] }],
  ])('%s', (filter, query) => {
    const search = translate(filter);
    expect(search.query).toEqual(query);
    expect(search.exact).toBe(true);
  });

  it('escapes regex metacharacters so client text is only ever matched literally', () => {
    expect(translate('displayName eq "a.*(b)$"').query).toEqual({
      'core.displayName': { $regex: '^a\\.\\*\\(b\\)\\$$', $options: 'i' },
    });
  });

  it('never turns a NoSQL operator inside a value into a query operator', () => {
    const search = translate('userName eq "{\\"$ne\\": null}"');
    expect(search.query).toEqual({ nameKey: '{"$ne": null}' });
  });

  it('marks value filters on multi-valued attributes inexact and re-checks candidates exactly', () => {
    const search = translate('emails[type eq "work" and value eq "a@x.com"]');
    expect(search.exact).toBe(false);
    const user = (emails: unknown[]) => ({
      id: 'u',
      accountId: 'a',
      core: { userName: 'u', emails },
      extensions: {},
      meta: { created: '2025-01-01T00:00:00Z', lastModified: '2025-01-01T00:00:00Z', version: 1 },
    });
    expect(search.matches(user([{ type: 'work', value: 'A@x.com' }]))).toBe(true);
    // Both values exist, but not in the same element: the exact check refuses it.
    expect(
      search.matches(
        user([
          { type: 'work', value: 'b@x.com' },
          { type: 'home', value: 'a@x.com' },
        ]),
      ),
    ).toBe(false);
  });

  it.each([
    'nosuchAttribute eq 1',
    'password eq "x"',
    'emails.nosuch eq "g"',
    'emails eq true and active gt true',
  ])('rejects %s with invalidFilter', (filter) => {
    const parsed = parseFilter(filter, { knownSchemas: [USER_SCHEMA] });
    const search = parsed.ok ? resourceSearch(USER_KIND, parsed.value) : parsed;
    expect(search.ok).toBe(false);
    if (!search.ok) expect(search.error.scimType).toBe('invalidFilter');
  });
});
