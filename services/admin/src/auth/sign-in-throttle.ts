import { createHash } from 'node:crypto';
import type { RedisClient } from '@roster/jobs';
import { normaliseEmail } from '@roster/store';

/** Failed password sign-ins allowed per email in one window before sign-in for it is refused. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/**
 * Counts password sign-in attempts per email in Redis (shared by every admin process), so a
 * password cannot be guessed faster than MAX_FAILED_SIGN_INS per window, whichever process is
 * asked. An attempt is counted before its password is checked, in one atomic step, so attempts
 * sent in parallel cannot all pass a check made before any was counted; a successful sign-in
 * clears the count. The key holds a hash of the email. If Redis does not answer, sign-in is
 * not throttled (scrypt's cost still is) and `onError` is told.
 */
export interface SignInThrottle {
  /** Counts an attempt: seconds until the email may try again when it is over the limit, else undefined. */
  attempt(email: string): Promise<number | undefined>;
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
    `${prefix}:sign-in-attempts:${createHash('sha256').update(normaliseEmail(email)).digest('hex')}`;
  const failOpen = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      onError(error);
      return fallback;
    }
  };
  return {
    attempt: (email) =>
      failOpen(async () => {
        const key = keyOf(email);
        // The window starts at the first attempt and is not extended by later ones.
        const replies = await redis.multi().incr(key).expire(key, limits.windowSeconds, 'NX').ttl(key).exec();
        const [[incrError, attempts] = [], , [ttlError, ttl] = []] = replies ?? [];
        if (incrError !== null && incrError !== undefined) throw incrError;
        if (ttlError !== null && ttlError !== undefined) throw ttlError;
        if (Number(attempts) <= limits.maxFailures) return undefined;
        return Number(ttl) > 0 ? Number(ttl) : limits.windowSeconds;
      }, undefined),
    succeeded: (email) =>
      failOpen(async () => {
        await redis.del(keyOf(email));
      }, undefined),
  };
}
