import { ScimError } from '@roster/scim';
import type { Store } from '@roster/store';
import { CLI_OPERATOR } from '../auth/principal.ts';
import type { AdminConfig } from '../config.ts';
import { adminContextOf } from '../context.ts';
import type { AdminContext } from '../operations/context.ts';
import { revocationAnnouncer } from '../revocation-announcer.ts';
import { CliError } from '../cli-error.ts';

/** Denials and warnings of operations the CLI runs go to stderr as JSON lines, like a service's log. */
const stderrLogger: AdminContext['logger'] = {
  // Admin changes (audit lines) are kept like the service's: on stderr, as JSON.
  info: (fields: object, message?: string) =>
    process.stderr.write(`${JSON.stringify({ ...fields, msg: message })}\n`),
  warn: (fields: object, message?: string) =>
    process.stderr.write(`${JSON.stringify({ ...fields, msg: message })}\n`),
  error: (fields: object, message?: string) =>
    process.stderr.write(`${JSON.stringify({ ...fields, msg: message })}\n`),
} as AdminContext['logger'];

/**
 * Runs one admin operation as the CLI's operator, with the same code the admin API runs: the
 * operation's ScimError becomes the CLI's error message.
 */
export async function asOperator<T>(
  config: AdminConfig,
  store: Store,
  work: (ctx: AdminContext, principal: typeof CLI_OPERATOR) => Promise<T>,
): Promise<T> {
  const announcer = revocationAnnouncer(config.redisUrl, config.queuePrefix);
  try {
    return await work(adminContextOf(config, store, stderrLogger, announcer), CLI_OPERATOR);
  } catch (error) {
    if (error instanceof ScimError) throw new CliError(error.detail);
    throw error;
  } finally {
    announcer.close();
  }
}
