import type { Response } from 'express';
import type { AccountRole } from '@roster/store';

/**
 * Who is asking, however they proved it (API key, console session, or the operator's CLI).
 * Authorisation looks only at this, so another sign-in method (OIDC) only has to produce one.
 */
export type Principal =
  | {
      kind: 'admin';
      adminId: string;
      accountId: string;
      role: AccountRole;
      email: string;
      displayName: string;
    }
  | { kind: 'operator'; adminId: string; email: string; displayName: string };

/** The operator running the `roster` CLI on the deployment's own machine. */
export const CLI_OPERATOR: Principal = {
  kind: 'operator',
  adminId: 'cli',
  email: 'cli@localhost',
  displayName: 'roster CLI',
};

/** The principal the auth middleware established for this request. */
export function principalOf(res: Response): Principal {
  const principal = (res.locals as { principal?: Principal }).principal;
  if (principal === undefined) throw new Error('principalOf called on an unauthenticated route');
  return principal;
}

export const principalName = (principal: Principal): string =>
  principal.kind === 'operator' ? `operator ${principal.adminId}` : `admin ${principal.adminId}`;
