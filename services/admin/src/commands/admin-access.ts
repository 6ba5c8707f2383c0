import { ACCOUNT_ROLES, adminKey, type AccountRole, type Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { addAdmin, issueSignInLink, mintSignInLink } from '../operations/admins.ts';
import { CliError } from '../cli-error.ts';
import { asOperator } from './cli-context.ts';
import { audit } from '../operations/audit.ts';

const roleOf = (role: string | undefined): AccountRole => {
  const found = ACCOUNT_ROLES.find((known) => known === (role ?? 'owner'));
  if (found === undefined) throw new CliError(`--role must be one of ${ACCOUNT_ROLES.join(', ')}`);
  return found;
};

/** `roster admin add <accountId> <email>`: an account admin (the first owner), with a sign-in link. */
export async function adminAdd(
  config: AdminConfig,
  store: Store,
  accountId: string,
  email: string,
  options: { name: string | undefined; role: string | undefined; password: string | undefined },
): Promise<string> {
  const role = roleOf(options.role);
  const { admin, link } = await asOperator(config, store, async (ctx, operator) => {
    const added = await addAdmin(ctx, operator, accountId, {
      email,
      displayName: options.name ?? email,
      role,
      ...(options.password === undefined ? {} : { password: options.password }),
    });
    const issued = await issueSignInLink(ctx, operator, accountId, added.adminId, config.consoleOrigin);
    return { admin: added, link: issued.link };
  });
  return [
    `Added ${admin.email} as ${role} of account ${accountId} (admin id ${admin.adminId}).`,
    `One-time sign-in link (valid 24 h):`,
    `  ${link}`,
  ].join('\n');
}

/** `roster operator add <email>`: a member of the deployment's staff, with a sign-in link. */
export async function operatorAdd(
  config: AdminConfig,
  store: Store,
  email: string,
  name: string | undefined,
): Promise<string> {
  const outcome = await store.admins.create({
    accountId: null,
    email,
    displayName: name ?? email,
    role: 'operator',
  });
  if (outcome.kind !== 'created') throw new CliError(`An admin with email ${email} already exists`);
  const { link } = await asOperator(config, store, (ctx) =>
    mintSignInLink(ctx, config.consoleOrigin, {
      key: adminKey(null, outcome.admin.adminId),
      accountId: null,
    }),
  );
  return [`Added operator ${outcome.admin.email}.`, `One-time sign-in link (valid 24 h):`, `  ${link}`].join(
    '\n',
  );
}

/** `roster admin link <email>`: a new one-time sign-in link for an existing admin or operator. */
export async function adminLink(config: AdminConfig, store: Store, email: string): Promise<string> {
  const admin = await store.admins.byEmail(email);
  if (admin === null) throw new CliError(`No admin has the email ${email}`);
  const { link } = await asOperator(config, store, (ctx, operator) =>
    admin.accountId === null
      ? mintSignInLink(ctx, config.consoleOrigin, { key: admin.key, accountId: null })
      : issueSignInLink(ctx, operator, admin.accountId, admin.adminId, config.consoleOrigin),
  );
  return `One-time sign-in link for ${admin.email} (valid 24 h):\n  ${link}`;
}

/** `roster apikey create <email>`: an admin API key, shown once; it acts with the admin's role. */
export async function apiKeyCreate(config: AdminConfig, store: Store, email: string): Promise<string> {
  const admin = await store.admins.byEmail(email);
  if (admin === null) throw new CliError(`No admin has the email ${email}`);
  const issued = await asOperator(config, store, async (ctx, operator) => {
    const key = await store.adminCredentials.issue(
      'apiKey',
      { key: admin.key, accountId: admin.accountId },
      ctx.pepper,
    );
    audit(ctx, operator, 'apiKey.create', admin.accountId, { targetAdminId: admin.adminId, keyId: key.id });
    return key;
  });
  return [
    `API key ${issued.id} for ${admin.email} (${admin.role}); shown only once, send it as "Authorization: Bearer <key>":`,
    `  ${issued.clear}`,
    `Revoke it with: roster apikey revoke ${issued.id}`,
  ].join('\n');
}

/** `roster apikey revoke <keyId>`: the key stops working at once (keys are checked on every request). */
export async function apiKeyRevoke(config: AdminConfig, store: Store, keyId: string): Promise<string> {
  return asOperator(config, store, async (ctx, operator) => {
    if (!(await store.adminCredentials.end('apiKey', keyId)))
      throw new CliError(`No active API key "${keyId}"`);
    audit(ctx, operator, 'apiKey.revoke', null, { keyId });
    return `API key ${keyId} revoked.`;
  });
}
