import { describe, expect, it } from 'vitest';
import type { AccountRole } from '@roster/store';
import { authorize, type Action } from '../src/auth/policy.ts';
import type { Principal } from '../src/auth/principal.ts';

const admin = (role: AccountRole, accountId = 'acme'): Principal => ({
  kind: 'admin',
  adminId: `id-${role}`,
  accountId,
  role,
  email: `${role}@acme.test`,
  displayName: role,
});
const operator: Principal = { kind: 'operator', adminId: 'op', email: 'op@roster.test', displayName: 'Op' };

/** The whole policy as a table: who may do what in account `acme` (✓) — everything else is denied. */
const GRANTS: Record<Action, readonly string[]> = {
  'accounts:manage': ['operator'],
  'queues:view': ['operator'],
  'account:read': ['owner', 'super_admin', 'user_admin', 'member', 'operator'],
  'admins:read': ['owner', 'super_admin', 'user_admin', 'operator'],
  'admins:manage': ['owner', 'super_admin', 'operator'],
  'owners:manage': ['owner', 'operator'],
  'scim:configure': ['owner', 'super_admin', 'user_admin', 'operator'],
  'directory:read': ['owner', 'super_admin', 'user_admin'],
  'log:read': ['owner', 'super_admin', 'user_admin'],
};
const PRINCIPALS: Record<string, Principal> = {
  owner: admin('owner'),
  super_admin: admin('super_admin'),
  user_admin: admin('user_admin'),
  member: admin('member'),
  operator,
};

describe('authorize', () => {
  const rows = Object.entries(GRANTS).flatMap(([action, granted]) =>
    Object.keys(PRINCIPALS).map((who) => [action as Action, who, granted.includes(who)] as const),
  );
  it.each(rows)('%s by %s: allowed %s', (action, who, allowed) => {
    const principal = PRINCIPALS[who];
    if (principal === undefined) throw new Error(who);
    expect(authorize(principal, action, 'acme').allowed).toBe(allowed);
  });

  it.each(Object.keys(GRANTS) as Action[])(
    '%s is never granted in another account, whatever the role',
    (action) => {
      for (const role of ['owner', 'super_admin', 'user_admin', 'member'] as const)
        expect(authorize(admin(role, 'other'), action, 'acme')).toEqual({
          allowed: false,
          reason: 'otherAccount',
          action,
        });
    },
  );

  it('names the missing permission', () => {
    expect(authorize(admin('member'), 'log:read', 'acme')).toEqual({
      allowed: false,
      reason: 'missingPermission',
      action: 'log:read',
    });
  });
});
