import { accountBaseUrl } from '@roster/runtime';
import { issueScimToken, type Store } from '@roster/store';
import { CliError } from '../cli-error.ts';

/** The JSON file an admin downloads from "Configure SCIM": paste both into Entra ID. */
export interface ScimConnectionFile {
  baseUrl: string;
  token: string;
}

export async function tokenCreate(
  store: Store,
  accountId: string,
  pepper: string,
  publicBaseUrl: string,
  /** When set, the token stops verifying this many days from now. */
  expiresInDays?: number,
): Promise<ScimConnectionFile> {
  if ((await store.accounts.get(accountId)) === null) {
    throw new CliError(
      `Account "${accountId}" does not exist; create it with: roster account create ${accountId}`,
    );
  }
  const issued = issueScimToken(pepper);
  const outcome = await store.tokens.insert({
    tokenId: issued.tokenId,
    accountId,
    secretHash: issued.secretHash,
    ...(expiresInDays === undefined ? {} : { expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) }),
  });
  if (outcome.kind === 'limitReached')
    throw new CliError(
      `Account "${accountId}" already has ${outcome.limit} active tokens; revoke one first (roster token revoke ${accountId} <tokenId>)`,
    );
  return { baseUrl: accountBaseUrl(publicBaseUrl, accountId), token: issued.token };
}
