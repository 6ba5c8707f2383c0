import { ScimError } from '@roster/scim';

/**
 * Why ingress turned a request away before doing its work, as the metric label says it:
 * - `unauthorized`: missing, invalid, revoked or expired token, or another account's (401);
 * - `rate_limited`: the account's request rate (429);
 * - `too_many_lists`: the account's unanchored lists or filters in progress (429);
 * - `too_many_pending_writes`: the account's writes waiting for their job (429);
 * - `in_flight_ceiling`: this process's requests in progress (503);
 * - `connection_ceiling`: this process's open connections, refused at accept (no response).
 */
export const REJECTION_REASONS = [
  'unauthorized',
  'rate_limited',
  'too_many_lists',
  'too_many_pending_writes',
  'in_flight_ceiling',
  'connection_ceiling',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * A refusal by authentication or overload protection: a SCIM error like any other for the
 * client, that also names its reason for the metrics (the error handler counts it).
 */
export class RejectedRequestError extends ScimError {
  constructor(
    readonly reason: Exclude<RejectionReason, 'connection_ceiling'>,
    status: 401 | 429 | 503,
    detail: string,
    options?: { retryAfterSeconds?: number },
  ) {
    super(status, undefined, detail, options);
  }
}
