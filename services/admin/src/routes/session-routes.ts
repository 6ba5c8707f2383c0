import { Router } from 'express';
import { z } from 'zod';
import { ScimError } from '@roster/scim';
import type { AdminContext } from '../operations/context.ts';
import { parsed } from '../http/parse.ts';
import { csrfTokenFor, SESSION_COOKIE, signInWithPassword, signOut } from '../auth/sessions.ts';
import { cookieOf, setSessionCookie } from '../auth/cookies.ts';

const Credentials = z.object({ email: z.string().max(254), password: z.string().max(256) });

/** JSON sign-in for scripts and the console's progressive enhancement; the answer carries the CSRF token. */
export function sessionRoutes(ctx: AdminContext, options: { secureCookies: boolean }): Router {
  const router = Router();
  router.post('/session', async (req, res) => {
    const { email, password } = parsed(Credentials, req.body);
    const signIn = await signInWithPassword(ctx, email, password);
    if (!signIn.ok && signIn.reason === 'throttled')
      throw new ScimError(429, undefined, 'Too many failed sign-ins for this email; try again later', {
        retryAfterSeconds: signIn.retryAfterSeconds,
      });
    if (!signIn.ok) throw new ScimError(401, undefined, 'Email or password is not right');
    setSessionCookie(res, SESSION_COOKIE, signIn.cookie, {
      secure: options.secureCookies,
      expiresAt: signIn.expiresAt,
    });
    res.status(201).json({ principal: signIn.principal, csrfToken: csrfTokenFor(ctx, signIn.cookie) });
  });
  router.delete('/session', async (req, res) => {
    const session = cookieOf(req, SESSION_COOKIE);
    if (session !== undefined && session !== '') await signOut(ctx, session);
    setSessionCookie(res, SESSION_COOKIE, null, { secure: options.secureCookies });
    res.status(204).end();
  });
  return router;
}
