import { pino } from 'pino';
import { openConfiguredStore } from '@roster/store';
import { loadWorkerConfig } from './config.ts';
import { startWriteWorker } from './write-worker.ts';
import { onShutdown } from '@roster/runtime';

const config = loadWorkerConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'worker' } });

const store = await openConfiguredStore(config, { ensureIndexes: true });
const worker = await startWriteWorker({
  store,
  redisUrl: config.redisUrl,
  prefix: config.queuePrefix,
  concurrency: config.concurrency,
  logger,
  customNamespace: config.customNamespace,
});

onShutdown(logger, [
  ['finish active jobs', () => worker.close()],
  ['close store', () => store.close()],
]);
