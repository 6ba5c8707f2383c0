import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { ResourceBusyError, ResourceLock } from '@roster/worker';

/** The per-resource lock of the worker, against the real Redis of the test suite. */
const redisUrl = inject('redisUrl');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
});
afterAll(() => {
  redis.disconnect();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A lock under a prefix of its own, and the Redis key it uses for one resource. */
const freshLock = () => {
  const prefix = `{t-lock-${randomUUID()}}`;
  return {
    lock: new ResourceLock(redis, prefix),
    keyOf: (account: string, resource: string) => `${prefix}:lock:${account}:${resource}`,
  };
};

const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/**
 * Counts the lock's SET NX attempts (each refused attempt is one poll of a busy lock);
 * `attempts(n)` resolves once there have been at least n.
 */
const countLockAttempts = () => {
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const original = redis.set.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  vi.spyOn(redis, 'set').mockImplementation(((...args: unknown[]) => {
    const result = original(...args);
    count += 1;
    for (const waiter of waiters.filter((w) => w.n <= count)) waiter.resolve();
    return result;
  }) as never);
  return {
    count: () => count,
    attempts: (n: number) =>
      count >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
};

/** Tracks whether a promise has settled, without awaiting it. */
const track = <T>(promise: Promise<T>) => {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};

describe('ResourceLock', () => {
  it('runs concurrent work on one resource one at a time, so no read-modify-write is lost', async () => {
    const { lock } = freshLock();
    const counter = `{t-lock-counter-${randomUUID()}}`;
    let active = 0;
    let maxActive = 0;
    const increment = () =>
      lock.with('acc', 'user-1', async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        const value = Number((await redis.get(counter)) ?? '0');
        await redis.ping(); // a round trip between read and write, as a real handler has
        await redis.set(counter, String(value + 1));
        active -= 1;
        return value;
      });

    const seen = await Promise.all(Array.from({ length: 12 }, increment));
    expect(maxActive).toBe(1);
    expect(await redis.get(counter)).toBe('12');
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await redis.del(counter);
  });

  it('starts waiting work only after the holder has finished', async () => {
    const { lock } = freshLock();
    const { attempts } = countLockAttempts();
    const events: string[] = [];
    const holding = deferred();
    const release = deferred();
    const first = lock.with('acc', 'user-1', async () => {
      events.push('first start');
      holding.resolve();
      await release.promise;
      events.push('first end');
    });
    await holding.promise;
    const second = track(
      lock.with('acc', 'user-1', () => {
        events.push('second start');
        return Promise.resolve();
      }),
    );

    await attempts(4); // the first took it; the second was refused at least twice
    expect(second.settled).toBe(false);
    expect(events).toEqual(['first start']);
    release.resolve();
    await Promise.all([first, second.promise]);
    expect(events).toEqual(['first start', 'first end', 'second start']);
  });

  it('does not make other resources or other accounts wait', async () => {
    const { lock } = freshLock();
    const release = deferred();
    const holding = deferred();
    const held = lock.with('acc', 'user-1', async () => {
      holding.resolve();
      await release.promise;
    });
    await holding.promise;

    await expect(lock.with('acc', 'user-2', () => Promise.resolve('other resource'))).resolves.toBe(
      'other resource',
    );
    await expect(lock.with('other-acc', 'user-1', () => Promise.resolve('other account'))).resolves.toBe(
      'other account',
    );
    release.resolve();
    await held;
  });

  it('returns what the work returns and leaves no key behind', async () => {
    const { lock, keyOf } = freshLock();
    await expect(lock.with('acc', 'user-1', () => Promise.resolve({ ok: true }))).resolves.toEqual({
      ok: true,
    });
    expect(await redis.exists(keyOf('acc', 'user-1'))).toBe(0);
  });

  it('releases the lock when the work throws, and rethrows the error', async () => {
    const { lock, keyOf } = freshLock();
    const failure = new Error('store unreachable');
    await expect(lock.with('acc', 'user-1', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await redis.exists(keyOf('acc', 'user-1'))).toBe(0);

    const { count } = countLockAttempts();
    await expect(lock.with('acc', 'user-1', () => Promise.resolve('next'))).resolves.toBe('next');
    expect(count()).toBe(1); // taken on the first attempt: nothing was left to wait for
  });

  it('holds the lock with an expiry, so a crashed holder cannot block a resource forever', async () => {
    const { lock, keyOf } = freshLock();
    const ttl = await lock.with('acc', 'user-1', () => redis.pttl(keyOf('acc', 'user-1')));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });

  it('takes over a lock left by a crashed holder once it expires', async () => {
    const { lock, keyOf } = freshLock();
    // What a worker that died while holding the lock leaves behind.
    await redis.set(keyOf('acc', 'user-1'), 'dead-worker-token', 'PX', 300);
    const { count } = countLockAttempts();
    await expect(lock.with('acc', 'user-1', () => Promise.resolve('ran'))).resolves.toBe('ran');
    expect(count()).toBeGreaterThan(1); // refused while the dead holder's key lived
    expect(await redis.exists(keyOf('acc', 'user-1'))).toBe(0);
  });

  it('does not delete a lock that another holder took after its own expired', async () => {
    const { lock, keyOf } = freshLock();
    const key = keyOf('acc', 'user-1');
    await lock.with('acc', 'user-1', async () => {
      // The work outlived the expiry and another worker took the lock meanwhile.
      await redis.set(key, 'other-worker-token', 'PX', 10_000);
    });
    expect(await redis.get(key)).toBe('other-worker-token');
    await redis.del(key);
  });

  it('gives up with ResourceBusyError once the resource stayed locked past the wait limit', async () => {
    const { lock, keyOf } = freshLock();
    const key = keyOf('acc', 'user-1');
    await redis.set(key, 'slow-worker-token', 'PX', 60_000);
    const { attempts } = countLockAttempts();
    const realNow = Date.now.bind(Date);
    let skew = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
    const work = vi.fn(() => Promise.resolve());

    const waiting = track(lock.with('acc', 'user-1', work));
    await attempts(4); // 20 s wait limit: still polling after three refusals
    expect(waiting.settled).toBe(false);
    skew = 20_001; // the wait limit passes
    await expect(waiting.promise).rejects.toBeInstanceOf(ResourceBusyError);
    await expect(waiting.promise).rejects.toThrow('resource user-1 stayed locked for 20000 ms');
    expect(work).not.toHaveBeenCalled();
    expect(await redis.get(key)).toBe('slow-worker-token');
    await redis.del(key);
  });
});
