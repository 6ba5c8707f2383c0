/**
 * Account administration as a package: the `roster` CLI (`cli.ts`) calls these commands, and
 * so can an admin API or console, with the same store and the same answers.
 */
export { accountCreate } from './commands/account-create.ts';
export { fieldAdd, fieldList, fieldRemove, mappingSet, type FieldAddOptions } from './commands/fields.ts';
export { tokenCreate } from './commands/token-create.ts';
export type { ScimConnectionFile } from './operations/scim-tokens.ts';
export { tokenRevoke } from './commands/token-revoke.ts';
export { loadAdminConfig, type AdminConfig } from './config.ts';
export { CliError } from './cli-error.ts';
export { apiRouters, createAdminApp, type AdminAppDeps, type ApiRouters } from './app.ts';
export { adminApiRoutes, adminConsole } from './surfaces.ts';
export { queueDashboard } from './queue-dashboard.ts';
export { revocationAnnouncer } from './revocation-announcer.ts';
export type { AdminContext } from './operations/context.ts';
export type { Principal } from './auth/principal.ts';
export { authorize, type Action } from './auth/policy.ts';
export { SESSION_COOKIE, csrfTokenFor } from './auth/sessions.ts';
export { mintSignInLink, type SignInLink } from './operations/admins.ts';
export { redisSignInThrottle, type SignInThrottle } from './auth/sign-in-throttle.ts';
