import type { RedisClient } from './redis-connection.ts';
import { heartbeatKey } from './queue-names.ts';

/** A worker counts as alive while its last beat is younger than this. */
export const HEARTBEAT_TTL_MS = 15_000;
const BEAT_EVERY_MS = 5_000;

/**
 * Each worker process beats into one sorted set. Ingress reads it for `/readyz` and to
 * refuse writes quickly (503) when no worker could apply them. Returns a stop function
 * that removes this worker's entry.
 */
export function startHeartbeat(redis: RedisClient, prefix: string, workerId: string): () => Promise<void> {
  const key = heartbeatKey(prefix);
  const beat = async (): Promise<void> => {
    const now = Date.now();
    await redis
      .multi()
      .zadd(key, now, workerId)
      .zremrangebyscore(key, '-inf', now - HEARTBEAT_TTL_MS * 4)
      .exec();
  };
  void beat().catch(() => undefined);
  const timer = setInterval(() => void beat().catch(() => undefined), BEAT_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await redis.zrem(key, workerId).catch(() => undefined);
  };
}
