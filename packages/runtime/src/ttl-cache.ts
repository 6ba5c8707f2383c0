/**
 * A small read-through cache of promises: answers are reused for `ttlMs`, concurrent misses
 * for one key share one load, a failed load is never cached, and the oldest entry makes room
 * past `maxEntries`. Used wherever every request needs a store answer that may be a few
 * seconds stale (token verification, account schemas).
 */
export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit !== undefined && now - hit.at < this.options.ttlMs) return hit.value;
    const value = load();
    value.catch(() => {
      // Only forget this load: a newer one may have replaced it meanwhile.
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.delete(key); // re-insert so Map order stays oldest-first
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { at: now, value });
    return value;
  }

  /** Drops `key`, so the next `get` loads it again (its source changed). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
