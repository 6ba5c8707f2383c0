import { listenForTokenRevocations } from '@roster/jobs';
import type { Store } from '@roster/store';
import { TokenVerifier } from './token-verifier.ts';

export interface TokenChecks {
  verifier: TokenVerifier;
  /** Stops listening for revocations. */
  close(): Promise<void>;
}

/**
 * The token verifier of one ingress process, as every host runs it: tokens read from the store,
 * their use recorded there, and revocations announced through Redis forgotten at once.
 */
export async function startTokenChecks(options: {
  store: Store;
  pepper: string;
  cacheTtlMs: number;
  redisUrl: string;
  prefix: string;
  onRedisError: (error: unknown) => void;
}): Promise<TokenChecks> {
  const { store } = options;
  const verifier = new TokenVerifier(
    async (id) => {
      const token = await store.tokens.findById(id);
      if (token === null) return null;
      // An account that is gone or disabled stops all its tokens at once; its request rate travels
      // with the token. Both are cached like the token, and forgotten with it when announced.
      const account = await store.accounts.get(token.accountId);
      return {
        ...token,
        accountDisabled: account === null || account.disabledAt !== null,
        ...(account?.rateLimit == null ? {} : { rateLimit: account.rateLimit }),
      };
    },
    options.pepper,
    options.cacheTtlMs,
    Date.now,
    (id, at) => store.tokens.markUsed(id, at),
  );
  const revocations = await listenForTokenRevocations(
    options.redisUrl,
    options.prefix,
    (tokenId) => verifier.forget(tokenId),
    options.onRedisError,
  );
  return { verifier, close: () => revocations.close() };
}
