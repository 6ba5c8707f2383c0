import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { generateScimToken, type ScimConnectionFile } from '../operations/scim-tokens.ts';
import { ScimError } from '@roster/scim';
import { CliError } from '../cli-error.ts';
import { asOperator } from './cli-context.ts';

export async function tokenCreate(
  config: AdminConfig,
  store: Store,
  accountId: string,
  /** When set, the token stops verifying this many days from now. */
  expiresInDays?: number,
): Promise<ScimConnectionFile> {
  const generated = await asOperator(config, store, (ctx, operator) =>
    generateScimToken(ctx, operator, accountId, { expiresInDays }).catch((error: unknown) => {
      // A missing account, and only that, gets the command that creates it.
      if (error instanceof ScimError && error.status === 404)
        throw new CliError(`${error.detail}; create it with: roster account create ${accountId}`);
      throw error;
    }),
  );
  return generated.file;
}
