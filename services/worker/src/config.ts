import { z } from 'zod';
import { CustomNamespace, LogLevel, MongoUrl, parseEnv, QueuePrefix, RedisUrl } from '@roster/runtime';

const WorkerEnv = z.object({
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
});

export type WorkerConfig = z.output<typeof WorkerEnv>;

export const loadWorkerConfig = (env: Record<string, string | undefined>): WorkerConfig =>
  parseEnv(WorkerEnv, env);
