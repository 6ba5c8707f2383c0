import type { StoredRateLimit } from '@roster/store';
import type { Request, Response } from 'express';

/** Who is calling, established by bearer auth; everything after auth reads it from here. */
export interface RequestScope {
  accountId: string;
  tokenId: string;
  /** When authentication began, epoch ms: the request's start for the provisioning log. */
  receivedAt: number;
  /** The account's own request rate, when an operator set one (else the configured one applies). */
  rateLimit?: StoredRateLimit;
}

const SCOPE = Symbol('roster.scope');

export function setScope(res: Response, scope: RequestScope): void {
  (res.locals as Record<symbol, RequestScope>)[SCOPE] = scope;
}

export function scopeOf(res: Response): RequestScope {
  const scope = (res.locals as Record<symbol, RequestScope | undefined>)[SCOPE];
  if (scope === undefined) throw new Error('scopeOf() called on a route without bearer auth');
  return scope;
}

/** The scope when bearer auth established one (not on a 401, nor before auth ran). */
export const findScope = (res: Response): RequestScope | undefined =>
  (res.locals as Record<symbol, RequestScope | undefined>)[SCOPE];

/** The id pino-http assigned to this request (app.ts generates UUID strings). */
export const requestIdOf = (req: Request): string => {
  if (typeof req.id !== 'string') throw new Error('request id missing: pino-http must run before the routes');
  return req.id;
};
