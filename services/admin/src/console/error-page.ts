import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '@roster/scim';
import { toScimError } from '@roster/ingress';
import type { AuthLocals } from '../auth/authenticate.ts';
import { csrfTokenFor } from '../auth/sessions.ts';
import type { AdminContext } from '../operations/context.ts';
import { html, type SafeHtml } from './html.ts';
import { sendPage } from './request.ts';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  401: 'Sign-in needed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That conflicts with the current state',
  413: 'Too much data',
  415: 'That form could not be read',
  503: 'Try again in a moment',
};

/** What a person can do about it, per status. */
const ADVICE: Record<number, string> = {
  404: 'It may have been removed, or the address is mistyped.',
  503: 'Roster is busy or one of its services is unreachable. Nothing was changed; reload the page in a few seconds.',
};

/** The permission a 403 names (policy.ts puts it in quotes), for a page that says which one is missing. */
const missingPermission = (detail: string): string | undefined => /Permission "([a-z:]+)"/.exec(detail)?.[1];

/** policy.ts words a denial in another account this way; nothing there is yours to ask for. */
const OTHER_ACCOUNT = /not granted on this account/;

function errorBody(status: number, detail: string): SafeHtml {
  const permission = status === 403 ? missingPermission(detail) : undefined;
  const advice =
    permission === undefined
      ? ADVICE[status]
      : OTHER_ACCOUNT.test(detail)
        ? 'This page belongs to an account you are not an admin of.'
        : 'Your role does not include this permission. Ask an owner of the account to change your role if you need it.';
  return html`<h1>${TITLES[status] ?? 'Something went wrong'}</h1>
    <p class="error-detail">${detail}</p>
    ${permission === undefined ? '' : html`<p>Missing permission: <code class="permission">${permission}</code></p>`}
    ${advice === undefined ? '' : html`<p>${advice}</p>`}
    <p><a href="/console">Back to the console</a></p>`;
}

/**
 * Renders `error` as a page with its own status, converted as the SCIM API converts it
 * (`toScimError`); anything unknown is an opaque 500, logged.
 */
export function consoleErrorHandler(ctx: AdminContext) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let failure = toScimError(error);
    if (failure === null) {
      ctx.logger.error({ err: error, path: req.path }, 'console page failed');
      failure = new ScimError(
        500,
        undefined,
        'The console could not show this page. The error has been logged.',
      );
    } else if (failure.status >= 500) {
      ctx.logger.error({ err: failure.cause ?? failure, path: req.path }, 'console page failed');
    }
    const { principal, session } = res.locals as AuthLocals;
    const signedIn = principal !== undefined && session !== undefined;
    sendPage(
      res,
      {
        title: TITLES[failure.status] ?? 'Error',
        body: errorBody(failure.status, failure.detail),
        principal: signedIn ? principal : undefined,
        csrf: signedIn ? csrfTokenFor(ctx, session) : undefined,
        accountId: signedIn && principal.kind === 'admin' ? principal.accountId : undefined,
      },
      failure.status,
    );
  };
}

/** Any /console path no page answers. */
export function consoleNotFound(_req: Request, _res: Response): never {
  throw ScimError.notFound('There is no console page at this address.');
}
