import { TtlCache } from '@roster/runtime';
import { parseScimToken, secretMatches, type StoredRateLimit, type StoredScimToken } from '@roster/store';

export type TokenCheck =
  | {
      ok: true;
      accountId: string;
      tokenId: string;
      /** The account's own request rate, when an operator set one. */
      rateLimit?: StoredRateLimit;
    }
  | {
      ok: false;
      reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'mismatch' | 'accountDisabled';
    };

/** A stored token as the verifier judges it: with its account's state and request rate. */
export type VerifiableToken = StoredScimToken & { accountDisabled?: boolean; rateLimit?: StoredRateLimit };

const MAX_CACHED_TOKENS = 10_000;

/** A token's last use is written at most this often per process: an admin wants minutes, not requests. */
const USE_RECORD_INTERVAL_MS = 60_000;

/**
 * Verifies SCIM bearer tokens. Lookups are by the public token id; the secret is compared
 * in constant time against the keyed hash. Store answers (including "no such token") are
 * cached for `ttlMs`, so the hot path costs no database round trip; a revocation announced
 * through Redis (`forget`) ends the cached trust at once, and `ttlMs` bounds it when the
 * announcement is lost. Concurrent misses for one token share one lookup.
 */
export class TokenVerifier {
  private readonly cache: TtlCache<VerifiableToken | null>;
  /** When each token's use was last written by this process. */
  private readonly useRecordedAt = new Map<string, number>();

  constructor(
    private readonly lookup: (tokenId: string) => Promise<VerifiableToken | null>,
    private readonly pepper: string,
    ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Writes a token's last use; called off the request path, its failures ignored. */
    private readonly recordUse: (tokenId: string, at: Date) => Promise<void> = () => Promise.resolve(),
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
    if (stored.accountDisabled === true) return { ok: false, reason: 'accountDisabled' };
    if (stored.expiresAt !== null && this.now() >= stored.expiresAt.getTime())
      return { ok: false, reason: 'expired' };
    this.noteUse(stored.tokenId);
    return {
      ok: true,
      accountId: stored.accountId,
      tokenId: stored.tokenId,
      ...(stored.rateLimit === undefined ? {} : { rateLimit: stored.rateLimit }),
    };
  }

  private noteUse(tokenId: string): void {
    const now = this.now();
    if (now - (this.useRecordedAt.get(tokenId) ?? -Infinity) < USE_RECORD_INTERVAL_MS) return;
    if (this.useRecordedAt.size >= MAX_CACHED_TOKENS) this.useRecordedAt.clear();
    this.useRecordedAt.set(tokenId, now);
    void this.recordUse(tokenId, new Date(now)).catch(() => undefined);
  }

  /** A token changed (revoked, its account disabled): the next request with it asks the store again. */
  forget(tokenId: string): void {
    this.cache.forget(tokenId);
  }
}
