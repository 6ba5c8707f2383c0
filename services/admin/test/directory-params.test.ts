import { describe, expect, it } from 'vitest';
import { ScimError } from '@roster/scim';
import { parsed } from '../src/http/parse.ts';
import { GroupsQuery, MembersQuery, UsersQuery } from '../src/routes/directory.ts';

const refusal = (run: () => unknown): ScimError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('accepted');
};

describe('directory query parameters', () => {
  it('reads the users table parameters from a query string', () => {
    expect(
      parsed(UsersQuery, {
        filter: 'active eq true',
        search: 'al',
        active: 'false',
        sortBy: 'displayName',
        sortOrder: 'descending',
        startIndex: '51',
        count: '200',
      }),
    ).toEqual({
      filter: 'active eq true',
      search: 'al',
      active: false,
      sortBy: 'displayName',
      sortOrder: 'descending',
      startIndex: 51,
      count: 200,
    });
    expect(parsed(UsersQuery, {})).toEqual({});
    expect(parsed(UsersQuery, { count: '0' })).toEqual({ count: 0 });
  });

  it.each([
    [{ count: '201' }, 'count'],
    [{ count: '-1' }, 'count'],
    [{ count: '1.5' }, 'count'],
    [{ startIndex: '0' }, 'startIndex'],
    [{ startIndex: '10002' }, 'startIndex'],
    [{ startIndex: 'abc' }, 'startIndex'],
    [{ active: 'yes' }, 'active'],
    [{ sortOrder: 'up' }, 'sortOrder'],
    [{ filter: ['a', 'b'] }, 'filter'],
    [{ search: 'x'.repeat(257) }, 'search'],
  ])('refuses %j as a 400 naming %s', (query, name) => {
    const error = refusal(() => parsed(UsersQuery, query));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(name);
  });

  it('has no active or sort parameters for groups, and paging alone for members', () => {
    expect(parsed(GroupsQuery, { search: 'eng', active: 'true', count: '10' })).toEqual({
      search: 'eng',
      count: 10,
    });
    expect(parsed(MembersQuery, { startIndex: '3', filter: 'x' })).toEqual({ startIndex: 3 });
  });
});
