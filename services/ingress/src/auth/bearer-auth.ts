import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '@roster/scim';
import type { TokenVerifier } from './token-verifier.ts';
import { setScope } from '../http/request-scope.ts';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * Authenticates `Authorization: Bearer <token>` for `/scim/v2/:accountId/*`. A token only
 * opens its own account's base URL; every failure is the same 401 so a caller cannot
 * probe which accounts or token ids exist.
 */
export function bearerAuth(verifier: TokenVerifier) {
  return async (req: Request<{ accountId: string }>, res: Response, next: NextFunction): Promise<void> => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    const check = match?.[1] === undefined ? null : await verifier.verify(match[1]);
    if (check === null || !check.ok || check.accountId !== req.params.accountId) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="roster", error="invalid_token"');
      next(new ScimError(401, undefined, 'Missing, invalid or revoked bearer token for this base URL'));
      return;
    }
    setScope(res, { accountId: check.accountId, tokenId: check.tokenId });
    next();
  };
}
