import { announceTokenRevoked, createRedisConnection, type RedisClient } from '@roster/jobs';

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
    connection ??= createRedisConnection(redisUrl, 'consumer');
    connection.on('error', () => undefined);
    return connection;
  };
  return {
    async announce(tokenIds) {
      if (tokenIds.length === 0) return true;
      const redis = connected();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.all(tokenIds.map((tokenId) => announceTokenRevoked(redis, prefix, tokenId))),
          new Promise((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), ANNOUNCE_WAIT_MS);
          }),
        ]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      connection?.disconnect();
    },
  };
}
