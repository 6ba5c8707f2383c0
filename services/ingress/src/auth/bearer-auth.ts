import type { NextFunction, Request, Response } from 'express';
import type { TokenCheck, TokenVerifier } from './token-verifier.ts';
import { setScope } from '../http/request-scope.ts';
import { RejectedRequestError } from '../http/rejected-request.ts';
import type { TokenResult } from '../metrics/ingress-metrics.ts';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * Authenticates `Authorization: Bearer <token>` for `/scim/v2/:accountId/*`. A token only
 * opens its own account's base URL; every failure is the same 401 so a caller cannot
 * probe which accounts or token ids exist.
 */
export function bearerAuth(
  verifier: TokenVerifier,
  onResult: (result: TokenResult) => void = () => undefined,
) {
  return async (req: Request<{ accountId: string }>, res: Response, next: NextFunction): Promise<void> => {
    const receivedAt = Date.now();
    const match = BEARER.exec(req.headers.authorization ?? '');
    let check: TokenCheck | null;
    try {
      check = match?.[1] === undefined ? null : await verifier.verify(match[1]);
    } catch (error) {
      onResult('error');
      throw error;
    }
    const result = resultOf(check, req.params.accountId);
    onResult(result);
    if (result !== 'ok' || check?.ok !== true) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="roster", error="invalid_token"');
      next(
        new RejectedRequestError(
          'unauthorized',
          401,
          'Missing, invalid or revoked bearer token for this base URL',
        ),
      );
      return;
    }
    setScope(res, {
      accountId: check.accountId,
      tokenId: check.tokenId,
      receivedAt,
      ...(check.rateLimit === undefined ? {} : { rateLimit: check.rateLimit }),
    });
    next();
  };
}

const resultOf = (check: TokenCheck | null, accountId: string): TokenResult =>
  check === null
    ? 'missing'
    : !check.ok
      ? check.reason
      : check.accountId === accountId
        ? 'ok'
        : 'wrong_account';
