import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { Job, Queue, QueueEvents, UnrecoverableError, Worker, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  HEARTBEAT_TTL_MS,
  heartbeatKey,
  WRITE_COMMAND_VERSION,
  WRITE_QUEUE,
  WriteClient,
  type WriteCommand,
  type WriteOutcome,
} from '@roster/jobs';

/**
 * WriteClient (ingress side of the write queue) against the real Redis of the test suite.
 * Each test has its own BullMQ prefix; a "worker" is a bare bullmq Worker on that prefix,
 * and its liveness is the heartbeat entry a real worker writes.
 */
const redisUrl = inject('redisUrl');

const NO_CONTENT: WriteOutcome = { ok: true, status: 204 };

const deleteCommand = (): WriteCommand => ({
  v: WRITE_COMMAND_VERSION,
  type: 'user.delete',
  accountId: 'acc',
  userId: randomUUID(),
});

const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/** A fresh prefix with a client, and helpers to play the worker's part; torn down after the test. */
async function setup(options: { timeoutMs: number; redisUrl?: string }) {
  const prefix = `{t${randomBytes(6).toString('hex')}}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(WRITE_QUEUE, { connection: redis, prefix });
  const client = await WriteClient.connect(
    { redisUrl: options.redisUrl ?? redisUrl, prefix, timeoutMs: options.timeoutMs },
    () => undefined, // connection errors are expected where a test takes Redis away
  );
  const cleanups: (() => Promise<unknown>)[] = [];
  onTestFinished(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await client.close();
    await queue.obliterate({ force: true });
    await redis.del(heartbeatKey(prefix));
    await queue.close();
    redis.disconnect();
  });

  return {
    prefix,
    client,
    queue,
    /** Writes the heartbeat a live worker writes (`at` = time of the beat). */
    beat: (at = Date.now()) => redis.zadd(heartbeatKey(prefix), at, 'test-worker'),
    /** A bullmq Worker on the client's queue, closed after the test. */
    startWorker: async (processor: Processor<WriteCommand, WriteOutcome>) => {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const worker = new Worker<WriteCommand, WriteOutcome>(WRITE_QUEUE, processor, { connection, prefix });
      cleanups.push(async () => {
        await worker.close();
        connection.disconnect();
      });
      await worker.waitUntilReady();
      return worker;
    },
    /** Every queue event of this prefix, seen by a separate listener. */
    listen: async () => {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      // From the start of this prefix's stream: no event is missed however late it listens.
      const events = new QueueEvents(WRITE_QUEUE, { connection, prefix, lastEventId: '0' });
      cleanups.push(async () => {
        await events.close();
        connection.disconnect();
      });
      await events.waitUntilReady();
      return events;
    },
  };
}

/** Resolves once the listener reports `event` for `jobId`. */
const eventFor = (events: QueueEvents, event: 'waiting' | 'completed', jobId: string) =>
  new Promise<void>((resolve) => {
    events.on(event, (args: { jobId: string }) => {
      if (args.jobId === jobId) resolve();
    });
  });

/** A TCP proxy to the test Redis that can be cut, to take Redis away from one client. */
async function redisProxy() {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const server = createServer((downstream) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(downstream).add(upstream);
    const drop = () => {
      downstream.destroy();
      upstream.destroy();
    };
    for (const socket of [downstream, upstream]) socket.on('error', drop).on('close', drop);
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(redisUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('WriteClient with a live worker', () => {
  it('delivers the outcome the worker returns', async () => {
    const t = await setup({ timeoutMs: 5_000 });
    await t.beat();
    const received: Job<WriteCommand>[] = [];
    await t.startWorker((job) => {
      received.push(job);
      return Promise.resolve(NO_CONTENT);
    });
    const command = deleteCommand();

    await expect(t.client.submit(command, 'job-1')).resolves.toEqual({ kind: 'done', outcome: NO_CONTENT });
    expect(received.map((job) => [job.id, job.name, job.data])).toEqual([['job-1', 'user.delete', command]]);
  });

  it('delivers an outcome carrying an error value as done (a rejected write is final)', async () => {
    const t = await setup({ timeoutMs: 5_000 });
    await t.beat();
    const rejected: WriteOutcome = {
      ok: false,
      error: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '404',
        detail: 'Resource not found',
      },
    };
    await t.startWorker(() => Promise.resolve(rejected));

    await expect(t.client.submit(deleteCommand(), 'job-1')).resolves.toEqual({
      kind: 'done',
      outcome: rejected,
    });
  });

  it('waits through a retried attempt and delivers the result of the one that succeeds', async () => {
    const t = await setup({ timeoutMs: 5_000 });
    await t.beat();
    let attempts = 0;
    await t.startWorker(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('store briefly unreachable');
      return Promise.resolve(NO_CONTENT);
    });

    await expect(t.client.submit(deleteCommand(), 'job-1')).resolves.toEqual({
      kind: 'done',
      outcome: NO_CONTENT,
    });
    expect(attempts).toBe(2);
  });

  it('reports failed with the reason when the job fails for good', async () => {
    const t = await setup({ timeoutMs: 5_000 });
    await t.beat();
    await t.startWorker(() => {
      throw new UnrecoverableError('command version not understood');
    });

    await expect(t.client.submit(deleteCommand(), 'job-1')).resolves.toEqual({
      kind: 'failed',
      reason: 'command version not understood',
    });
  });
});

describe('WriteClient timeouts', () => {
  it('removes a job nobody took in time and says so, so a worker started later never applies it', async () => {
    const t = await setup({ timeoutMs: 300 });
    await t.beat(); // a worker looks alive but takes nothing

    await expect(t.client.submit(deleteCommand(), 'job-late')).resolves.toEqual({
      kind: 'timeout',
      removed: true,
    });
    expect(await Job.fromId(t.queue, 'job-late')).toBeUndefined();

    const processed: string[] = [];
    const worker = await t.startWorker((job) => {
      processed.push(job.id!);
      return Promise.resolve(NO_CONTENT);
    });
    const sentinelDone = new Promise<void>((resolve) => {
      worker.on('completed', (job) => {
        if (job.id === 'sentinel') resolve();
      });
    });
    await t.queue.add('user.delete', deleteCommand(), { jobId: 'sentinel' });
    await sentinelDone;
    expect(processed).toEqual(['sentinel']);
  });

  it('does not claim removal for a job a worker holds but has not finished', async () => {
    const t = await setup({ timeoutMs: 500 });
    await t.beat();
    const started = deferred();
    const finish = deferred();
    const worker = await t.startWorker(async () => {
      started.resolve();
      await finish.promise;
      return NO_CONTENT;
    });

    await expect(t.client.submit(deleteCommand(), 'job-slow')).resolves.toEqual({
      kind: 'timeout',
      removed: false,
    });
    await started.promise;
    const job = await Job.fromId(t.queue, 'job-slow');
    expect(await job?.getState()).toBe('active');

    // The worker still applies it afterwards: this is why the answer must not say "removed".
    const completed = new Promise<unknown>((resolve) => worker.on('completed', (done) => resolve(done.id)));
    finish.resolve();
    await expect(completed).resolves.toBe('job-slow');
  });

  it('answers with the finished result when the completion event was missed', async () => {
    const t = await setup({ timeoutMs: 500 });
    await t.beat();
    // Simulates the event stream losing the completion (e.g. while it reconnected).
    t.client['events'].removeAllListeners('completed');
    const events = await t.listen();
    const done = eventFor(events, 'completed', 'job-1');
    await t.startWorker(() => Promise.resolve(NO_CONTENT));

    const result = t.client.submit(deleteCommand(), 'job-1');
    await done;
    await expect(result).resolves.toEqual({ kind: 'done', outcome: NO_CONTENT });
  });
});

describe('WriteClient refusing writes it cannot have applied', () => {
  it('answers unavailable at once, enqueueing nothing, when no worker has ever beaten', async () => {
    const t = await setup({ timeoutMs: 60_000 });

    await expect(t.client.submit(deleteCommand(), 'job-1')).resolves.toEqual({
      kind: 'unavailable',
      reason: 'no live worker',
    });
    expect(await Job.fromId(t.queue, 'job-1')).toBeUndefined();
  }, 10_000);

  it('answers unavailable when the last heartbeat is older than the heartbeat TTL', async () => {
    const t = await setup({ timeoutMs: 60_000 });
    await t.beat(Date.now() - HEARTBEAT_TTL_MS - 1_000);

    await expect(t.client.submit(deleteCommand(), 'job-1')).resolves.toEqual({
      kind: 'unavailable',
      reason: 'no live worker',
    });
    expect(await Job.fromId(t.queue, 'job-1')).toBeUndefined();
  }, 10_000);

  it('answers unavailable at once while its Redis connection is down', async () => {
    const proxy = await redisProxy();
    const t = await setup({ timeoutMs: 60_000, redisUrl: proxy.url });
    await t.beat();
    const connectionLost = new Promise<void>((resolve) => {
      t.client['producer'].once('close', () => resolve());
    });
    await proxy.cut();
    await connectionLost;

    const result = await t.client.submit(deleteCommand(), 'job-1');
    expect(result).toMatchObject({ kind: 'unavailable' });
    expect((result as { reason: string }).reason).toMatch(/^redis /);
    expect(await Job.fromId(t.queue, 'job-1')).toBeUndefined();
  }, 10_000);
});

describe('WriteClient.close', () => {
  it('settles pending submits as a timeout that does not claim removal, and refuses later ones', async () => {
    const t = await setup({ timeoutMs: 10 * 60_000 });
    await t.beat();
    const events = await t.listen();
    const queued = eventFor(events, 'waiting', 'job-1');
    const pending = t.client.submit(deleteCommand(), 'job-1');
    await queued;

    await t.client.close();
    await expect(pending).resolves.toEqual({ kind: 'timeout', removed: false });
    // It is still queued: a worker may yet apply it, hence "not removed".
    expect(await (await Job.fromId(t.queue, 'job-1'))?.getState()).toBe('waiting');
    await expect(t.client.submit(deleteCommand(), 'job-2')).resolves.toMatchObject({ kind: 'unavailable' });
  }, 10_000);
});
