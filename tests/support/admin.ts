import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { createRedisConnection, MAINTENANCE_QUEUE, WRITE_QUEUE } from '@roster/jobs';
import { adminKey, hashPassword, type AccountRole } from '@roster/store';
import {
  adminApiRoutes,
  adminConsole,
  createAdminApp,
  mintSignInLink,
  queueDashboard,
  redisSignInThrottle,
  revocationAnnouncer,
  type AdminContext,
} from '@roster/admin';
import { CUSTOM_NAMESPACE, PEPPER, uniqueName, type RosterUnderTest } from './roster.ts';

export interface TestAdmin {
  adminId: string;
  accountId: string | null;
  email: string;
  password: string;
  /** `rak_…`: send as `Authorization: Bearer`. */
  apiKey: string;
}

export interface AdminUnderTest {
  origin: string;
  ctx: AdminContext;
  /** An admin of `accountId` (or an operator with null), with a password and an API key. */
  createAdmin(accountId: string | null, role: AccountRole | 'operator'): Promise<TestAdmin>;
  /** A one-time console sign-in link for the admin. */
  signInLink(admin: TestAdmin): Promise<string>;
  /** Calls the admin JSON API with the admin's key. */
  api(
    admin: TestAdmin | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * The real admin service (express app on a loopback port, with API, console, queue dashboard and
 * metrics) over the store and Redis of a running `startRoster()`, so what the admin does is
 * what the SCIM API and the worker see.
 */
export async function startAdmin(
  roster: RosterUnderTest,
  options: { logger?: Logger } = {},
): Promise<AdminUnderTest> {
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const announcer = revocationAnnouncer(roster.redisUrl, roster.prefix);
  const redis = createRedisConnection(roster.redisUrl, 'producer');
  const ctx: AdminContext = {
    signInThrottle: redisSignInThrottle(redis, roster.prefix, () => undefined),
    store: roster.store,
    logger,
    pepper: PEPPER,
    publicBaseUrl: roster.origin,
    customNamespace: CUSTOM_NAMESPACE,
    announceRevoked: (tokenIds) => announcer.announce(tokenIds),
  };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dashboard = queueDashboard(ctx, {
    redisUrl: roster.redisUrl,
    prefix: roster.prefix,
    queueNames: [WRITE_QUEUE, MAINTENANCE_QUEUE],
    consoleOrigin: origin,
  });
  server.on(
    'request',
    createAdminApp({
      ctx,
      logger,
      consoleOrigin: origin,
      metrics: new Registry(),
      dashboard: dashboard.router,
      apiRoutes: adminApiRoutes(ctx),
      console: adminConsole(ctx, origin),
    }),
  );

  const createAdmin = async (
    accountId: string | null,
    role: AccountRole | 'operator',
  ): Promise<TestAdmin> => {
    const email = `${uniqueName('admin')}@example.test`;
    const outcome = await roster.store.admins.create({
      accountId,
      email,
      displayName: `${role} ${email}`,
      role,
      passwordHash: await hashPassword(TEST_PASSWORD),
    });
    if (outcome.kind !== 'created') throw new Error(`admin not created: ${outcome.kind}`);
    const key = adminKey(accountId, outcome.admin.adminId);
    const apiKey = await roster.store.adminCredentials.issue('apiKey', { key, accountId }, PEPPER);
    return {
      adminId: outcome.admin.adminId,
      accountId,
      email,
      password: TEST_PASSWORD,
      apiKey: apiKey.clear,
    };
  };

  return {
    origin,
    ctx,
    createAdmin,
    async signInLink(admin) {
      const key = adminKey(admin.accountId, admin.adminId);
      return (await mintSignInLink(ctx, origin, { key, accountId: admin.accountId })).link;
    },
    async api(admin, method, path, body) {
      const response = await fetch(`${origin}/api/v1${path}`, {
        method,
        headers: {
          ...(admin === null ? {} : { authorization: `Bearer ${admin.apiKey}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await dashboard.close();
      announcer.close();
      redis.disconnect();
    },
  };
}
