import { createRedisConnection, type RedisClient } from './redis-connection.ts';

/**
 * Revoking a SCIM token must stop it on every running ingress process within a second, while
 * each process trusts a verified token for `TOKEN_CACHE_TTL_MS` (5 s) to keep the store off the
 * hot path. Whoever revokes a token (the CLI, the admin API) announces it on a Redis channel;
 * every ingress listens and forgets the token, so its next request is checked against the store.
 * Pub/sub delivers at most once: a process that misses the message (reconnecting) still stops
 * trusting the token when its cache entry expires.
 */
const channelOf = (prefix: string): string => `${prefix}:token-revoked`;

export async function announceTokenRevoked(
  redis: RedisClient,
  prefix: string,
  tokenId: string,
): Promise<void> {
  await redis.publish(channelOf(prefix), tokenId);
}

export interface TokenRevocations {
  close(): Promise<void>;
}

/** Calls `onRevoked` with each token id announced, on a connection of its own (subscribers can do nothing else). */
export async function listenForTokenRevocations(
  redisUrl: string,
  prefix: string,
  onRevoked: (tokenId: string) => void,
  onError: (error: unknown) => void,
): Promise<TokenRevocations> {
  const subscriber = createRedisConnection(redisUrl, 'consumer');
  subscriber.on('error', onError);
  subscriber.on('message', (channel: string, tokenId: string) => {
    if (channel === channelOf(prefix)) onRevoked(tokenId);
  });
  await subscriber.subscribe(channelOf(prefix));
  return {
    close() {
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
