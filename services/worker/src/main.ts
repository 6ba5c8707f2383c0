import { pino } from 'pino';
import { openConfiguredStore } from '@roster/store';
import { loadWorkerConfig } from './config.ts';
import { startWriteWorker } from './write-worker.ts';
import { startProvisioningLogPurge } from './log-purge.ts';
import { createMetricsRegistry, onShutdown, startMetricsServer, warnAtMostEvery } from '@roster/runtime';
import { createWriteMetrics } from './metrics/write-metrics.ts';
import { registerQueueGauges } from './metrics/queue-gauges.ts';
import { MAINTENANCE_QUEUE, WRITE_QUEUE } from '@roster/jobs';

const config = loadWorkerConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'worker' } });
const registry = createMetricsRegistry('worker');

const store = await openConfiguredStore(config, { ensureIndexes: true });
const worker = await startWriteWorker({
  store,
  redisUrl: config.redisUrl,
  prefix: config.queuePrefix,
  concurrency: config.concurrency,
  logger,
  customNamespace: config.customNamespace,
  metrics: createWriteMetrics(registry),
  provisioningLog: config.provisioningLog.enabled,
});
const logPurge = await startProvisioningLogPurge({
  store,
  redisUrl: config.redisUrl,
  prefix: config.queuePrefix,
  retentionDays: config.provisioningLog.retentionDays,
  logger,
});
const queueGauges = registerQueueGauges(registry, {
  redisUrl: config.redisUrl,
  queues: [WRITE_QUEUE, MAINTENANCE_QUEUE],
  prefix: config.queuePrefix,
  onError: warnAtMostEvery(60_000, (error) => logger.warn({ err: error }, 'queue counts for metrics failed')),
});
const metricsServer = config.metrics === null ? null : await startMetricsServer(registry, config.metrics);
if (metricsServer !== null)
  logger.info({ port: metricsServer.port, host: config.metrics?.host }, 'metrics listening');

onShutdown(logger, [
  ['finish active jobs', () => worker.close()],
  ['stop the log purge', () => logPurge.close()],
  ['stop serving metrics', () => metricsServer?.close() ?? Promise.resolve()],
  ['close queue counts', () => queueGauges.close()],
  ['close store', () => store.close()],
]);
