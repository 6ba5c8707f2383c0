import type { Router } from 'express';
import type { AdminContext } from './operations/context.ts';
import { directoryRoutes } from './routes/directory.ts';
import { logRoutes } from './routes/log-routes.ts';
import { consoleRouter } from './console/router.ts';

/** The JSON API routers beyond accounts and settings: the directory and the provisioning log. */
export const adminApiRoutes = (ctx: AdminContext): Router[] => [directoryRoutes(ctx), logRoutes(ctx)];

/** The web console, for people signed in with a session cookie. */
export const adminConsole = (ctx: AdminContext, consoleOrigin: string): Router =>
  consoleRouter(ctx, { consoleOrigin });
