import type { Job, Worker } from 'bullmq';
import { Counter, Histogram, type Registry } from 'prom-client';
import { WRITE_COMMAND_CATALOG, WRITE_QUEUE, type WriteCommand, type WriteOutcome } from '@roster/jobs';

/**
 * How a write job ended: `applied` (the worker wrote it), `rejected` (a final SCIM error such
 * as 409 or 404, a completed job), `failed` (every attempt threw, or the payload was unusable).
 */
type Outcome = 'applied' | 'rejected' | 'failed';
const OUTCOMES: readonly Outcome[] = ['applied', 'rejected', 'failed'];

/** `user.create` → create / User; a job name outside the catalog is `unknown` (bounded labels). */
function writeLabels(jobName: string): { operation: string; resource_type: string } {
  if (!Object.hasOwn(WRITE_COMMAND_CATALOG, jobName))
    return { operation: 'unknown', resource_type: 'unknown' };
  const [kind = '', operation = ''] = jobName.split('.');
  return { operation, resource_type: kind === 'user' ? 'User' : 'Group' };
}

const seconds = (ms: number): number => Math.max(0, ms) / 1000;

/** The write counters and job histograms of one worker process. */
export interface WriteMetrics {
  /** Records every job `worker` finishes, when BullMQ knows how it ended. */
  watch(worker: Worker<WriteCommand, WriteOutcome>): void;
}

export function createWriteMetrics(registry: Registry): WriteMetrics {
  const writes = new Counter({
    name: 'roster_writes_total',
    help: 'Write jobs finished, by operation, resource type and outcome (applied, rejected, failed)',
    labelNames: ['operation', 'resource_type', 'outcome'] as const,
    registers: [registry],
  });
  const jobHistogram = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, buckets, labelNames: ['queue', 'outcome'] as const, registers: [registry] });
  const duration = jobHistogram(
    'roster_job_duration_seconds',
    'Processing time of the attempt that finished a job, by queue and outcome',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
  const latency = jobHistogram(
    'roster_job_latency_seconds',
    'Time from enqueue to finish (waiting, retries and processing), by queue and outcome',
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60],
  );
  const attempts = jobHistogram(
    'roster_job_attempts',
    'Attempts a job took until it finished (1 = first try), by queue and outcome',
    [1, 2, 3, 4, 5],
  );
  // Every known series exists from the start at 0, so rate() sees the first increment.
  for (const name of Object.keys(WRITE_COMMAND_CATALOG))
    for (const outcome of OUTCOMES) writes.inc({ ...writeLabels(name), outcome }, 0);

  const finished = (job: Job<WriteCommand, WriteOutcome>, outcome: Outcome): void => {
    writes.inc({ ...writeLabels(job.name), outcome });
    const labels = { queue: WRITE_QUEUE, outcome };
    const finishedOn = job.finishedOn ?? Date.now();
    if (job.processedOn !== undefined) duration.observe(labels, seconds(finishedOn - job.processedOn));
    latency.observe(labels, seconds(finishedOn - job.timestamp));
    attempts.observe(labels, job.attemptsMade);
  };

  return {
    watch(worker) {
      worker.on('completed', (job, result) => finished(job, result.ok ? 'applied' : 'rejected'));
      // 'failed' is emitted for every failed attempt; BullMQ sets finishedOn only on the last.
      worker.on('failed', (job) => {
        if (job?.finishedOn !== undefined && job.finishedOn !== null) finished(job, 'failed');
      });
    },
  };
}
