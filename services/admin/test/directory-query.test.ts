import { describe, expect, it } from 'vitest';
import { formatFilter, ScimError, USER_SCHEMA } from '@roster/scim';
import { accountSchema, GROUP_KIND, USER_KIND } from '@roster/store';
import {
  activeFilterText,
  namePrefixOf,
  searchFilterText,
  tableFilter,
} from '../src/operations/directory-query.ts';

const NAMESPACE = 'urn:roster:scim:schemas:extension';
const acmeKind = accountSchema(NAMESPACE, {
  id: 'acme',
  fields: [{ id: 'dept', label: 'Department', type: 'String', required: false }],
  mappings: [],
}).userKind;

const shown = (filter: ReturnType<typeof tableFilter>): string | undefined =>
  filter === undefined ? undefined : formatFilter(filter);

describe('the search box as a SCIM filter', () => {
  it.each([
    ['alice', 'userName sw "alice"'],
    ['  Alice@Contoso  ', 'userName sw "Alice@Contoso"'],
    ['say "hi"', 'userName sw "say \\"hi\\""'],
    ['back\\slash', 'userName sw "back\\\\slash"'],
    ['tab\there', 'userName sw "tab\\there"'],
    ['0F6C5E7A-1B2C-4D3E-8F90-A1B2C3D4E5F6', 'id eq "0f6c5e7a-1b2c-4d3e-8f90-a1b2c3d4e5f6"'],
    ['   ', undefined],
  ])('%j → %s', (search, expected) => {
    expect(searchFilterText(USER_KIND, search)).toBe(expected);
  });

  it('searches groups by displayName', () => {
    expect(searchFilterText(GROUP_KIND, 'Eng')).toBe('displayName sw "Eng"');
  });

  it('parses whatever text it is given, quotes and control characters included', () => {
    for (const search of ['"', '\\', '\u0000\u001f', 'a" or userName pr or userName eq "b', ')(]['])
      expect(namePrefixOf(tableFilter(USER_KIND, { search }), USER_KIND)).toEqual({
        prefix: search.trim().toLowerCase(),
        residual: false,
      });
  });

  it('counts users without `active` as active', () => {
    expect(activeFilterText(true)).toBe('not (active eq false)');
    expect(activeFilterText(false)).toBe('active eq false');
  });
});

describe('one filter of filter, search and active', () => {
  it('ands the parts, flattened', () => {
    const filter = tableFilter(acmeKind, {
      filter: `urn:roster:scim:schemas:extension:acme:2:User:dept eq "Sales" and title pr`,
      search: 'al',
      active: false,
    });
    expect(filter?.kind).toBe('and');
    expect(filter?.kind === 'and' ? filter.filters : []).toHaveLength(4);
    expect(shown(filter)).toContain('userName sw "al"');
  });

  it('is no filter at all when nothing is asked', () => {
    expect(tableFilter(USER_KIND, {})).toBeUndefined();
    expect(tableFilter(USER_KIND, { filter: '  ', search: '' })).toBeUndefined();
  });

  it('refuses a bad filter as ingress does', () => {
    for (const filter of ['userName eq', 'userName zz "x"', 'shoe[size gt 3', `${USER_SCHEMA}:userName eq`]) {
      let error: unknown;
      try {
        tableFilter(USER_KIND, { filter });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ScimError);
      expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    }
  });

  it('has no active switch for groups', () => {
    expect(() => tableFilter(GROUP_KIND, { active: true })).toThrow(ScimError);
  });
});

describe('the name prefix a filter requires', () => {
  const prefixOf = (filter: string) => namePrefixOf(tableFilter(USER_KIND, { filter }), USER_KIND);

  it.each([
    ['userName sw "Al"', { prefix: 'al', residual: false }],
    [`${USER_SCHEMA}:USERNAME sw "Al"`, { prefix: 'al', residual: false }],
    ['userName sw "a" and active eq true', { prefix: 'a', residual: true }],
    ['userName sw "a" and userName sw "abc"', { prefix: 'abc', residual: true }],
    ['userName sw "a" or active eq true', undefined],
    ['userName co "a"', undefined],
    ['displayName sw "a"', undefined],
    ['not (userName sw "a")', undefined],
  ])('%s', (filter, expected) => {
    expect(prefixOf(filter)).toEqual(expected);
  });

  it('is a group name prefix for groups', () => {
    expect(namePrefixOf(tableFilter(GROUP_KIND, { search: 'Eng' }), GROUP_KIND)).toEqual({
      prefix: 'eng',
      residual: false,
    });
  });
});
