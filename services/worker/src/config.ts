import { z } from 'zod';
import { defineConfig, SERVICE_VARIABLES, serviceConfigOf, type ServiceConfig } from '@roster/runtime';

export interface WorkerConfig extends ServiceConfig {
  concurrency: number;
  storeQueryTimeoutMs: number;
  storeOperationTimeoutMs: number;
}

export const loadWorkerConfig = defineConfig(
  {
    ...SERVICE_VARIABLES,
    /** Jobs per process at once; jobs mostly wait on MongoDB, so well above the core count. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    /** Server-side limit of each store query (maxTimeMS); a job whose query exceeds it is retried. */
    STORE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Client-side limit of any one store operation, writes included (socket timeout). */
    STORE_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(20_000),
  },
  (env): WorkerConfig => ({
    ...serviceConfigOf(env),
    concurrency: env.WORKER_CONCURRENCY,
    storeQueryTimeoutMs: env.STORE_QUERY_TIMEOUT_MS,
    storeOperationTimeoutMs: env.STORE_OPERATION_TIMEOUT_MS,
  }),
);
