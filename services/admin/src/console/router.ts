import express, { Router } from 'express';
import type { AdminContext } from '../operations/context.ts';
import { registerAccountManage } from './account-manage-page.ts';
import { registerAccounts } from './accounts-page.ts';
import { registerAdmins } from './admins-page.ts';
import { assetRoutes } from './assets.ts';
import { consoleErrorHandler, consoleNotFound } from './error-page.ts';
import { registerFields } from './fields-page.ts';
import { registerGroups } from './groups-page.ts';
import { registerLog } from './log-page.ts';
import { requireSession, verifyCsrf } from './request.ts';
import { registerScim } from './scim-page.ts';
import { registerSignIn, registerSignOut } from './sign-in-page.ts';
import { registerUsers } from './users-page.ts';

export interface ConsoleOptions {
  /**
   * Where people open the console (`https://admin.example.com`). Over https the session cookie
   * is Secure; form posts whose Origin header names another origin are refused.
   */
  consoleOrigin: string;
}

/**
 * The web console: server-rendered pages under /console, each calling the same operations as
 * the JSON API with the signed-in principal. Expects `authenticate(ctx)` to have run (it sets
 * the principal and session on `res.locals`); mount with `app.use('/console', consoleRouter(...))`.
 */
export function consoleRouter(ctx: AdminContext, options: ConsoleOptions): Router {
  const origin = new URL(options.consoleOrigin).origin;
  const secureCookies = origin.startsWith('https:');
  const router = Router();
  router.use(assetRoutes());
  router.use((_req, res, next) => {
    // Pages show account data and one-time tokens: never kept by a browser or proxy cache.
    res.setHeader('Cache-Control', 'no-store');
    // Not helmet's no-referrer: with it, browsers send `Origin: null` on the console's own form
    // posts, and verifyCsrf refuses posts from any other origin. Other sites still get nothing.
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }));
  registerSignIn(router, ctx, { secureCookies });
  router.use(requireSession(ctx), verifyCsrf(ctx, origin));
  registerSignOut(router, ctx, { secureCookies });
  registerAccounts(router, ctx);
  registerUsers(router, ctx);
  registerGroups(router, ctx);
  registerLog(router, ctx);
  registerScim(router, ctx);
  registerFields(router, ctx);
  registerAdmins(router, ctx, { consoleOrigin: origin });
  registerAccountManage(router, ctx);
  router.use(consoleNotFound);
  router.use(consoleErrorHandler(ctx));
  return router;
}
