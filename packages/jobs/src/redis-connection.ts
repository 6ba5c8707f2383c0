import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** One Redis server or a Redis Cluster: Roster uses only what both offer. */
export type RedisClient = Redis | Cluster;

/** `redis-cluster://[user:password@]host1:port1,host2:port2,…`: any reachable nodes of a Redis Cluster. */
const CLUSTER_SCHEME = 'redis-cluster://';

/**
 * Producers (ingress) fail fast when Redis is down, so a client gets a 503 instead of a
 * hanging request; consumers (workers, event listeners) wait and reconnect forever
 * (BullMQ's production guide).
 *
 * A `REDIS_URL` of the form `redis-cluster://host:port,host:port` connects to a Redis Cluster;
 * every key Roster and BullMQ use starts with the `{…}` queue prefix, one hash slot, so their
 * Lua scripts and transactions work there unchanged (docs/scaling.md).
 */
export function createRedisConnection(url: string, role: 'producer' | 'consumer'): RedisClient {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null };
  if (!url.startsWith(CLUSTER_SCHEME)) return new Redis(url, { ...options, lazyConnect: false });
  const urls = url
    .slice(CLUSTER_SCHEME.length)
    .split(',')
    .map((node) => new URL(`redis://${node}`));
  const nodes = urls.map(({ hostname, port }) => ({ host: hostname, port: Number(port || 6379) }));
  // Credentials, when given (`redis-cluster://user:pass@h1:p1,h2:p2`), are every node's.
  const [first] = urls;
  const credentials =
    first === undefined || first.password === ''
      ? {}
      : {
          username: decodeURIComponent(first.username) || undefined,
          password: decodeURIComponent(first.password),
        };
  return new Cluster(nodes, {
    redisOptions: { ...options, ...credentials },
    enableOfflineQueue: role !== 'producer',
    lazyConnect: false,
  });
}
