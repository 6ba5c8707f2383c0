import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { createAccount } from '../operations/accounts.ts';
import { asOperator } from './cli-context.ts';

export async function accountCreate(
  config: AdminConfig,
  store: Store,
  accountId: string,
  name: string | undefined,
): Promise<string> {
  await asOperator(config, store, (ctx, operator) => createAccount(ctx, operator, { accountId, name }));
  return `Created account ${accountId}`;
}
