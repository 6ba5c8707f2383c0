import { Queue } from 'bullmq';
import { Counter, Gauge, type Registry } from 'prom-client';
import { createRedisConnection, WRITE_QUEUE } from '@roster/jobs';
import { within } from '@roster/runtime';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A scrape must not hang on a dead Redis: past this, the gauges are left out of that scrape. */
const DEFAULT_TIMEOUT_MS = 1_000;

export interface QueueGaugeOptions {
  redisUrl: string;
  /** The queues to count (default: the write queue); queue names from `@roster/jobs`. */
  queues?: readonly string[];
  /** BullMQ key prefix, e.g. `{roster}`. */
  prefix: string;
  /** How long a scrape waits for the counts (default 1 s). */
  timeoutMs?: number;
  /** Hears why counts were missing (Redis down, slow); at most once per queue and scrape. */
  onError?: (error: unknown) => void;
}

export interface QueueGauges {
  close(): Promise<void>;
}

/**
 * `roster_queue_jobs{queue, state}`: jobs waiting, active, delayed and failed, read at scrape
 * time with one BullMQ `getJobCounts` per queue (a few O(1) Redis calls), so nothing polls between
 * scrapes. It uses a connection of its own that fails fast; when Redis does not answer within
 * `timeoutMs` the gauges are absent from that scrape (a stale count would lie) and
 * `roster_queue_count_errors_total` goes up in the same scrape.
 */
export function registerQueueGauges(registry: Registry, options: QueueGaugeOptions): QueueGauges {
  const connection = createRedisConnection(options.redisUrl, 'producer');
  const onError = options.onError ?? (() => undefined);
  connection.on('error', onError);
  const queues = (options.queues ?? [WRITE_QUEUE]).map((name) => {
    const queue = new Queue(name, { connection, prefix: options.prefix });
    queue.on('error', onError);
    return queue;
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** The scrape's count in progress: the error counter waits for it, so both tell of one scrape. */
  let counting: Promise<void> = Promise.resolve();
  // Registered before the counter: a scrape collects metrics in registration order.
  new Gauge({
    name: 'roster_queue_jobs',
    help: 'Jobs in the queue by state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      counting = Promise.all(
        queues.map((queue) =>
          within(queue.getJobCounts(...STATES), timeoutMs, 'queue counts').then(
            (counts) => {
              for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
            },
            (error: unknown) => {
              errors.inc({ queue: queue.name });
              onError(error);
            },
          ),
        ),
      ).then(() => undefined);
      return counting;
    },
  });
  const errors = new Counter({
    name: 'roster_queue_count_errors_total',
    help: 'Scrapes whose queue counts did not arrive in time (Redis down or slow), by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect: () => counting,
  });
  for (const queue of queues) errors.inc({ queue: queue.name }, 0);
  return {
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
