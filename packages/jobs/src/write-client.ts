import { Job, Queue, QueueEvents } from 'bullmq';
import type { RedisClient } from './redis-connection.ts';
import { heartbeatKey, WRITE_QUEUE } from './queue-names.ts';
import { createRedisConnection } from './redis-connection.ts';
import { WRITE_COMMAND_CATALOG, type WriteCommand } from './catalog/commands.ts';
import type { WriteOutcome } from './write-outcome.ts';
import { HEARTBEAT_TTL_MS } from './worker-heartbeat.ts';

/** How a submitted write ended, as far as the caller (ingress) is concerned. */
export type SubmitResult =
  | { kind: 'done'; outcome: WriteOutcome }
  /** The job failed every attempt (transient errors only): nothing was acknowledged. */
  | { kind: 'failed'; reason: string }
  /** No result in time. `removed` = the job was still queued and is now gone (never applied). */
  | { kind: 'timeout'; removed: boolean }
  /** The write was not enqueued at all (Redis unreachable or no live worker). */
  | { kind: 'unavailable'; reason: string };

export interface WriteClientOptions {
  redisUrl: string;
  /** BullMQ key prefix, e.g. `{roster}`. */
  prefix: string;
  /** How long a request waits for its job before answering 503. */
  timeoutMs: number;
}

interface Pending {
  resolve: (result: SubmitResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * Enqueues write commands and waits for their results. One QueueEvents stream per process
 * delivers every completion; results are matched to waiting requests by job id in a map,
 * so waiting costs no Redis round trip per request.
 */
export class WriteClient {
  private readonly pending = new Map<string, Pending>();
  private liveWorkersCache = { at: 0, count: 0 };

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly producer: RedisClient,
    private readonly options: WriteClientOptions,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => {
      this.settle(jobId, { kind: 'done', outcome: parseOutcome(returnvalue) });
    });
    events.on('failed', ({ jobId, failedReason }) => {
      this.settle(jobId, { kind: 'failed', reason: failedReason });
    });
  }

  static async connect(options: WriteClientOptions, onError: (error: Error) => void): Promise<WriteClient> {
    const producer = createRedisConnection(options.redisUrl, 'producer');
    producer.on('error', onError);
    const queue = new Queue(WRITE_QUEUE, { connection: producer, prefix: options.prefix });
    queue.on('error', onError);
    // Every ioredis connection gets its own listener: an unlistened 'error' is printed raw.
    const eventsConnection = createRedisConnection(options.redisUrl, 'consumer');
    eventsConnection.on('error', onError);
    const events = new QueueEvents(WRITE_QUEUE, { connection: eventsConnection, prefix: options.prefix });
    events.on('error', onError);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new WriteClient(queue, events, producer, options);
  }

  async submit(command: WriteCommand, jobId: string): Promise<SubmitResult> {
    // Redis down: refuse at once (BullMQ would wait for the reconnect while the client hangs).
    if (this.producer.status !== 'ready')
      return { kind: 'unavailable', reason: `redis ${this.producer.status}` };
    if ((await this.liveWorkers()) === 0) return { kind: 'unavailable', reason: 'no live worker' };
    // Register before enqueueing: the completion event may arrive before `add` resolves.
    const result = new Promise<SubmitResult>((resolve) => {
      const timer = setTimeout(() => void this.expire(jobId), this.options.timeoutMs);
      this.pending.set(jobId, { resolve, timer });
    });
    try {
      await this.queue.add(command.type, command, { ...WRITE_COMMAND_CATALOG[command.type].options, jobId });
    } catch (error) {
      this.settle(jobId, { kind: 'unavailable', reason: errorMessage(error) });
    }
    return result;
  }

  /** Number of workers whose heartbeat is fresh; cached for one second. */
  async liveWorkers(): Promise<number> {
    const now = Date.now();
    if (now - this.liveWorkersCache.at < 1_000) return this.liveWorkersCache.count;
    try {
      const count = await this.producer.zcount(
        heartbeatKey(this.options.prefix),
        now - HEARTBEAT_TTL_MS,
        '+inf',
      );
      this.liveWorkersCache = { at: now, count };
      return count;
    } catch {
      return 0;
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.producer.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const jobId of [...this.pending.keys()]) this.settle(jobId, { kind: 'timeout', removed: false });
    await this.events.close();
    await this.queue.close();
    this.producer.disconnect();
  }

  private settle(jobId: string, result: SubmitResult): void {
    const entry = this.pending.get(jobId);
    if (entry === undefined) return; // another process's job, or already settled
    this.pending.delete(jobId);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  /**
   * The wait ran out. The completion event may have been missed (event stream reconnect),
   * so ask for the job once: a finished job still answers; a job that has not started is
   * removed, so a 503 for it means "not applied" and a client retry cannot apply it twice.
   */
  private async expire(jobId: string): Promise<void> {
    if (!this.pending.has(jobId)) return;
    let result: SubmitResult = { kind: 'timeout', removed: false };
    try {
      const job = await Job.fromId<WriteCommand, unknown>(this.queue, jobId);
      const state = job === undefined ? 'unknown' : await job.getState();
      if (job !== undefined && state === 'completed') {
        result = { kind: 'done', outcome: job.returnvalue as WriteOutcome };
      } else if (job !== undefined && state === 'failed') {
        result = { kind: 'failed', reason: job.failedReason };
      } else if (
        job !== undefined &&
        ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state)
      ) {
        await job.remove();
        result = { kind: 'timeout', removed: true };
      }
    } catch {
      // Redis unreachable or the job became active while we looked: it may still apply.
    }
    this.settle(jobId, result);
  }
}

function parseOutcome(returnvalue: unknown): WriteOutcome {
  // QueueEvents delivers the return value serialised as a JSON string.
  return (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as WriteOutcome;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
