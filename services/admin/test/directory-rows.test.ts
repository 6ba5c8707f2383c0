import { describe, expect, it } from 'vitest';
import { accountSchema, type TableRecord } from '@roster/store';
import { columnsOf, emailOf, jsonValue, memberRow, userRow } from '../src/operations/directory-rows.ts';

const account = accountSchema('urn:roster:scim:schemas:extension', {
  id: 'acme',
  fields: [
    { id: 'dept', label: 'Department', type: 'String', required: false, target: 'department' },
    { id: 'start', label: 'Start', type: 'Date', required: false },
    { id: 'seen', label: 'Seen', type: 'DateTime', required: false },
  ],
  mappings: [
    { target: 'department', sources: ['$.fields.dept'] },
    { target: 'title', sources: ['$.core.title'] },
    { target: 'department', sources: ['$.enterprise.department'] },
  ],
});

const record = (
  core: Record<string, unknown>,
  fields: Record<string, unknown> = {},
  app = {},
): TableRecord => ({
  id: 'u1',
  accountId: 'acme',
  core,
  extensions: {},
  fields,
  app,
  meta: { created: '2024-01-01T00:00:00.000Z', lastModified: '2024-01-02T00:00:00.000Z', version: 1 },
});

describe('table rows', () => {
  it('has a column per custom field and per mapped app column, once each', () => {
    expect(columnsOf(account)).toEqual({
      fields: [
        { id: 'dept', label: 'Department', type: 'String' },
        { id: 'start', label: 'Start', type: 'Date' },
        { id: 'seen', label: 'Seen', type: 'DateTime' },
      ],
      app: ['department', 'title'],
    });
  });

  it('shows typed values as JSON: a Date field as its day, a DateTime as an instant', () => {
    const row = userRow(
      record(
        { userName: 'a@x', active: false },
        {
          dept: 'Sales',
          start: new Date('2024-03-01T00:00:00Z'),
          seen: new Date('2024-03-01T10:30:00Z'),
          removed: 'x',
        },
        { title: 'Boss', department: 'Sales', stale: 1 },
      ),
      columnsOf(account),
    );
    expect(row).toEqual({
      id: 'u1',
      userName: 'a@x',
      displayName: null,
      active: false,
      email: null,
      externalId: null,
      fields: { dept: 'Sales', start: '2024-03-01', seen: '2024-03-01T10:30:00.000Z' },
      app: { department: 'Sales', title: 'Boss' },
      lastModified: '2024-01-02T00:00:00.000Z',
    });
  });

  it('counts a user without `active` as active', () => {
    expect(userRow(record({ userName: 'a' }), columnsOf(account)).active).toBe(true);
    expect(userRow(record({ userName: 'a', active: true }), columnsOf(account)).active).toBe(true);
  });

  it.each([
    [[{ value: 'a@x' }, { value: 'b@x', primary: true }], 'b@x'],
    [[{ value: 'a@x' }, { value: 'b@x' }], 'a@x'],
    [[null, 'junk', { value: 'c@x' }], 'c@x'],
    [[], null],
    ['a@x', null],
  ])('email of %j is %s', (emails, expected) => {
    expect(emailOf({ emails })).toBe(expected);
  });

  it('keeps nested values, dates within them as instants', () => {
    expect(jsonValue({ at: [new Date(0)], n: 1 })).toEqual({ at: ['1970-01-01T00:00:00.000Z'], n: 1 });
    expect(jsonValue(undefined)).toBeNull();
  });

  it('shows a member that is gone', () => {
    expect(memberRow({ value: 'g1', type: 'Group' }, undefined)).toEqual({
      id: 'g1',
      type: 'Group',
      userName: null,
      displayName: null,
      exists: false,
    });
    expect(
      memberRow({ value: 'u1', type: 'User' }, record({ userName: 'a', displayName: 'A' })),
    ).toMatchObject({
      userName: 'a',
      displayName: 'A',
      exists: true,
    });
  });
});
