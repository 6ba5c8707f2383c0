import { describe, expect, it } from 'vitest';
import { summarizeChange, type ObservedState } from '../src/change-summary.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:roster:scim:schemas:extension:acme:2:User';

const user = (overrides: Partial<ObservedState> = {}): ObservedState => ({
  core: {
    userName: 'ada@example.com',
    active: true,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ type: 'work', value: 'ada@example.com', primary: true }],
  },
  extensions: {
    [ENTERPRISE]: { department: 'R&D', manager: { value: 'm1' } },
    [CUSTOM]: { dept_code: 'R7', headcount: '42' },
  },
  app: { department: 'R7', start: new Date('2024-03-01T00:00:00Z') },
  ...overrides,
});

describe('summarizeChange', () => {
  it('lists every attribute of a created user, and the custom field and app column values', () => {
    expect(summarizeChange(null, user(), { customUrn: CUSTOM })).toEqual({
      attributes: [
        'active',
        'emails',
        'name.familyName',
        'name.givenName',
        'userName',
        `${ENTERPRISE}:department`,
        `${ENTERPRISE}:manager.value`,
        `${CUSTOM}:dept_code`,
        `${CUSTOM}:headcount`,
      ],
      values: {
        'fields.dept_code': 'R7',
        'fields.headcount': '42',
        'app.department': 'R7',
        'app.start': '2024-03-01T00:00:00.000Z',
      },
    });
  });

  it('lists only what changed, sub-attributes by path, and values of changed fields only', () => {
    const before = user();
    const after = user({
      core: { ...before.core, active: false, name: { givenName: 'Augusta', familyName: 'Lovelace' } },
      extensions: {
        [ENTERPRISE]: { department: 'R&D', manager: { value: 'm2' } },
        [CUSTOM]: { dept_code: 'R7' },
      },
      app: { department: 'R7', start: new Date('2024-03-01T00:00:00Z') },
    });
    expect(summarizeChange(before, after, { customUrn: CUSTOM })).toEqual({
      attributes: ['active', 'name.givenName', `${ENTERPRISE}:manager.value`, `${CUSTOM}:headcount`],
      values: { 'fields.headcount': null },
    });
  });

  it('reports no change for an identical write, whatever the letter case of the names', () => {
    const before = user();
    const after = user({ core: { ...before.core, username: 'ada@example.com' } });
    delete after.core.userName;
    expect(summarizeChange(before, after, { customUrn: CUSTOM })).toEqual({ attributes: [] });
  });

  it('never lists a password, nor the value of a field or column named like a secret', () => {
    const before = user();
    const after = user({
      core: { ...before.core, password: 'Sup3r-secret!' },
      extensions: { ...before.extensions, [CUSTOM]: { dept_code: 'R7', api_token: 'tok-123' } },
      app: { ...before.app, Password_hint: 'pet name' },
    });
    const summary = summarizeChange(before, after, { customUrn: CUSTOM });
    expect(summary.attributes).toEqual([`${CUSTOM}:api_token`, `${CUSTOM}:headcount`]);
    expect(JSON.stringify(summary)).not.toMatch(/Sup3r|tok-123|pet name/);
  });

  it("shows a group's member delta and names `members` as changed", () => {
    const group: ObservedState = { core: { displayName: 'Eng' }, extensions: {} };
    expect(summarizeChange(group, group, {}, { added: 50, removed: 2 })).toEqual({
      attributes: ['members'],
      members: { added: 50, removed: 2 },
    });
    expect(summarizeChange(group, group, {}, { added: 0, removed: 0 })).toEqual({ attributes: [] });
    expect(
      summarizeChange(
        group,
        { core: { displayName: 'Engineering' }, extensions: {} },
        {},
        { added: 3, removed: 'all' },
      ),
    ).toEqual({ attributes: ['displayName', 'members'], members: { added: 3, removed: 'all' } });
  });

  it('shows values of custom fields only under the account URN, not other extensions', () => {
    const summary = summarizeChange(null, user(), {});
    expect(Object.keys(summary.values ?? {})).toEqual(['app.department', 'app.start']);
  });
});
