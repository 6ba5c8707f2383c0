import { z } from 'zod';
import { CustomNamespace, defineConfig, LogLevel, MongoUrl, QueuePrefix, RedisUrl } from '@roster/runtime';

export interface WorkerConfig {
  mongoUrl: string;
  redisUrl: string;
  logLevel: z.output<typeof LogLevel>;
  queuePrefix: string;
  concurrency: number;
  mongoPoolSize: number;
  storeQueryTimeoutMs: number;
  storeOperationTimeoutMs: number;
  customNamespace: string;
}

export const loadWorkerConfig = defineConfig(
  {
    MONGO_URL: MongoUrl,
    REDIS_URL: RedisUrl,
    LOG_LEVEL: LogLevel,
    /** Key prefix shared with ingress; one Redis can serve several Roster deployments. */
    QUEUE_PREFIX: QueuePrefix,
    /** Jobs per process at once; jobs mostly wait on MongoDB, so well above the core count. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(32),
    /** Server-side limit of each store query (maxTimeMS); a job whose query exceeds it is retried. */
    STORE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Client-side limit of any one store operation, writes included (socket timeout). */
    STORE_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(20_000),
    /** Namespace of each account's extension URN; must match ingress. */
    CUSTOM_SCHEMA_NAMESPACE: CustomNamespace,
  },
  (env): WorkerConfig => ({
    mongoUrl: env.MONGO_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    queuePrefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    mongoPoolSize: env.MONGO_POOL_SIZE,
    storeQueryTimeoutMs: env.STORE_QUERY_TIMEOUT_MS,
    storeOperationTimeoutMs: env.STORE_OPERATION_TIMEOUT_MS,
    customNamespace: env.CUSTOM_SCHEMA_NAMESPACE,
  }),
);
