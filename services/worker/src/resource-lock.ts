import { randomUUID } from 'node:crypto';
import type { RedisClient } from '@roster/jobs';

/** Longer than any write takes; a crashed worker's lock frees itself after this. */
const LOCK_TTL_MS = 10_000;
/** How long a job waits for a busy resource before failing (it is then retried). */
const WAIT_LIMIT_MS = 20_000;

const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class ResourceBusyError extends Error {
  override readonly name = 'ResourceBusyError';
}

/**
 * Serialises writes to one Group across every worker process, held in Redis as
 * `lock:<account>:<group>`: a Group's member changes are separate documents written after the
 * Group's version bump, and must land in the order of those versions. The lock is for order
 * and throughput, not for safety: a holder that stalls past the lock's expiry is stopped by the
 * store write's own version guard (StaleWriteError; the change is applied again on top).
 * Users take no lock: their write is one guarded document replace (stale-retry.ts).
 */
export class ResourceLock {
  private readonly ttlMs: number;
  private readonly waitLimitMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Tests shorten these to make a holder outlive its lock. */
    timing: { ttlMs?: number; waitLimitMs?: number } = {},
  ) {
    this.ttlMs = timing.ttlMs ?? LOCK_TTL_MS;
    this.waitLimitMs = timing.waitLimitMs ?? WAIT_LIMIT_MS;
  }

  async with<T>(accountId: string, resourceId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:lock:${accountId}:${resourceId}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitLimitMs;
    let pause = 2;
    while ((await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline)
        throw new ResourceBusyError(`resource ${resourceId} stayed locked for ${this.waitLimitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
      pause = Math.min(pause * 2, 50);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_IF_OWNER, 1, key, token);
    }
  }
}
