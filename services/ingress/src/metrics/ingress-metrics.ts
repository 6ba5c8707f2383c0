import { Counter, type Registry } from 'prom-client';
import type { ScimError } from '@roster/scim';
import { REJECTION_REASONS, RejectedRequestError, type RejectionReason } from '../http/rejected-request.ts';
import type { TokenCheck } from '../auth/token-verifier.ts';

/**
 * What a bearer token check came to: the verifier's reasons, plus `missing` (no bearer
 * header), `wrong_account` (a valid token of another account's base URL) and `error` (the
 * store did not answer).
 */
export type TokenResult =
  'ok' | Extract<TokenCheck, { ok: false }>['reason'] | 'missing' | 'wrong_account' | 'error';

/** The label value of each result; a new verifier reason does not compile until it has one. */
const TOKEN_RESULT_LABELS: Record<TokenResult, string> = {
  ok: 'ok',
  missing: 'missing',
  malformed: 'malformed',
  unknown: 'unknown',
  mismatch: 'mismatch',
  revoked: 'revoked',
  expired: 'expired',
  accountDisabled: 'account_disabled',
  wrong_account: 'wrong_account',
  error: 'error',
};

/** The counters of one ingress process; labels are small fixed sets, never ids. */
export interface IngressMetrics {
  registry: Registry;
  tokenVerification: (result: TokenResult) => void;
  rejection: (reason: RejectionReason) => void;
  /** Every SCIM error answered (the error handler calls it once per error response). */
  scimError: (error: ScimError) => void;
}

export function createIngressMetrics(registry: Registry): IngressMetrics {
  const tokens = new Counter({
    name: 'roster_token_verifications_total',
    help: 'Bearer token checks on SCIM requests, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'roster_requests_rejected_total',
    help: 'Requests turned away by authentication or overload protection, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'roster_scim_errors_total',
    help: 'SCIM error responses, by HTTP status and scimType ("none" when it has none)',
    labelNames: ['status', 'scim_type'] as const,
    registers: [registry],
  });
  // Every known series exists from the start at 0, so rate() sees the first increment.
  for (const result of Object.values(TOKEN_RESULT_LABELS)) tokens.inc({ result }, 0);
  for (const reason of REJECTION_REASONS) rejections.inc({ reason }, 0);
  return {
    registry,
    tokenVerification: (result) => tokens.inc({ result: TOKEN_RESULT_LABELS[result] }),
    rejection: (reason) => rejections.inc({ reason }),
    scimError: (error) => {
      errors.inc({ status: String(error.status), scim_type: error.scimType ?? 'none' });
      if (error instanceof RejectedRequestError) rejections.inc({ reason: error.reason });
    },
  };
}
