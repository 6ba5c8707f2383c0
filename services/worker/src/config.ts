import { z } from 'zod';
import {
  BoolEnv,
  defineConfig,
  metricsListenOf,
  metricsVariables,
  SERVICE_VARIABLES,
  serviceConfigOf,
  type MetricsListen,
  type ServiceConfig,
} from '@roster/runtime';

export interface WorkerConfig extends ServiceConfig {
  concurrency: number;
  storeQueryTimeoutMs: number;
  storeOperationTimeoutMs: number;
  /** Where `/metrics` is served; null when METRICS_PORT=off. */
  metrics: MetricsListen | null;
  provisioningLog: {
    /** Append an entry per write job (PROVISIONING_LOG); the purge runs either way. */
    enabled: boolean;
    retentionDays: number;
  };
}

export const loadWorkerConfig = defineConfig(
  {
    ...SERVICE_VARIABLES,
    /** Prometheus `/metrics` (9465: beside an ingress on 9464); METRICS_HOST defaults to loopback, `0.0.0.0` in containers. */
    ...metricsVariables(9465),
    /** Jobs per process at once; jobs mostly wait on MongoDB, so well above the core count. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    /** Server-side limit of each store query (maxTimeMS); a job whose query exceeds it is retried. */
    STORE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Client-side limit of any one store operation, writes included (socket timeout). */
    STORE_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(20_000),
    /** Record every write in the provisioning log (docs/provisioning-log.md); `off` only to measure its cost. */
    PROVISIONING_LOG: BoolEnv.default(true),
    /** Days a provisioning log entry is kept; an hourly job deletes older ones. */
    PROVISIONING_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  },
  (env): WorkerConfig => ({
    ...serviceConfigOf(env),
    concurrency: env.WORKER_CONCURRENCY,
    storeQueryTimeoutMs: env.STORE_QUERY_TIMEOUT_MS,
    storeOperationTimeoutMs: env.STORE_OPERATION_TIMEOUT_MS,
    metrics: metricsListenOf(env, '127.0.0.1'),
    provisioningLog: { enabled: env.PROVISIONING_LOG, retentionDays: env.PROVISIONING_LOG_DAYS },
  }),
);
