import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producers (ingress) fail fast when Redis is down, so a client gets a 503 instead of a
 * hanging request; consumers (workers, event listeners) wait and reconnect forever
 * (BullMQ's production guide).
 */
export function createRedisConnection(url: string, role: 'producer' | 'consumer'): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null };
  return new Redis(url, { ...options, lazyConnect: false });
}
