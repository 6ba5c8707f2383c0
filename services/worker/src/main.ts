import { pino } from 'pino';
import { openStore } from '@roster/store';
import { loadWorkerConfig } from './config.ts';
import { startWriteWorker } from './write-worker.ts';
import { onShutdown } from '@roster/runtime';

const config = loadWorkerConfig(process.env);
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });

const store = await openStore(config.MONGO_URL, {
  maxPoolSize: config.MONGO_POOL_SIZE,
  queryTimeoutMs: config.STORE_QUERY_TIMEOUT_MS,
  operationTimeoutMs: config.STORE_OPERATION_TIMEOUT_MS,
  customNamespace: config.CUSTOM_SCHEMA_NAMESPACE,
});
await store.ensureIndexes();
const worker = await startWriteWorker({
  store,
  redisUrl: config.REDIS_URL,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  logger,
  customNamespace: config.CUSTOM_SCHEMA_NAMESPACE,
});

onShutdown(logger, [
  ['finish active jobs', () => worker.close()],
  ['close store', () => store.close()],
]);
