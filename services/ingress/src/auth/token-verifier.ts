import { TtlCache } from '@roster/runtime';
import { parseScimToken, secretMatches, type StoredScimToken } from '@roster/store';

export type TokenCheck =
  | { ok: true; accountId: string; tokenId: string }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'mismatch' };

const MAX_CACHED_TOKENS = 10_000;

/**
 * Verifies SCIM bearer tokens. Lookups are by the public token id; the secret is compared
 * in constant time against the keyed hash. Store answers (including "no such token") are
 * cached for `ttlMs`, so the hot path costs no database round trip; a revocation announced
 * through Redis (`forget`) ends the cached trust at once, and `ttlMs` bounds it when the
 * announcement is lost. Concurrent misses for one token share one lookup.
 */
export class TokenVerifier {
  private readonly cache: TtlCache<StoredScimToken | null>;

  constructor(
    private readonly lookup: (tokenId: string) => Promise<StoredScimToken | null>,
    private readonly pepper: string,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache({ ttlMs, maxEntries: MAX_CACHED_TOKENS, now });
  }

  async verify(presented: string): Promise<TokenCheck> {
    const parsed = parseScimToken(presented);
    if (parsed === null) return { ok: false, reason: 'malformed' };
    const stored = await this.cache.get(parsed.tokenId, () => this.lookup(parsed.tokenId));
    if (stored === null) return { ok: false, reason: 'unknown' };
    if (!secretMatches(this.pepper, parsed.secret, stored.secretHash))
      return { ok: false, reason: 'mismatch' };
    if (stored.revoked) return { ok: false, reason: 'revoked' };
    return { ok: true, accountId: stored.accountId, tokenId: stored.tokenId };
  }

  /** A token changed (revoked): the next request with it asks the store again. */
  forget(tokenId: string): void {
    this.cache.forget(tokenId);
  }
}
