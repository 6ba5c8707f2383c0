import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '@roster/scim';
import type { AuthLocals } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { csrfTokenFor, csrfTokenMatches } from '../auth/sessions.ts';
import type { AdminContext } from '../operations/context.ts';
import { param } from './format.ts';
import type { SafeHtml } from './html.ts';
import { layout, type PageView } from './layout.ts';

/** Who is signed in to the console on this request, and the token its forms must carry. */
export interface ConsoleSession {
  principal: Principal;
  /** The session credential (the cookie's value); only ever used to derive the CSRF token. */
  session: string;
  csrf: string;
}

/** Set by `requireSession` for every page behind sign-in. */
export function sessionOf(res: Response): ConsoleSession {
  const session = (res.locals as { console?: ConsoleSession }).console;
  if (session === undefined) throw new Error('sessionOf called on a page outside requireSession');
  return session;
}

/** One string route parameter. */
export const routeParam = (req: Request, name: string): string => {
  const value: unknown = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
};

/** The `:accountId` of the URL. */
export const accountIdOf = (req: Request): string => routeParam(req, 'accountId');

/** A refusal a page shows by its form (invalid input, a conflict); anything else is an error page. */
export const isFormError = (error: unknown): error is ScimError =>
  error instanceof ScimError && (error.status === 400 || error.status === 409);

/** Sends a whole page; console pages are never cached, they show account data. */
export function sendPage(res: Response, view: PageView, status = 200): void {
  res.status(status).type('html').send(layout(view).value);
}

/** A page of the signed-in principal, with its menu, sign-out form and CSRF token filled in. */
export function sendAccountPage(
  res: Response,
  view: Omit<PageView, 'principal' | 'csrf'> & { body: SafeHtml },
  status = 200,
): void {
  const { principal, csrf } = sessionOf(res);
  sendPage(res, { ...view, principal, csrf }, status);
}

/** 303: after a form, the browser GETs the next page (a reload does not post again). */
export const seeOther = (res: Response, location: string): void => res.redirect(303, location);

/** A path under /console to return to after signing in; anything else (other origins, `//`) is dropped. */
export const safeReturnPath = (path: string): string | undefined =>
  /^\/(console|queues)(\/[A-Za-z0-9._~%/:@!$&'()*+,;=?-]*)?$/.test(path) && !path.includes('//')
    ? path
    : undefined;

/**
 * Pages behind sign-in need the console's session cookie (an API key alone signs in no browser):
 * a visitor without one is sent to the sign-in page, and back here afterwards.
 */
export function requireSession(ctx: AdminContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { principal, session } = res.locals as AuthLocals;
    if (principal === undefined || session === undefined) {
      const back = req.method === 'GET' ? safeReturnPath(req.originalUrl) : undefined;
      seeOther(
        res,
        `/console/sign-in${back === undefined || back === '/console' ? '' : `?next=${encodeURIComponent(back)}`}`,
      );
      return;
    }
    const signedIn: ConsoleSession = { principal, session, csrf: csrfTokenFor(ctx, session) };
    (res.locals as { console?: ConsoleSession }).console = signedIn;
    next();
  };
}

/**
 * Every state-changing console request carries the session's CSRF token in `_csrf`, and, when the
 * browser says where it comes from, comes from the console's own origin.
 */
export function verifyCsrf(ctx: AdminContext, consoleOrigin: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    const { principal, session } = sessionOf(res);
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === consoleOrigin;
    if (!sameOrigin || !csrfTokenMatches(ctx, session, param(req.body, '_csrf'))) {
      ctx.logger.warn(
        { adminId: principal.adminId, path: req.path, reason: sameOrigin ? 'csrf' : 'origin' },
        'console form refused',
      );
      throw new ScimError(
        403,
        undefined,
        'This form has expired or did not come from this console. Go back, reload the page and try again.',
      );
    }
    next();
  };
}
