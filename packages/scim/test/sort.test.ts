import { describe, expect, it } from 'vitest';
import { compareForSort, ENTERPRISE_USER_SCHEMA, parseAttributePath, type SortOrder } from '../src/index.ts';
import { ACME_URN, unwrap } from './helpers.ts';
import { USER_KNOWN, userSchemas } from './patch-fixtures.ts';

type Resource = Record<string, unknown> & { readonly id: string };

/** Ids of `resources` sorted by `sortBy` (a path as a client writes it). */
const sortIds = (
  resources: readonly Resource[],
  sortBy: string,
  order: SortOrder = 'ascending',
): string[] => {
  const path = unwrap(parseAttributePath(sortBy, { knownSchemas: USER_KNOWN }));
  return [...resources].sort((a, b) => compareForSort(a, b, path, userSchemas, order)).map((r) => r.id);
};

describe('compareForSort (RFC 7644 §3.4.2.3)', () => {
  const users: Resource[] = [
    { id: '1', userName: 'bob', meta: { lastModified: '2025-05-02T00:00:00Z' } },
    { id: '2', userName: 'Alice', meta: { lastModified: '2025-05-01T23:00:00-02:00' } },
    { id: '3', meta: { lastModified: '2025-04-30T00:00:00Z' } },
    { id: '4', userName: 'carol' },
  ];

  it('strings compare case-insensitively unless caseExact', () => {
    expect(sortIds(users, 'userName')).toEqual(['2', '1', '4', '3']);
    const ext: Resource[] = [
      { id: 'a', externalId: 'b' },
      { id: 'b', externalId: 'B' },
      { id: 'c', externalId: 'a' },
    ];
    // externalId is caseExact: code-unit order puts upper case first.
    expect(sortIds(ext, 'externalId')).toEqual(['b', 'c', 'a']);
  });

  it('missing values sort last in both orders', () => {
    expect(sortIds(users, 'userName', 'descending')).toEqual(['4', '1', '2', '3']);
    expect(sortIds(users, 'USERNAME', 'descending')).toEqual(['4', '1', '2', '3']);
  });

  it('dateTime values compare as instants, not as text', () => {
    // '2025-05-01T23:00:00-02:00' is 2025-05-02T01:00Z: after user 1 as an instant, before it as text.
    expect(sortIds(users, 'meta.lastModified')).toEqual(['3', '1', '2', '4']);
  });

  it('multi-valued attributes sort by the primary value, else the first', () => {
    const people: Resource[] = [
      { id: 'p', emails: [{ value: 'z@x' }, { value: 'a@x', primary: true }] },
      { id: 'f', emails: [{ value: 'm@x' }, { value: 'b@x' }] },
      { id: 'n' },
      { id: 's', emails: [{ value: 'c@x' }] },
    ];
    expect(sortIds(people, 'emails.value')).toEqual(['p', 's', 'f', 'n']);
    expect(sortIds(people, 'emails')).toEqual(['p', 's', 'f', 'n']);
    expect(sortIds(people, 'emails.value', 'descending')).toEqual(['f', 's', 'p', 'n']);
  });

  it('extension attributes by URN path, and numbers as numbers', () => {
    const staff: Resource[] = [
      { id: 'x', [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-2' }, [ACME_URN]: { f_level: 10 } },
      { id: 'y', [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-10' }, [ACME_URN]: { f_level: 9 } },
      { id: 'z' },
    ];
    expect(sortIds(staff, `${ENTERPRISE_USER_SCHEMA}:employeeNumber`)).toEqual(['y', 'x', 'z']);
    expect(sortIds(staff, `${ACME_URN}:f_level`)).toEqual(['y', 'x', 'z']);
    expect(sortIds(staff, 'manager')).toEqual(['x', 'y', 'z']);
  });

  it('equal values compare as 0 in both orders (never -0), so a stable sort keeps input order', () => {
    const path = unwrap(parseAttributePath('userName', { knownSchemas: USER_KNOWN }));
    const a = { userName: 'Same' };
    const b = { userName: 'same' };
    expect(compareForSort(a, b, path, userSchemas, 'ascending')).toBe(0);
    expect(compareForSort(a, b, path, userSchemas, 'descending')).toBe(0);
    expect(compareForSort({}, {}, path, userSchemas, 'descending')).toBe(0);
  });

  it('a path no schema defines makes everything equal', () => {
    expect(sortIds(users, 'nickname2')).toEqual(['1', '2', '3', '4']);
  });
});
