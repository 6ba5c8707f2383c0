import type { NextFunction, Request, Response } from 'express';

/**
 * Entra appends `/Users` to the tenant URL as typed, so a trailing slash there becomes
 * `//Users`. Collapse repeated slashes before routing (docs/entra.md §1.4).
 */
export function normalizePath(req: Request, _res: Response, next: NextFunction): void {
  if (req.url.includes('//')) {
    const queryAt = req.url.indexOf('?');
    const path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : req.url.slice(queryAt);
    req.url = path.replace(/\/{2,}/g, '/') + query;
  }
  next();
}
