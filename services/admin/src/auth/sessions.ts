import { createHmac, timingSafeEqual } from 'node:crypto';
import { passwordMatches, type AdminRecord, type CredentialCheck, type CredentialKind } from '@roster/store';
import type { AdminContext } from '../operations/context.ts';
import type { Principal } from './principal.ts';

/** The console's session cookie; its value is an `rss_` credential (keyed-secret.ts). */
export const SESSION_COOKIE = 'roster_session';
export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;
/** A sign-in link printed by the CLI for a first owner works once, within this time. */
export const SIGN_IN_LINK_TTL_MS = 24 * 3_600_000;

export type SignIn =
  | { ok: true; cookie: string; principal: Principal; expiresAt: Date }
  | { ok: false; reason: 'badCredentials' | 'linkInvalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * A hash computed for a password nobody has: signing in with an unknown email costs the same
 * scrypt time as a wrong password, so response times do not reveal which emails exist.
 */
const DECOY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const principalOfAdmin = (admin: AdminRecord): Principal =>
  admin.role === 'operator' || admin.accountId === null
    ? { kind: 'operator', adminId: admin.adminId, email: admin.email, displayName: admin.displayName }
    : {
        kind: 'admin',
        adminId: admin.adminId,
        accountId: admin.accountId,
        role: admin.role,
        email: admin.email,
        displayName: admin.displayName,
      };

export async function signInWithPassword(
  ctx: AdminContext,
  email: string,
  password: string,
): Promise<SignIn> {
  const retryAfterSeconds = await ctx.signInThrottle?.attempt(email);
  if (retryAfterSeconds !== undefined) {
    ctx.logger.warn({ reason: 'throttled', retryAfterSeconds }, 'console sign-in refused');
    return { ok: false, reason: 'throttled', retryAfterSeconds };
  }
  const admin = await ctx.store.admins.byEmail(email);
  const matches = await passwordMatches(password, admin?.passwordHash ?? DECOY_HASH);
  if (admin === null || admin.passwordHash === null || !matches) {
    ctx.logger.warn({ adminId: admin?.adminId ?? null, reason: 'badCredentials' }, 'console sign-in refused');
    return { ok: false, reason: 'badCredentials' };
  }
  await ctx.signInThrottle?.succeeded(email);
  return startSession(ctx, admin.key, admin);
}

export async function signInWithLink(ctx: AdminContext, link: string): Promise<SignIn> {
  const check = await ctx.store.adminCredentials.consume('signInLink', link, ctx.pepper);
  const admin = check.ok ? await ctx.store.admins.byKey(check.adminKey) : null;
  if (!check.ok || admin === null) {
    ctx.logger.warn({ reason: check.ok ? 'adminGone' : check.reason }, 'sign-in link refused');
    return { ok: false, reason: 'linkInvalid' };
  }
  return startSession(ctx, check.adminKey, admin);
}

export async function signOut(ctx: AdminContext, cookie: string): Promise<void> {
  const check = await ctx.store.adminCredentials.verify('session', cookie, ctx.pepper);
  if (check.ok) await ctx.store.adminCredentials.end('session', check.id);
}

/** The principal behind an API key or a session cookie, or why there is none. */
export async function principalFor(
  ctx: AdminContext,
  kind: Extract<CredentialKind, 'apiKey' | 'session'>,
  presented: string,
): Promise<{ ok: true; principal: Principal; credentialId: string } | { ok: false; reason: string }> {
  const check: CredentialCheck = await ctx.store.adminCredentials.verify(kind, presented, ctx.pepper);
  if (!check.ok) return check;
  // Roles are read on every request, so a role change or removal applies at once.
  const admin = await ctx.store.admins.byKey(check.adminKey);
  if (admin === null) return { ok: false, reason: 'adminRemoved' };
  return { ok: true, principal: principalOfAdmin(admin), credentialId: check.id };
}

/**
 * The CSRF token of a session: an HMAC of the session credential, so it needs no storage,
 * differs per session, and cannot be computed without the server's pepper.
 */
export const csrfTokenFor = (ctx: Pick<AdminContext, 'pepper'>, sessionCookie: string): string =>
  createHmac('sha256', ctx.pepper).update(`csrf:${sessionCookie}`).digest('base64url');

export function csrfTokenMatches(
  ctx: Pick<AdminContext, 'pepper'>,
  sessionCookie: string,
  presented: unknown,
): boolean {
  return sameSecret(csrfTokenFor(ctx, sessionCookie), presented);
}

/**
 * Constant-time comparison of a presented value with a secret. Lengths are compared in bytes,
 * not characters: `timingSafeEqual` throws on buffers of different lengths, and a non-ASCII
 * character makes a string's byte length differ from its length. An empty secret matches nothing.
 */
export function sameSecret(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || expected === '') return false;
  const want = Buffer.from(expected);
  const given = Buffer.from(presented);
  return want.length === given.length && timingSafeEqual(want, given);
}

async function startSession(ctx: AdminContext, key: string, admin: AdminRecord): Promise<SignIn> {
  const ttlMs = ctx.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const issued = await ctx.store.adminCredentials.issue(
    'session',
    { key, accountId: admin.accountId },
    ctx.pepper,
    {
      ttlMs,
    },
  );
  ctx.logger.info({ adminId: admin.adminId, accountId: admin.accountId }, 'console session started');
  return {
    ok: true,
    cookie: issued.clear,
    principal: principalOfAdmin(admin),
    expiresAt: issued.expiresAt ?? new Date(Date.now() + ttlMs),
  };
}
