import type { Logger } from 'pino';
import type { Store } from '@roster/store';
import type { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { authorize, deniedError, type Action } from '../auth/policy.ts';
import { principalName, type Principal } from '../auth/principal.ts';

/** What every admin operation works with; built once by main.ts (or a test, or the CLI). */
export interface AdminContext {
  store: Store;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Keyed into every token, API key and session hash. */
  pepper: string;
  /** Origin + prefix of the SCIM API, as Entra ID must be given it. */
  publicBaseUrl: string;
  customNamespace: string;
  /** Limits failed password sign-ins per email; absent: not throttled (tests, the CLI). */
  signInThrottle?: SignInThrottle;
  /** How long a console session lasts (default 12 h). */
  sessionTtlMs?: number;
  /** Tells every running ingress to stop trusting these SCIM tokens; false when Redis did not take it. */
  announceRevoked(tokenIds: readonly string[]): Promise<boolean>;
}

/**
 * Lets the operation go on, or throws the 403 that denies it. Every denial is logged with who,
 * where, what and why; never with a credential.
 */
export function permit(ctx: AdminContext, principal: Principal, action: Action, accountId?: string): void {
  const decision = authorize(principal, action, accountId);
  if (decision.allowed) return;
  ctx.logger.warn(
    {
      adminId: principal.adminId,
      principal: principalName(principal),
      accountId: accountId ?? null,
      action,
      reason: decision.reason,
    },
    'admin action denied',
  );
  throw deniedError(decision);
}
