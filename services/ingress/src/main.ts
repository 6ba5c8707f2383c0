import { pino } from 'pino';
import { WriteClient } from '@roster/jobs';
import { createMetricsRegistry, onShutdown, startMetricsServer, warnAtMostEvery } from '@roster/runtime';
import { startTokenChecks } from './auth/token-checks.ts';
import { openConfiguredStore } from '@roster/store';
import { createApp } from './app.ts';
import { loadIngressConfig } from './config.ts';
import { createLimitedServer } from './http/connection-limits.ts';
import { AccountRateLimiter } from './limits/account-rate-limit.ts';
import { createIngressMetrics } from './metrics/ingress-metrics.ts';

const config = loadIngressConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'ingress' } });
const metrics = createIngressMetrics(createMetricsRegistry('ingress'));

const store = await openConfiguredStore(config);
const writes = await WriteClient.connect(
  { redisUrl: config.redisUrl, prefix: config.queuePrefix, timeoutMs: config.writeTimeoutMs },
  (error) => logger.error({ err: error }, 'redis error'),
);
const limiter = AccountRateLimiter.connect(
  config.redisUrl,
  config.queuePrefix,
  (accountId) => config.limits.perAccount.get(accountId) ?? config.limits.defaultRate,
  warnAtMostEvery(10_000, (error) =>
    logger.warn({ err: error }, 'rate limits not applied: redis did not answer'),
  ),
);
const tokens = await startTokenChecks({
  store,
  pepper: config.tokenPepper,
  cacheTtlMs: config.tokenCacheTtlMs,
  redisUrl: config.redisUrl,
  prefix: config.queuePrefix,
  onRedisError: warnAtMostEvery(10_000, (error) =>
    logger.warn({ err: error }, 'token revocation channel: redis error'),
  ),
});
const app = createApp({
  config,
  logger,
  store,
  writes,
  verifier: tokens.verifier,
  admission: {
    limiter,
    maxConcurrentListsPerAccount: config.limits.maxConcurrentListsPerAccount,
    maxPendingWritesPerAccount: config.limits.maxPendingWritesPerAccount,
    maxInFlight: config.limits.maxInFlight,
  },
  metrics,
});
const server = createLimitedServer(app, config.http).listen(config.port, config.host, () => {
  logger.info(
    { port: config.port, host: config.host, publicBaseUrl: config.publicBaseUrl },
    'ingress listening',
  );
});
// A connection past HTTP_MAX_CONNECTIONS is closed at accept, before any request exists.
server.on('drop', () => metrics.rejection('connection_ceiling'));
const metricsServer =
  config.metrics === null ? null : await startMetricsServer(metrics.registry, config.metrics);
if (metricsServer !== null)
  logger.info({ port: metricsServer.port, host: config.metrics?.host }, 'metrics listening');

onShutdown(logger, [
  ['stop accepting requests', () => new Promise<void>((resolve) => server.close(() => resolve()))],
  ['stop serving metrics', () => metricsServer?.close() ?? Promise.resolve()],
  ['close queue', () => writes.close()],
  ['close rate limits', () => limiter.close()],
  ['stop listening for revocations', () => tokens.close()],
  ['close store', () => store.close()],
]);
