import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { revokeScimToken } from '../operations/scim-tokens.ts';
import { asOperator } from './cli-context.ts';

/**
 * Revokes one of an account's SCIM tokens and announces it to running ingress processes (the
 * admin API's operation). Without Redis the revocation still holds; running ingress processes
 * then honour it within their token cache time (TOKEN_CACHE_TTL_MS), which the answer says.
 */
export async function tokenRevoke(
  config: AdminConfig,
  store: Store,
  accountId: string,
  tokenId: string,
): Promise<string> {
  const { announced } = await asOperator(config, store, (ctx, operator) =>
    revokeScimToken(ctx, operator, accountId, tokenId),
  );
  return announced
    ? `Token ${tokenId} of account ${accountId} revoked; running ingress processes refuse it now.`
    : `Token ${tokenId} of account ${accountId} revoked; Redis did not answer, so running ingress processes refuse it within their token cache time (TOKEN_CACHE_TTL_MS).`;
}
