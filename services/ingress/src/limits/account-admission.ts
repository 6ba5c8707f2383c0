import type { NextFunction, Request, Response } from 'express';
import { RejectedRequestError } from '../http/rejected-request.ts';
import { scopeOf } from '../http/request-scope.ts';
import type { AccountRateLimiter } from './account-rate-limit.ts';

/**
 * Fair share between accounts, after authentication: every request spends a token of its
 * account's rate limit, shared by all ingress processes; an empty bucket answers 429 with the
 * seconds until the next token as `Retry-After`.
 */
export function accountAdmission(limiter: AccountRateLimiter) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { accountId, rateLimit } = scopeOf(res);
    const decision = await limiter.take(accountId, rateLimit);
    if (decision.allowed) {
      next();
      return;
    }
    next(
      new RejectedRequestError(
        'rate_limited',
        429,
        `Request rate limit of this account exceeded; retry after ${decision.retryAfterSeconds} s`,
        { retryAfterSeconds: decision.retryAfterSeconds },
      ),
    );
  };
}
