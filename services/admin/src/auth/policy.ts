import { ScimError } from '@roster/scim';
import type { AccountRole } from '@roster/store';
import type { Principal } from './principal.ts';

/**
 * Everything an admin or operator can be allowed to do. Routes and console pages never test
 * roles themselves: they name the action and ask `authorize`, the one place these rules live.
 */
export type Action =
  | 'accounts:manage'
  | 'queues:view'
  | 'account:read'
  | 'admins:read'
  | 'admins:manage'
  | 'owners:manage'
  | 'scim:configure'
  | 'directory:read'
  | 'log:read';

/** What each account role may do in its own account. */
const ROLE_ACTIONS: Record<AccountRole, ReadonlySet<Action>> = {
  owner: new Set([
    'account:read',
    'admins:read',
    'admins:manage',
    'owners:manage',
    'scim:configure',
    'directory:read',
    'log:read',
  ]),
  super_admin: new Set([
    'account:read',
    'admins:read',
    'admins:manage',
    'scim:configure',
    'directory:read',
    'log:read',
  ]),
  user_admin: new Set(['account:read', 'admins:read', 'scim:configure', 'directory:read', 'log:read']),
  member: new Set(['account:read']),
};

/**
 * Operators run the deployment: they manage accounts and their first owners, configure SCIM on
 * an account's behalf and watch the queues, but read no account's users or provisioning log.
 */
const OPERATOR_ACTIONS: ReadonlySet<Action> = new Set([
  'accounts:manage',
  'queues:view',
  'account:read',
  'admins:read',
  'admins:manage',
  'owners:manage',
  'scim:configure',
]);

export type Decision =
  { allowed: true } | { allowed: false; reason: 'otherAccount' | 'missingPermission'; action: Action };

/** May `principal` do `action` (in `accountId`, for account actions)? */
export function authorize(principal: Principal, action: Action, accountId?: string): Decision {
  if (principal.kind === 'operator')
    return OPERATOR_ACTIONS.has(action)
      ? { allowed: true }
      : { allowed: false, reason: 'missingPermission', action };
  // An action of no account (managing accounts, the queues) is never an account role's.
  if (accountId === undefined) return { allowed: false, reason: 'missingPermission', action };
  if (accountId !== principal.accountId) return { allowed: false, reason: 'otherAccount', action };
  return ROLE_ACTIONS[principal.role].has(action)
    ? { allowed: true }
    : { allowed: false, reason: 'missingPermission', action };
}

/**
 * The error a denial answers with. Another account's resources are answered as a 403 that
 * says nothing about whether they exist.
 */
export function deniedError(decision: Extract<Decision, { allowed: false }>): ScimError {
  return new ScimError(
    403,
    undefined,
    decision.reason === 'otherAccount'
      ? `Permission "${decision.action}" is not granted on this account`
      : `Permission "${decision.action}" is required for this action`,
  );
}
