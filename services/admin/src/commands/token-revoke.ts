import { announceTokenRevoked, createRedisConnection } from '@roster/jobs';
import type { Store } from '@roster/store';
import { CliError } from '../cli-error.ts';

/** How long the CLI waits for Redis to take the announcement. */
const ANNOUNCE_WAIT_MS = 3_000;

/**
 * Revokes one of an account's SCIM tokens in the store, then announces it so every running
 * ingress stops trusting its cached check at once (packages/jobs/src/token-revocations.ts).
 * Without Redis the revocation still holds; running ingress processes then honour it within
 * their token cache time (TOKEN_CACHE_TTL_MS), which the answer says.
 */
export async function tokenRevoke(
  store: Store,
  redis: { url: string; prefix: string },
  accountId: string,
  tokenId: string,
): Promise<string> {
  if (!(await store.tokens.revoke(accountId, tokenId)))
    throw new CliError(`Account "${accountId}" has no active token "${tokenId}"`);
  // A consumer connection queues the announcement until Redis is ready; we wait 3 s at most.
  const connection = createRedisConnection(redis.url, 'consumer');
  connection.on('error', () => undefined);
  try {
    await Promise.race([
      announceTokenRevoked(connection, redis.prefix, tokenId),
      new Promise((_resolve, reject) =>
        setTimeout(() => reject(new Error('timeout')), ANNOUNCE_WAIT_MS).unref(),
      ),
    ]);
    return `Token ${tokenId} of account ${accountId} revoked; running ingress processes refuse it now.`;
  } catch {
    return `Token ${tokenId} of account ${accountId} revoked; Redis did not answer, so running ingress processes refuse it within their token cache time (TOKEN_CACHE_TTL_MS).`;
  } finally {
    connection.disconnect();
  }
}
