import { pino } from 'pino';
import { createRedisConnection, MAINTENANCE_QUEUE, WRITE_QUEUE } from '@roster/jobs';
import { createMetricsRegistry, onShutdown, warnAtMostEvery } from '@roster/runtime';
import { openConfiguredStore } from '@roster/store';
import { createAdminApp } from './app.ts';
import { loadAdminConfig } from './config.ts';
import { adminContextOf } from './context.ts';
import { queueDashboard } from './queue-dashboard.ts';
import { revocationAnnouncer } from './revocation-announcer.ts';
import { adminApiRoutes, adminConsole } from './surfaces.ts';
import { redisSignInThrottle } from './auth/sign-in-throttle.ts';

const config = loadAdminConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'admin' } });
// Every session, API key and CSRF check needs the pepper: a missing one stops the start, not a request.
config.tokenPepper();
// The admin service creates the collections and indexes it needs, like the worker does.
const store = await openConfiguredStore(
  { ...config, storeQueryTimeoutMs: 5_000, storeOperationTimeoutMs: 15_000 },
  { ensureIndexes: true },
);
const announcer = revocationAnnouncer(config.redisUrl, config.queuePrefix);
// Fails fast: a sign-in never waits on a Redis that is away (it is then not throttled).
const redis = createRedisConnection(config.redisUrl, 'producer');
const redisTrouble = warnAtMostEvery(10_000, (error: unknown) =>
  logger.warn({ err: error }, 'sign-in throttle not applied: redis did not answer'),
);
redis.on('error', redisTrouble);
const ctx = adminContextOf(
  config,
  store,
  logger,
  announcer,
  redisSignInThrottle(redis, config.queuePrefix, redisTrouble),
);
const metrics = createMetricsRegistry('admin');
const dashboard = queueDashboard(ctx, {
  redisUrl: config.redisUrl,
  prefix: config.queuePrefix,
  queueNames: [WRITE_QUEUE, MAINTENANCE_QUEUE],
  consoleOrigin: config.consoleOrigin,
});
const app = createAdminApp({
  ctx,
  logger,
  consoleOrigin: config.consoleOrigin,
  trustProxy: config.trustProxy,
  metrics,
  dashboard: dashboard.router,
  apiRoutes: adminApiRoutes(ctx),
  console: adminConsole(ctx, config.consoleOrigin),
});
const server = app.listen(config.port, config.host, () => {
  logger.info(
    { port: config.port, host: config.host, console: `${config.consoleOrigin}/console` },
    'admin listening',
  );
});

onShutdown(logger, [
  ['stop accepting requests', () => new Promise<void>((resolve) => server.close(() => resolve()))],
  ['close queue dashboard', () => dashboard.close()],
  [
    'close revocation announcer',
    () => {
      announcer.close();
      return Promise.resolve();
    },
  ],
  [
    'close redis',
    () => {
      redis.disconnect();
      return Promise.resolve();
    },
  ],
  ['close store', () => store.close()],
]);
