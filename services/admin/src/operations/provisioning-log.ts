import { ScimError } from '@roster/scim';
import {
  isProvisioningLogEntryId,
  type ProvisioningLogPage,
  type ProvisioningLogQuery,
  type ProvisioningLogRecord,
} from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { requireAccount } from './accounts.ts';

/** One page of the account's provisioning log, newest first (filters: docs/provisioning-log.md). */
export async function listLog(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  query: ProvisioningLogQuery,
): Promise<ProvisioningLogPage> {
  permit(ctx, principal, 'log:read', accountId);
  await requireAccount(ctx, accountId);
  if (query.cursor !== undefined && !isProvisioningLogEntryId(query.cursor))
    throw ScimError.badRequest('invalidValue', 'cursor is not one this API returned');
  return ctx.store.provisioningLog.list(accountId, query);
}

export async function getLogEntry(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  entryId: string,
): Promise<ProvisioningLogRecord> {
  permit(ctx, principal, 'log:read', accountId);
  const entry = isProvisioningLogEntryId(entryId)
    ? await ctx.store.provisioningLog.get(accountId, entryId)
    : null;
  if (entry === null)
    throw ScimError.notFound(`Account "${accountId}" has no provisioning log entry "${entryId}"`);
  return entry;
}
