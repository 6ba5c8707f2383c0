import { z } from 'zod';
import { ScimError } from '@roster/scim';
import {
  ACCOUNT_ROLES,
  hashPassword,
  passwordProblem,
  type AccountRole,
  type AdminRecord,
} from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { requireAccount } from './accounts.ts';

export const NewAdminInput = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ACCOUNT_ROLES),
  password: z.string().optional(),
});
export type NewAdminInput = z.infer<typeof NewAdminInput>;

/** Only an owner (or an operator) may make or unmake owners. */
function permitRoleChange(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  roles: AccountRole[],
): void {
  permit(ctx, principal, 'admins:manage', accountId);
  if (roles.includes('owner')) permit(ctx, principal, 'owners:manage', accountId);
}

export async function listAdmins(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
): Promise<AdminRecord[]> {
  permit(ctx, principal, 'admins:read', accountId);
  await requireAccount(ctx, accountId);
  return ctx.store.admins.list(accountId);
}

export async function addAdmin(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  input: NewAdminInput,
): Promise<AdminRecord> {
  permitRoleChange(ctx, principal, accountId, [input.role]);
  const problem = input.password === undefined ? undefined : passwordProblem(input.password);
  if (problem !== undefined) throw ScimError.badRequest('invalidValue', `Invalid password: ${problem}`);
  const outcome = await ctx.store.admins.create({
    accountId,
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    ...(input.password === undefined ? {} : { passwordHash: await hashPassword(input.password) }),
  });
  if (outcome.kind === 'noAccount') throw ScimError.notFound(`Account "${accountId}" does not exist`);
  if (outcome.kind === 'emailTaken')
    throw ScimError.conflict(`An admin with email ${input.email} already exists`);
  return outcome.admin;
}

export async function changeAdminRole(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  adminId: string,
  role: AccountRole,
): Promise<AdminRecord> {
  permit(ctx, principal, 'admins:manage', accountId);
  const admin = await ctx.store.admins.get(accountId, adminId);
  if (admin === null || admin.role === 'operator')
    throw ScimError.notFound(`Account "${accountId}" has no admin "${adminId}"`);
  permitRoleChange(ctx, principal, accountId, [admin.role, role]);
  const outcome = await ctx.store.admins.changeRole(accountId, adminId, role);
  refuseUnchanged(outcome, accountId, adminId);
  return { ...admin, role };
}

export async function removeAdmin(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  adminId: string,
): Promise<void> {
  permit(ctx, principal, 'admins:manage', accountId);
  const admin = await ctx.store.admins.get(accountId, adminId);
  if (admin === null || admin.role === 'operator')
    throw ScimError.notFound(`Account "${accountId}" has no admin "${adminId}"`);
  permitRoleChange(ctx, principal, accountId, [admin.role]);
  refuseUnchanged(await ctx.store.admins.remove(accountId, adminId), accountId, adminId);
}

function refuseUnchanged(
  outcome: 'changed' | 'missing' | 'lastOwner',
  accountId: string,
  adminId: string,
): void {
  if (outcome === 'lastOwner')
    throw new ScimError(
      409,
      undefined,
      `Account "${accountId}" must keep at least one owner; make another admin owner first`,
    );
  if (outcome === 'missing')
    throw ScimError.notFound(
      `Account "${accountId}" has no admin "${adminId}" (or it changed meanwhile; reload)`,
    );
}
