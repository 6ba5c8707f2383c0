import { isAccountId, type Store } from '@roster/store';
import { CliError } from '../cli-error.ts';

export async function accountCreate(
  store: Store,
  accountId: string,
  name: string | undefined,
): Promise<string> {
  if (!isAccountId(accountId)) {
    throw new CliError(
      `Invalid account id "${accountId}": use 1-63 letters, digits, "-" or "_", starting with a letter or digit`,
    );
  }
  const outcome = await store.accounts.create(accountId, name ?? accountId);
  if (outcome.kind === 'exists') throw new CliError(`Account "${accountId}" already exists`);
  return `Created account ${accountId}`;
}
