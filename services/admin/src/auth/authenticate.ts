import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '@roster/scim';
import type { AdminContext } from '../operations/context.ts';
import { cookieOf } from './cookies.ts';
import type { Principal } from './principal.ts';
import { csrfTokenMatches, principalFor, SESSION_COOKIE } from './sessions.ts';

/** What authentication leaves on `res.locals` for the routes and pages after it. */
export interface AuthLocals {
  principal?: Principal;
  /** The session credential, when the request came with the console's cookie (for CSRF tokens). */
  session?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request may change something (anything but GET, HEAD, OPTIONS). */
export const changesState = (req: Request): boolean => !SAFE_METHODS.has(req.method);

/**
 * Establishes who is asking: an API key (`Authorization: Bearer rak_…`) or the console's
 * session cookie. Never refuses by itself (the console redirects, the API answers 401);
 * `requirePrincipal` does.
 */
export function authenticate(ctx: AdminContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const locals = res.locals as AuthLocals;
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer[ ]+(\S+)$/i.exec(header);
      const check =
        match?.[1] === undefined
          ? { ok: false as const, reason: 'malformed' }
          : await principalFor(ctx, 'apiKey', match[1]);
      if (!check.ok) {
        ctx.logger.warn({ reason: check.reason, path: req.path }, 'admin API key refused');
        throw new ScimError(401, undefined, 'The API key is not valid');
      }
      locals.principal = check.principal;
      next();
      return;
    }
    const session = cookieOf(req, SESSION_COOKIE);
    if (session !== undefined && session !== '') {
      const check = await principalFor(ctx, 'session', session);
      if (check.ok) {
        locals.principal = check.principal;
        locals.session = session;
      }
    }
    next();
  };
}

/** API routes: 401 without a principal; a cookie-authenticated change must carry its CSRF token. */
export function requirePrincipal(ctx: AdminContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const locals = res.locals as AuthLocals;
    if (locals.principal === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="roster-admin"');
      throw new ScimError(401, undefined, 'Sign in, or send an admin API key as a Bearer token');
    }
    if (
      locals.session !== undefined &&
      changesState(req) &&
      !csrfTokenMatches(ctx, locals.session, req.headers['x-csrf-token'])
    ) {
      ctx.logger.warn(
        { adminId: locals.principal.adminId, path: req.path, reason: 'csrf' },
        'admin action denied',
      );
      throw new ScimError(403, undefined, 'Missing or wrong X-CSRF-Token header for a signed-in session');
    }
    next();
  };
}
