import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { requireAccount } from '../operations/accounts.ts';
import { generateScimToken, type ScimConnectionFile } from '../operations/scim-tokens.ts';
import { CliError } from '../cli-error.ts';
import { asOperator } from './cli-context.ts';

export async function tokenCreate(
  config: AdminConfig,
  store: Store,
  accountId: string,
  /** When set, the token stops verifying this many days from now. */
  expiresInDays?: number,
): Promise<ScimConnectionFile> {
  const generated = await asOperator(config, store, async (ctx, operator) => {
    await requireAccount(ctx, accountId).catch(() => {
      throw new CliError(
        `Account "${accountId}" does not exist; create it with: roster account create ${accountId}`,
      );
    });
    return generateScimToken(ctx, operator, accountId, { expiresInDays });
  });
  return generated.file;
}
