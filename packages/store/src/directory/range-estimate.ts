/**
 * Sizes of key ranges too large to count on FerretDB (which reads every document it counts),
 * estimated from where their keys fall. Resource ids are random UUIDs (v4), so the ids of one
 * account's users, or of one group's members, are spread uniformly over the id space, and a
 * range read in id order tells its own size: if the m-th smallest id sits at fraction u of the
 * id space, the range holds about (m − 1) / u ids (the "k-th minimum value" estimator, unbiased,
 * relative standard error about 1 / √(m − 2)). Reading m keys costs m documents, whatever the
 * range's size.
 */

/**
 * A count: `exact`; an `estimate` (good to a few percent, see above); or `atLeast` (counting
 * stopped at its bound, the range holds `count` or more).
 */
export interface RangeSize {
  count: number;
  kind: 'exact' | 'estimate' | 'atLeast';
}

/** Hex digits of a UUID read for its position: 48 bits, all random in a v4 UUID. */
const POSITION_DIGITS = 12;
const POSITION_SPAN = 16 ** POSITION_DIGITS;

/**
 * Where an id falls in the id space, in (0, 1]: its first 48 bits as a fraction (the end of
 * the id's slot, so the smallest id is not at 0). Undefined for an id that is not hex-led.
 */
export function idPosition(id: string): number | undefined {
  const digits = id.replaceAll('-', '').slice(0, POSITION_DIGITS);
  if (!/^[0-9a-f]{12}$/i.test(digits)) return undefined;
  return (Number.parseInt(digits, 16) + 1) / POSITION_SPAN;
}

/**
 * The size of a uniform id range of which `m` ids were read in order and the m-th is `mth`;
 * at least `m`. Rounded to two significant digits, as it is only good to a few percent.
 */
export function estimateFromMth(m: number, mth: string): RangeSize {
  const position = idPosition(mth);
  if (position === undefined || m < 2) return { count: m, kind: 'atLeast' };
  return { count: Math.max(m, roughly((m - 1) / position)), kind: 'estimate' };
}

/** `value` rounded to two significant digits (12,345 → 12,000). */
export function roughly(value: number): number {
  if (value < 100) return Math.round(value);
  const unit = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / unit) * unit;
}

/**
 * Estimates kept for a while per range (an account's users, a group's members): a large range's
 * size moves slowly, and paging through it should neither pay for nor change its estimate.
 * Exact counts are never kept, so a small range is always counted afresh.
 */
export class EstimateCache {
  private readonly entries = new Map<string, { at: number; size: RangeSize }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): RangeSize | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at < this.ttlMs) return entry.size;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `size` if it is an estimate; returns it either way. */
  keep(key: string, size: RangeSize): RangeSize {
    if (size.kind !== 'estimate') return size;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { at: this.now(), size });
    return size;
  }
}
