import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import {
  createRedisConnection,
  MAINTENANCE_COMMAND_VERSION,
  MAINTENANCE_QUEUE,
  parsePurgeCommand,
  PROVISIONING_LOG_PURGE,
} from '@roster/jobs';
import type { Store } from '@roster/store';

const DAY_MS = 24 * 3600_000;

export interface PurgeResult {
  cutoff: string;
  accounts: number;
  deleted: number;
}

/** The processor of the purge job: deletes entries older than the job's retention. */
export function createPurgeProcessor(
  store: Store,
  now: () => number = Date.now,
): (job: Pick<Job<unknown>, 'data'>) => Promise<PurgeResult> {
  return async (job) => {
    const parsed = parsePurgeCommand(job.data);
    if (!parsed.ok) throw new UnrecoverableError(parsed.reason);
    const cutoff = new Date(now() - parsed.command.retentionDays * DAY_MS);
    const { accounts, deleted } = await store.provisioningLog.purgeOlderThan(cutoff);
    return { cutoff: cutoff.toISOString(), accounts, deleted };
  };
}

export interface LogPurgeOptions {
  store: Store;
  redisUrl: string;
  prefix: string;
  /** Entries are kept this many days (`PROVISIONING_LOG_DAYS`). */
  retentionDays: number;
  logger: Logger;
  /** How often the purge runs; default PROVISIONING_LOG_PURGE.everyMs (hourly). Tests shorten it. */
  everyMs?: number;
}

export interface RunningLogPurge {
  close(): Promise<void>;
}

/**
 * Schedules the provisioning log purge and processes it (FerretDB v1 has no TTL indexes, so
 * retention is a job; docs/provisioning-log.md). Every worker process does both: the schedule
 * has a fixed id, so upserting it again replaces it (the last started worker's retention
 * wins), and each run is taken by one worker, one run at a time per process.
 */
export async function startProvisioningLogPurge(options: LogPurgeOptions): Promise<RunningLogPurge> {
  const { logger } = options;
  const connection = createRedisConnection(options.redisUrl, 'consumer');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error (log purge)'));
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix: options.prefix });
  queue.on('error', (error) => logger.warn({ err: error }, 'maintenance queue error'));
  await queue.upsertJobScheduler(
    PROVISIONING_LOG_PURGE.name,
    { every: options.everyMs ?? PROVISIONING_LOG_PURGE.everyMs },
    {
      name: PROVISIONING_LOG_PURGE.name,
      data: { v: MAINTENANCE_COMMAND_VERSION, retentionDays: options.retentionDays },
      opts: PROVISIONING_LOG_PURGE.options,
    },
  );
  const worker = new Worker(MAINTENANCE_QUEUE, createPurgeProcessor(options.store), {
    connection,
    prefix: options.prefix,
    concurrency: 1,
  });
  worker.on('error', (error) => logger.error({ err: error }, 'maintenance worker error'));
  worker.on('completed', (_job, result: PurgeResult) => {
    if (result.deleted > 0) logger.info(result, 'provisioning log purged');
  });
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, err: error }, 'provisioning log purge failed'),
  );
  return {
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
