import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { ScimError } from '@roster/scim';
import type { AuthLocals } from '../auth/authenticate.ts';
import { cookieOf, setSessionCookie } from '../auth/cookies.ts';
import {
  SESSION_COOKIE,
  sameSecret,
  signInWithLink,
  signInWithPassword,
  signOut,
  type SignIn,
} from '../auth/sessions.ts';
import type { AdminContext } from '../operations/context.ts';
import { param, rawParam } from './format.ts';
import { formError } from './components.ts';
import { html } from './html.ts';
import { safeReturnPath, seeOther, sendPage, sessionOf } from './request.ts';

/**
 * Before there is a session, sign-in forms are protected by a double-submit token: a random
 * value in a SameSite=Strict cookie that another site cannot read or send, repeated in the form.
 */
const SIGN_IN_COOKIE = 'roster_signin';
const SIGN_IN_PATH = '/console/sign-in';

export interface SignInOptions {
  secureCookies: boolean;
}

function signInToken(req: Request, res: Response, secure: boolean): string {
  const existing = cookieOf(req, SIGN_IN_COOKIE);
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: SIGN_IN_PATH });
  return token;
}

function checkSignInToken(req: Request): void {
  if (!sameSecret(cookieOf(req, SIGN_IN_COOKIE) ?? '', param(req.body, '_csrf')))
    throw new ScimError(403, undefined, 'The sign-in form expired. Reload the sign-in page and try again.');
}

function passwordForm(token: string, next: string | undefined, email = '', error?: string) {
  return html`<div class="narrow">
    <h1>Sign in to Roster</h1>
    ${error === undefined ? '' : formError(error, 'sign-in-error')}
    <form method="post" action="${SIGN_IN_PATH}" class="stack">
      <input type="hidden" name="_csrf" value="${token}" />
      ${next === undefined ? '' : html`<input type="hidden" name="next" value="${next}" />`}
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        required
        maxlength="254"
        value="${email}"
        ${error === undefined ? '' : html`aria-describedby="sign-in-error"`}
      />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        maxlength="256"
      />
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">
      New owners sign in with the one-time link they were given; the link page asks you to confirm.
    </p>
  </div>`;
}

function linkForm(token: string, code: string, error?: string) {
  return html`<div class="narrow">
    <h1>Sign in with a link</h1>
    ${error === undefined ? '' : formError(error)}
    <p>This one-time link signs you in once. Continue to use it now.</p>
    <form method="post" action="${SIGN_IN_PATH}/link" class="stack">
      <input type="hidden" name="_csrf" value="${token}" />
      <input type="hidden" name="code" value="${code}" />
      <button type="submit">Continue and sign in</button>
    </form>
  </div>`;
}

/** The sign-in and sign-out forms (their own CSRF protection: the session does not exist yet). */
export function registerSignIn(router: Router, ctx: AdminContext, options: SignInOptions): void {
  const { secureCookies: secure } = options;
  const signedIn = (res: Response): boolean => {
    const locals = res.locals as AuthLocals;
    return locals.principal !== undefined && locals.session !== undefined;
  };
  const startSession = (req: Request, res: Response, signIn: Extract<SignIn, { ok: true }>): void => {
    setSessionCookie(res, SESSION_COOKIE, signIn.cookie, { secure, expiresAt: signIn.expiresAt });
    res.clearCookie(SIGN_IN_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: SIGN_IN_PATH });
    seeOther(res, safeReturnPath(param(req.body, 'next')) ?? '/console');
  };

  router.get('/sign-in', (req, res) => {
    if (signedIn(res)) {
      seeOther(res, '/console');
      return;
    }
    const next = safeReturnPath(param(req.query, 'next'));
    sendPage(res, { title: 'Sign in', body: passwordForm(signInToken(req, res, secure), next) });
  });

  router.post('/sign-in', async (req, res) => {
    checkSignInToken(req);
    const email = param(req.body, 'email').slice(0, 254);
    const password = rawParam(req.body, 'password');
    const next = safeReturnPath(param(req.body, 'next'));
    const signIn =
      email === '' || password === '' ? null : await signInWithPassword(ctx, email, password.slice(0, 256));
    if (signIn === null || !signIn.ok) {
      const token = signInToken(req, res, secure);
      const throttled =
        signIn !== null && signIn.reason === 'throttled' ? signIn.retryAfterSeconds : undefined;
      if (throttled !== undefined) res.setHeader('Retry-After', String(throttled));
      const problem =
        throttled === undefined
          ? 'The email or password is not right.'
          : `Too many failed sign-ins for this email. Try again in ${Math.ceil(throttled / 60)} minutes.`;
      sendPage(
        res,
        { title: 'Sign in', body: passwordForm(token, next, email, problem) },
        throttled === undefined ? 401 : 429,
      );
      return;
    }
    startSession(req, res, signIn);
  });

  router.get('/sign-in/link', (req, res) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    const code = param(req.query, 'code').slice(0, 512);
    if (code === '')
      throw ScimError.badRequest('invalidValue', 'This sign-in link has no code; copy the whole link.');
    sendPage(res, { title: 'Sign in with a link', body: linkForm(signInToken(req, res, secure), code) });
  });

  router.post('/sign-in/link', async (req, res) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    checkSignInToken(req);
    const signIn = await signInWithLink(ctx, param(req.body, 'code').slice(0, 512));
    if (!signIn.ok) {
      sendPage(
        res,
        {
          title: 'Sign-in link not valid',
          body: html`<h1>This sign-in link does not work</h1>
            <p>
              It was already used, has expired, or was mistyped. Ask an operator or an owner for a new one, or
              <a href="${SIGN_IN_PATH}">sign in with a password</a>.
            </p>`,
        },
        401,
      );
      return;
    }
    startSession(req, res, signIn);
  });
}

/** Signing out ends the session in the store, not only in this browser. Behind requireSession and verifyCsrf. */
export function registerSignOut(router: Router, ctx: AdminContext, options: SignInOptions): void {
  router.post('/sign-out', async (_req, res) => {
    await signOut(ctx, sessionOf(res).session);
    setSessionCookie(res, SESSION_COOKIE, null, { secure: options.secureCookies });
    seeOther(res, SIGN_IN_PATH);
  });
}
