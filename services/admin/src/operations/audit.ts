import type { Principal } from '../auth/principal.ts';
import type { AdminContext } from './context.ts';

/**
 * One line in the service log for every change an admin or operator made: who, in which
 * account, what, and to what (ids only, never a credential or a value). With the denials that
 * `permit` logs, the log answers "who generated this token" and "who removed that field".
 */
export function audit(
  ctx: AdminContext,
  principal: Principal,
  change: string,
  accountId: string | null,
  target: Record<string, string | number | boolean | null> = {},
): void {
  ctx.logger.info(
    { audit: true, adminId: principal.adminId, principal: principal.kind, accountId, change, ...target },
    'admin change',
  );
}
