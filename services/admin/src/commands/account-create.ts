import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { createAccount, setAccountRateLimit } from '../operations/accounts.ts';
import { CliError } from '../cli-error.ts';
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

/** `roster account rate-limit <accountId> <perSecond>/<burst>|default`: the account's own SCIM request rate. */
export async function accountRateLimit(
  config: AdminConfig,
  store: Store,
  accountId: string,
  rate: string,
): Promise<string> {
  const match = /^(\d+)\/(\d+)$/.exec(rate);
  if (rate !== 'default' && match === null)
    throw new CliError(`Give the rate as <perSecond>/<burst> (e.g. 200/400) or "default", not "${rate}"`);
  const limit = match === null ? null : { perSecond: Number(match[1]), burst: Number(match[2]) };
  const { announced } = await asOperator(config, store, (ctx, operator) =>
    setAccountRateLimit(ctx, operator, accountId, limit),
  );
  const what =
    limit === null ? "the deployment's rate" : `${limit.perSecond} requests/s, bursts of ${limit.burst}`;
  return `Account ${accountId} now has ${what}${announced ? '' : ' (Redis did not answer: running ingress processes apply it within their token cache time)'}.`;
}
