import { createHash } from 'node:crypto';
import type { RedisClient } from '@roster/jobs';

/** Failed password sign-ins allowed per email in one window before sign-in for it is refused. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/**
 * Counts failed password sign-ins per email in Redis (shared by every admin process), so a
 * password cannot be guessed faster than MAX_FAILED_SIGN_INS per window, whichever process is
 * asked. The key holds a hash of the email, not the email. If Redis does not answer, sign-in is
 * not throttled (scrypt's cost still is) and `onError` is told.
 */
export interface SignInThrottle {
  /** Seconds until the email may try again, or undefined when it may now. */
  retryAfter(email: string): Promise<number | undefined>;
  failed(email: string): Promise<void>;
  succeeded(email: string): Promise<void>;
}

export function redisSignInThrottle(
  redis: RedisClient,
  prefix: string,
  onError: (error: unknown) => void,
  limits: { maxFailures: number; windowSeconds: number } = {
    maxFailures: MAX_FAILED_SIGN_INS,
    windowSeconds: SIGN_IN_WINDOW_SECONDS,
  },
): SignInThrottle {
  const keyOf = (email: string): string =>
    `${prefix}:sign-in-failures:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
  const failOpen = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      onError(error);
      return fallback;
    }
  };
  return {
    retryAfter: (email) =>
      failOpen(async () => {
        const key = keyOf(email);
        const failures = Number((await redis.get(key)) ?? 0);
        if (failures < limits.maxFailures) return undefined;
        const ttl = await redis.ttl(key);
        return ttl > 0 ? ttl : limits.windowSeconds;
      }, undefined),
    failed: (email) =>
      failOpen(async () => {
        const key = keyOf(email);
        // The window starts at the first failure and is not extended by later ones.
        await redis.multi().incr(key).expire(key, limits.windowSeconds, 'NX').exec();
      }, undefined),
    succeeded: (email) =>
      failOpen(async () => {
        await redis.del(keyOf(email));
      }, undefined),
  };
}
