import { EventEmitter } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { WriteCommand, WriteOutcome } from '@roster/jobs';
import { createWriteMetrics, registerQueueGauges } from '@roster/worker';

const sample = (text: string, series: string): string | undefined =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.slice(series.length + 1);

describe('write metrics', () => {
  /** Stands in for BullMQ's Worker: only its `completed` and `failed` events are used. */
  const watched = () => {
    const registry = new Registry();
    const events = new EventEmitter();
    createWriteMetrics(registry).watch(events as unknown as Worker<WriteCommand, WriteOutcome>);
    return { registry, events };
  };
  const job = (name: string, fields: Record<string, unknown>) => ({
    name,
    timestamp: 1_000,
    processedOn: 1_100,
    attemptsMade: 1,
    ...fields,
  });

  it('counts a job once, when it ends: applied, rejected, or failed after its last attempt', async () => {
    const { registry, events } = watched();
    events.emit('completed', job('user.create', { finishedOn: 1_150 }), { ok: true, status: 201 });
    events.emit('completed', job('group.patch', { finishedOn: 1_200 }), { ok: false, error: {} });
    // A failed attempt that BullMQ will retry has no finishedOn: not an outcome yet.
    events.emit('failed', job('user.replace', { attemptsMade: 1 }), new Error('store down'));
    events.emit(
      'failed',
      job('user.replace', { attemptsMade: 5, finishedOn: 9_000 }),
      new Error('store down'),
    );
    events.emit('failed', job('nonsense', { finishedOn: 1_200 }), new Error('unknown command'));
    const text = await registry.metrics();
    const writes = (labels: string) => sample(text, `roster_writes_total{${labels}}`);
    expect(writes('operation="create",resource_type="User",outcome="applied"')).toBe('1');
    expect(writes('operation="patch",resource_type="Group",outcome="rejected"')).toBe('1');
    expect(writes('operation="replace",resource_type="User",outcome="failed"')).toBe('1');
    expect(writes('operation="unknown",resource_type="unknown",outcome="failed"')).toBe('1');
    expect(writes('operation="delete",resource_type="Group",outcome="applied"')).toBe('0');
    const failed = 'queue="scim-writes",outcome="failed"';
    expect(sample(text, `roster_job_attempts_sum{${failed}}`)).toBe('6');
    expect(sample(text, `roster_job_attempts_bucket{le="4",${failed}}`)).toBe('1');
    expect(sample(text, `roster_job_latency_seconds_sum{${failed}}`)).toBe('8.2');
    expect(sample(text, `roster_job_duration_seconds_sum{queue="scim-writes",outcome="applied"}`)).toBe(
      '0.05',
    );
  });
});

describe('queue gauges', () => {
  it('leave a scrape within their time limit when Redis accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const registry = new Registry();
    const errors: unknown[] = [];
    const gauges = registerQueueGauges(registry, {
      redisUrl: `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      prefix: '{metrics-test}',
      timeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    try {
      const started = Date.now();
      const first = await registry.metrics();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(first).not.toMatch(/^roster_queue_jobs\{/m);
      expect(sample(first, 'roster_queue_count_errors_total{queue="scim-writes"}')).toBe('1');
      expect(errors.length).toBeGreaterThan(0);
      // Each failed scrape counts itself.
      expect(sample(await registry.metrics(), 'roster_queue_count_errors_total{queue="scim-writes"}')).toBe(
        '2',
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await gauges.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
