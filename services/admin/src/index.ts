/**
 * Account administration as a package: the `roster` CLI (`cli.ts`) calls these commands, and
 * so can an admin API or console, with the same store and the same answers.
 */
export { accountCreate } from './commands/account-create.ts';
export { fieldAdd, fieldList, fieldRemove, mappingSet, type FieldAddOptions } from './commands/fields.ts';
export { tokenCreate, type ScimConnectionFile } from './commands/token-create.ts';
export { tokenRevoke } from './commands/token-revoke.ts';
export { loadAdminConfig, type AdminConfig } from './config.ts';
export { CliError } from './cli-error.ts';
