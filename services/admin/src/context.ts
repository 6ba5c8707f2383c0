import type { Logger } from 'pino';
import type { Store } from '@roster/store';
import type { AdminConfig } from './config.ts';
import type { AdminContext } from './operations/context.ts';
import type { RevocationAnnouncer } from './revocation-announcer.ts';
import type { SignInThrottle } from './auth/sign-in-throttle.ts';

/** The admin context of a configured deployment, for the HTTP service and the CLI alike. */
export const adminContextOf = (
  config: AdminConfig,
  store: Store,
  logger: AdminContext['logger'] | Logger,
  announcer: RevocationAnnouncer,
  signInThrottle?: SignInThrottle,
): AdminContext => {
  // Resolved once, when first used: only token, key and session operations need it.
  let pepper: string | undefined;
  return {
    ...(signInThrottle === undefined ? {} : { signInThrottle }),
    store,
    logger,
    get pepper() {
      return (pepper ??= config.tokenPepper());
    },
    publicBaseUrl: config.publicBaseUrl,
    customNamespace: config.customNamespace,
    sessionTtlMs: config.sessionTtlMs,
    announceRevoked: (tokenIds) => announcer.announce(tokenIds),
  };
};
