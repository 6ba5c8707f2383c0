import type { JobsOptions } from 'bullmq';

/**
 * Defaults for every write job.
 * - attempts/backoff: transient failures (store briefly unreachable) retry quickly, well
 *   inside the ingress wait; rejections never throw, so they are never retried.
 * - removeOnComplete: completed jobs are kept briefly and capped, so Redis memory stays
 *   bounded under any load while a timed-out ingress can still read a late result.
 * - removeOnFail: failed jobs stay a day (capped) for the queue dashboard.
 */
export const WRITE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 100 },
  removeOnComplete: { age: 120, count: 5_000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
};

/**
 * A killed worker's job is re-queued once its lock expires and another worker's stalled
 * check runs: at most LOCK_DURATION_MS + STALLED_INTERVAL_MS, well inside the ingress wait.
 */
export const LOCK_DURATION_MS = 5_000;
export const STALLED_INTERVAL_MS = 3_000;
