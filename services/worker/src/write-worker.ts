import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import {
  createRedisConnection,
  LOCK_DURATION_MS,
  STALLED_INTERVAL_MS,
  startHeartbeat,
  WRITE_QUEUE,
  type WriteCommand,
  type WriteOutcome,
} from '@roster/jobs';
import { AccountSchemaCache, type Store } from '@roster/store';
import { createWriteProcessor } from './process-write.ts';
import type { WriteMetrics } from './metrics/write-metrics.ts';
import { ResourceLock } from './resource-lock.ts';

export interface WriteWorkerOptions {
  store: Store;
  redisUrl: string;
  prefix: string;
  /** Jobs processed at once by this process; they wait on I/O, so more than cores. */
  concurrency: number;
  logger: Logger;
  /** Namespace of account extension URNs (must match ingress). */
  customNamespace: string;
  /** Records how each job ended (main.ts: the process's registry); none when absent. */
  metrics?: WriteMetrics;
  /** Append a provisioning log entry for every job (docs/provisioning-log.md); default true. */
  provisioningLog?: boolean;
}

export interface RunningWorker {
  /** Stops taking jobs, finishes the active ones, then releases connections. */
  close(): Promise<void>;
}

export async function startWriteWorker(options: WriteWorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  const workerId = `${hostname()}-${process.pid}-${Date.now().toString(36)}`;
  const connection = createRedisConnection(options.redisUrl, 'consumer');
  // Every ioredis connection gets its own listener: an unlistened 'error' is printed raw.
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const lock = new ResourceLock(connection, options.prefix);
  const worker = new Worker<WriteCommand, WriteOutcome>(
    WRITE_QUEUE,
    createWriteProcessor(
      options.store,
      new AccountSchemaCache(options.store, options.customNamespace, 2_000),
      lock,
      {
        provisioningLog: options.provisioningLog ?? true,
        onLogLost: (error) =>
          logger.error({ err: error }, 'provisioning log entry lost: the write was applied'),
      },
    ),
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
      // A job whose worker died twice is more likely poison than bad luck.
      maxStalledCount: 2,
      autorun: false,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  options.metrics?.watch(worker);
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'write job attempt failed'),
  );
  void worker.run().catch((error: unknown) => logger.fatal({ err: error }, 'worker stopped'));
  await worker.waitUntilReady();
  const stopHeartbeat = startHeartbeat(connection, options.prefix, workerId);
  logger.info({ workerId, concurrency: options.concurrency }, 'write worker started');

  return {
    async close() {
      await stopHeartbeat();
      await worker.close();
      connection.disconnect();
    },
  };
}
