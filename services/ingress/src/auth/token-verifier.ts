import { parseScimToken, secretMatches, type StoredScimToken } from '@roster/store';

export type TokenCheck =
  | { ok: true; accountId: string; tokenId: string }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'mismatch' };

interface CacheEntry {
  at: number;
  token: Promise<StoredScimToken | null>;
}

const MAX_CACHED_TOKENS = 10_000;

/**
 * Verifies SCIM bearer tokens. Lookups are by the public token id; the secret is compared
 * in constant time against the keyed hash. Store answers (including "no such token") are
 * cached for `ttlMs`, so the hot path costs no database round trip and a revoked token
 * stops working within `ttlMs`. Concurrent misses for one token share one lookup.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly lookup: (tokenId: string) => Promise<StoredScimToken | null>,
    private readonly pepper: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(presented: string): Promise<TokenCheck> {
    const parsed = parseScimToken(presented);
    if (parsed === null) return { ok: false, reason: 'malformed' };
    const stored = await this.stored(parsed.tokenId);
    if (stored === null) return { ok: false, reason: 'unknown' };
    if (!secretMatches(this.pepper, parsed.secret, stored.secretHash))
      return { ok: false, reason: 'mismatch' };
    if (stored.revoked) return { ok: false, reason: 'revoked' };
    return { ok: true, accountId: stored.accountId, tokenId: stored.tokenId };
  }

  private stored(tokenId: string): Promise<StoredScimToken | null> {
    const now = this.now();
    const hit = this.cache.get(tokenId);
    if (hit !== undefined && now - hit.at < this.ttlMs) return hit.token;
    const token = this.lookup(tokenId);
    // A failed lookup (store down) must not be cached as an answer.
    token.catch(() => this.cache.delete(tokenId));
    if (this.cache.size >= MAX_CACHED_TOKENS) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.delete(tokenId);
    this.cache.set(tokenId, { at: now, token });
    return token;
  }
}
