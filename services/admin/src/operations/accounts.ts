import { ScimError } from '@roster/scim';
import { isAccountId, MAX_ACCOUNTS_PER_PAGE, type AccountRecord, type StoredRateLimit } from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { audit } from './audit.ts';

/** An account as the admin API shows it: settings are under /fields. */
export interface AccountSummary {
  id: string;
  name: string;
  createdAt: string;
  disabledAt: string | null;
  /** The account's own SCIM request rate; null: the deployment's (ACCOUNT_RATE_PER_SECOND / _BURST). */
  rateLimit: StoredRateLimit | null;
}

/** Bounds of a rate an operator may set: from a trickle to far past what one store can take. */
export const RATE_LIMIT_BOUNDS = { perSecond: { min: 1, max: 100_000 }, burst: { min: 1, max: 1_000_000 } };

const summaryOf = (account: AccountRecord): AccountSummary => ({
  id: account.id,
  name: account.name,
  createdAt: account.createdAt,
  disabledAt: account.disabledAt,
  rateLimit: account.rateLimit,
});

/** The account, or the 404 every operation on a missing account answers. */
export async function requireAccount(ctx: AdminContext, accountId: string): Promise<AccountRecord> {
  const account = isAccountId(accountId) ? await ctx.store.accounts.get(accountId) : null;
  if (account === null) throw ScimError.notFound(`Account "${accountId}" does not exist`);
  return account;
}

export async function listAccounts(
  ctx: AdminContext,
  principal: Principal,
  page: { after?: string | undefined; limit?: number | undefined } = {},
): Promise<{ accounts: AccountSummary[]; next: string | null }> {
  permit(ctx, principal, 'accounts:manage');
  const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_ACCOUNTS_PER_PAGE);
  const accounts = await ctx.store.accounts.list(page.after, limit);
  const last = accounts.at(-1);
  return {
    accounts: accounts.map(summaryOf),
    next: accounts.length === limit && last !== undefined ? last.id : null,
  };
}

export async function createAccount(
  ctx: AdminContext,
  principal: Principal,
  input: { accountId: string; name?: string | undefined },
): Promise<AccountSummary> {
  permit(ctx, principal, 'accounts:manage');
  if (!isAccountId(input.accountId))
    throw ScimError.badRequest(
      'invalidValue',
      `Invalid account id "${input.accountId}": use 1-63 letters, digits, "-" or "_", starting with a letter or digit`,
    );
  const outcome = await ctx.store.accounts.create(input.accountId, input.name ?? input.accountId);
  if (outcome.kind === 'exists') throw ScimError.conflict(`Account "${input.accountId}" already exists`);
  audit(ctx, principal, 'account.create', input.accountId);
  return summaryOf(outcome.account);
}

export async function getAccount(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
): Promise<AccountSummary> {
  permit(ctx, principal, 'account:read', accountId);
  return summaryOf(await requireAccount(ctx, accountId));
}

/**
 * Disabling stops every SCIM token of the account at once (the verifier checks the account of
 * each token, and running ingress processes are told to forget the tokens they trust); the
 * account's users, groups and settings stay. Enabling lets its unrevoked tokens work again.
 */
export async function setAccountDisabled(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  disabled: boolean,
): Promise<AccountSummary & { announced: boolean }> {
  permit(ctx, principal, 'accounts:manage');
  if (!isAccountId(accountId) || !(await ctx.store.accounts.setDisabled(accountId, disabled)))
    throw ScimError.notFound(`Account "${accountId}" does not exist`);
  audit(ctx, principal, disabled ? 'account.disable' : 'account.enable', accountId);
  return {
    ...summaryOf(await requireAccount(ctx, accountId)),
    announced: await forgetAccountTokens(ctx, accountId),
  };
}

/**
 * Sets the account's own SCIM request rate (null: the deployment's default again). It travels
 * with each verified token, so running ingress processes are told to forget the account's tokens:
 * the new rate applies to the next request.
 */
export async function setAccountRateLimit(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  rateLimit: StoredRateLimit | null,
): Promise<AccountSummary & { announced: boolean }> {
  permit(ctx, principal, 'accounts:manage');
  if (rateLimit !== null) {
    for (const key of ['perSecond', 'burst'] as const) {
      const { min, max } = RATE_LIMIT_BOUNDS[key];
      if (!Number.isInteger(rateLimit[key]) || rateLimit[key] < min || rateLimit[key] > max)
        throw ScimError.badRequest('invalidValue', `${key} must be a whole number from ${min} to ${max}`);
    }
    if (rateLimit.burst < rateLimit.perSecond)
      throw ScimError.badRequest('invalidValue', 'burst must be at least perSecond');
  }
  if (!isAccountId(accountId) || !(await ctx.store.accounts.setRateLimit(accountId, rateLimit)))
    throw ScimError.notFound(`Account "${accountId}" does not exist`);
  audit(ctx, principal, 'account.rateLimit', accountId, {
    perSecond: rateLimit?.perSecond ?? null,
    burst: rateLimit?.burst ?? null,
  });
  return {
    ...summaryOf(await requireAccount(ctx, accountId)),
    announced: await forgetAccountTokens(ctx, accountId),
  };
}

/** Tells running ingress processes to forget what they cached with the account's active tokens. */
async function forgetAccountTokens(ctx: AdminContext, accountId: string): Promise<boolean> {
  const tokens = await ctx.store.tokens.list(accountId);
  return ctx.announceRevoked(
    tokens.filter((token) => token.revokedAt === null).map((token) => token.tokenId),
  );
}
