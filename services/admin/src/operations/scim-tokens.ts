import { accountBaseUrl } from '@roster/runtime';
import { ScimError } from '@roster/scim';
import { issueScimToken, TOKEN_SLOTS, type ScimTokenSummary } from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { requireAccount } from './accounts.ts';
import { audit } from './audit.ts';

/** The JSON file an admin downloads from "Configure SCIM": paste both into Entra ID. */
export interface ScimConnectionFile {
  baseUrl: string;
  token: string;
}

export interface GeneratedScimToken {
  tokenId: string;
  /** The clear token: this answer is the only time it is ever shown. */
  token: string;
  baseUrl: string;
  expiresAt: string | null;
  file: ScimConnectionFile;
}

export const MAX_TOKEN_DAYS = 3650;

export async function listScimTokens(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
): Promise<ScimTokenSummary[]> {
  permit(ctx, principal, 'scim:configure', accountId);
  await requireAccount(ctx, accountId);
  return ctx.store.tokens.list(accountId);
}

export async function generateScimToken(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  options: { expiresInDays?: number | undefined } = {},
): Promise<GeneratedScimToken> {
  permit(ctx, principal, 'scim:configure', accountId);
  const { expiresInDays } = options;
  if (
    expiresInDays !== undefined &&
    (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS)
  )
    throw ScimError.badRequest(
      'invalidValue',
      `expiresInDays must be a whole number from 1 to ${MAX_TOKEN_DAYS}`,
    );
  const account = await requireAccount(ctx, accountId);
  if (account.disabledAt !== null)
    throw new ScimError(
      409,
      undefined,
      `Account "${accountId}" is disabled; enable it before generating tokens`,
    );
  const issued = issueScimToken(ctx.pepper);
  const expiresAt =
    expiresInDays === undefined ? undefined : new Date(Date.now() + expiresInDays * 86_400_000);
  const outcome = await ctx.store.tokens.insert({
    tokenId: issued.tokenId,
    accountId,
    secretHash: issued.secretHash,
    createdBy: principal.adminId,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  if (outcome.kind === 'limitReached')
    throw new ScimError(
      409,
      undefined,
      `Account "${accountId}" already has ${TOKEN_SLOTS} active tokens. Revoke one first (once the new one is pasted into Entra ID, the old one can go), then generate again.`,
    );
  audit(ctx, principal, 'scimToken.generate', accountId, { tokenId: issued.tokenId });
  const baseUrl = accountBaseUrl(ctx.publicBaseUrl, accountId);
  return {
    tokenId: issued.tokenId,
    token: issued.token,
    baseUrl,
    expiresAt: expiresAt?.toISOString() ?? null,
    file: { baseUrl, token: issued.token },
  };
}

/**
 * Revokes the token in the store, then tells every running ingress to stop trusting it. The
 * answer says whether the announcement went out; the revocation holds in the store either way,
 * and ingress processes that missed it refuse the token within their cache time.
 */
export async function revokeScimToken(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  tokenId: string,
): Promise<{ tokenId: string; announced: boolean }> {
  permit(ctx, principal, 'scim:configure', accountId);
  if (!(await ctx.store.tokens.revoke(accountId, tokenId)))
    throw ScimError.notFound(`Account "${accountId}" has no active token "${tokenId}"`);
  audit(ctx, principal, 'scimToken.revoke', accountId, { tokenId });
  return { tokenId, announced: await ctx.announceRevoked([tokenId]) };
}
