import { pino } from 'pino';
import { MAINTENANCE_QUEUE, WRITE_QUEUE } from '@roster/jobs';
import { createMetricsRegistry, onShutdown } from '@roster/runtime';
import { openConfiguredStore } from '@roster/store';
import { createAdminApp } from './app.ts';
import { loadAdminConfig } from './config.ts';
import { adminContextOf } from './context.ts';
import { queueDashboard } from './queue-dashboard.ts';
import { revocationAnnouncer } from './revocation-announcer.ts';
import { adminApiRoutes, adminConsole } from './surfaces.ts';

const config = loadAdminConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'admin' } });
// The admin service creates the collections and indexes it needs, like the worker does.
const store = await openConfiguredStore(
  { ...config, storeQueryTimeoutMs: 5_000, storeOperationTimeoutMs: 15_000 },
  { ensureIndexes: true },
);
const announcer = revocationAnnouncer(config.redisUrl, config.queuePrefix);
const ctx = adminContextOf(config, store, logger, announcer);
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
  ['close store', () => store.close()],
]);
