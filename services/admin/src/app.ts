import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorHandler, healthRouter, notFound } from '@roster/ingress';
import { httpMetricsMiddleware, metricsHandler } from '@roster/runtime';
import type { AdminContext } from './operations/context.ts';
import { authenticate, requirePrincipal } from './auth/authenticate.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { DASHBOARD_PATH } from './queue-dashboard.ts';

export interface AdminAppDeps {
  ctx: AdminContext;
  logger: Logger;
  /** Where people open the console; https makes the session cookie Secure. */
  consoleOrigin: string;
  trustProxy?: boolean;
  /** The process's metrics, served at /metrics and fed by every request. */
  metrics?: Registry;
  /** The BullMQ dashboard's router (operators only); absent in hosts without queues. */
  dashboard?: Router;
  /** Extra JSON API routers (mounted under /api/v1 after authentication). */
  apiRoutes?: readonly Router[];
  /** The web console (mounted at /console). */
  console?: Router;
}

/** Route templates of this service, for the HTTP latency histogram's `route` label. */
export const ADMIN_ROUTE_TEMPLATES = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/api/v1/session',
  '/api/v1/me',
  '/api/v1/accounts',
  '/api/v1/accounts/:accountId',
  '/api/v1/accounts/:accountId/:collection',
  '/api/v1/accounts/:accountId/:collection/:id',
  '/api/v1/accounts/:accountId/:collection/:id/:sub',
  '/console',
  '/console/:page',
  '/console/accounts/:accountId/:page',
  '/console/accounts/:accountId/:page/:id',
  '/console/accounts/:accountId/:page/:id/:action',
  '/console/accounts/:accountId/:page/:id/:action/:verb',
  '/console/:page/:sub',
  '/console/assets/:file',
  DASHBOARD_PATH,
];

/** The routers of the JSON API, in the order they are mounted under /api/v1. */
export interface ApiRouters {
  /** Answer without a principal: signing in and out, and who is signed in. */
  open: Router[];
  /** Mounted after `requirePrincipal`: accounts and settings, then `extra`. */
  guarded: Router[];
}

/** The /api/v1 routers `createAdminApp` mounts; `extra` are its `apiRoutes`. */
export const apiRouters = (
  ctx: AdminContext,
  options: { secureCookies: boolean; extra?: readonly Router[] },
): ApiRouters => ({
  open: [sessionRoutes(ctx, { secureCookies: options.secureCookies })],
  guarded: [accountRoutes(ctx), ...(options.extra ?? [])],
});

/**
 * The admin service: JSON API (/api/v1), web console (/console), queue dashboard (/queues) and
 * /metrics, on its own port. Authentication runs once for all of them; what each principal may
 * do is decided in the operations, by the one policy function.
 */
export function createAdminApp(deps: AdminAppDeps): Express {
  const { ctx, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  if (deps.metrics !== undefined) {
    app.use(httpMetricsMiddleware(deps.metrics, { routes: ADMIN_ROUTE_TEMPLATES }));
    app.get('/metrics', metricsHandler(deps.metrics));
  }
  app.use(
    pinoHttp({
      logger,
      // Never log cookies or API keys.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
    }),
  );
  // /healthz: the process is up; /readyz: the store answers (the admin service needs nothing else to serve).
  app.use(healthRouter({ checks: { store: () => ctx.store.ping() } }));
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(authenticate(ctx));
  if (deps.dashboard !== undefined)
    app.use(DASHBOARD_PATH, helmet({ contentSecurityPolicy: false }), deps.dashboard);
  // Over plain http (a dev machine) neither HSTS nor upgrading requests to https may be asked for.
  const https = deps.consoleOrigin.startsWith('https:');
  app.use(
    helmet({
      strictTransportSecurity: https,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
    }),
  );
  app.get('/', (_req, res) => {
    res.redirect(303, '/console');
  });
  const api = apiRouters(ctx, { secureCookies: https, extra: deps.apiRoutes ?? [] });
  app.use('/api/v1', ...api.open);
  app.use('/api/v1', requirePrincipal(ctx), ...api.guarded);
  if (deps.console !== undefined) app.use('/console', deps.console);
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
