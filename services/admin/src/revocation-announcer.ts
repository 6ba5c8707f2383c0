import { announceTokenRevoked, createRedisConnection, type RedisClient } from '@roster/jobs';
import { within } from '@roster/runtime';

/** How long an announcement may take before the caller is told Redis did not take it. */
const ANNOUNCE_WAIT_MS = 3_000;

export interface RevocationAnnouncer {
  /** True when Redis took every announcement within 3 s. */
  announce(tokenIds: readonly string[]): Promise<boolean>;
  close(): void;
}

/**
 * Announces revoked SCIM tokens to every running ingress (packages/jobs token-revocations.ts).
 * A connection that cannot reach Redis queues the message; the caller waits 3 s at most and
 * then reports that ingress processes will honour the revocation within their token cache time.
 */
export function revocationAnnouncer(redisUrl: string, prefix: string): RevocationAnnouncer {
  let connection: RedisClient | undefined;
  const connected = (): RedisClient => {
    // One connection, one listener, made when first needed (the CLI may never announce).
    connection ??= createRedisConnection(redisUrl, 'consumer').on('error', () => undefined);
    return connection;
  };
  return {
    async announce(tokenIds) {
      if (tokenIds.length === 0) return true;
      const redis = connected();
      const announced = Promise.all(tokenIds.map((tokenId) => announceTokenRevoked(redis, prefix, tokenId)));
      return within(announced, ANNOUNCE_WAIT_MS, 'revocation announcement').then(
        () => true,
        () => false,
      );
    },
    close() {
      connection?.disconnect();
    },
  };
}
