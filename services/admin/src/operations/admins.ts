import { z } from 'zod';
import { ScimError } from '@roster/scim';
import {
  ACCOUNT_ROLES,
  adminKey,
  hashPassword,
  passwordProblem,
  type AccountRole,
  type AdminRecord,
} from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { SIGN_IN_LINK_TTL_MS } from '../auth/sessions.ts';
import { permit, type AdminContext } from './context.ts';
import { audit } from './audit.ts';
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
  audit(ctx, principal, 'admin.add', accountId, { targetAdminId: outcome.admin.adminId, role: input.role });
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
  audit(ctx, principal, 'admin.role', accountId, { targetAdminId: adminId, from: admin.role, role });
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
  audit(ctx, principal, 'admin.remove', accountId, { targetAdminId: adminId });
}

/** A one-time console sign-in link: shown once to whoever passes it on, stored only as a hash. */
export interface SignInLink {
  link: string;
  expiresAt: string;
}

/**
 * Mints a sign-in link for `admin` (an account admin or an operator) at `consoleOrigin`, valid
 * 24 h. Checks no permission: callers are `issueSignInLink` and the operator's own CLI.
 */
export async function mintSignInLink(
  ctx: AdminContext,
  consoleOrigin: string,
  admin: { key: string; accountId: string | null },
): Promise<SignInLink> {
  const issued = await ctx.store.adminCredentials.issue('signInLink', admin, ctx.pepper, {
    ttlMs: SIGN_IN_LINK_TTL_MS,
  });
  const expiresAt = issued.expiresAt ?? new Date(Date.now() + SIGN_IN_LINK_TTL_MS);
  return {
    link: `${new URL(consoleOrigin).origin}/console/sign-in/link?code=${encodeURIComponent(issued.clear)}`,
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * A new one-time sign-in link for an admin of the account. Whoever may manage the admin may
 * let it in: `admins:manage`, and `owners:manage` for an owner. `consoleOrigin` is where the
 * console is opened (the deployment's ADMIN_PUBLIC_URL), which the link must point at. The
 * answer names the admin's email, so whoever shows the link can say who it is for.
 */
export async function issueSignInLink(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  adminId: string,
  consoleOrigin: string,
): Promise<SignInLink & { email: string }> {
  permit(ctx, principal, 'admins:manage', accountId);
  const admin = await ctx.store.admins.get(accountId, adminId);
  if (admin === null || admin.role === 'operator')
    throw ScimError.notFound(`Account "${accountId}" has no admin "${adminId}"`);
  permitRoleChange(ctx, principal, accountId, [admin.role]);
  audit(ctx, principal, 'admin.signInLink', accountId, { targetAdminId: adminId });
  const minted = await mintSignInLink(ctx, consoleOrigin, { key: adminKey(accountId, adminId), accountId });
  return { ...minted, email: admin.email };
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
