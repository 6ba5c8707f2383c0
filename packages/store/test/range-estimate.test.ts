import { describe, expect, it } from 'vitest';
import { EstimateCache, estimateFromMth, idPosition, roughly } from '../src/index.ts';

describe('range sizes from key positions', () => {
  it('places ids in the id space', () => {
    expect(idPosition('00000000-0000-4000-8000-000000000000')).toBeCloseTo(0, 12);
    expect(idPosition('80000000-0000-4000-8000-000000000000')).toBeCloseTo(0.5, 12);
    expect(idPosition('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(1);
    expect(idPosition('not-hex')).toBeUndefined();
  });

  it('rounds to two significant digits', () => {
    expect([7, 99, 123, 12_345, 99_600, 100_400].map(roughly)).toEqual([
      7, 99, 120, 12_000, 100_000, 100_000,
    ]);
  });

  it('estimates a uniform range of random ids within a few percent from 256 of them', () => {
    const errors: number[] = [];
    for (let trial = 0; trial < 50; trial += 1) {
      const size = 20_000;
      // The first 48 bits of `size` random v4 ids, in order; the 256th as an id again.
      const positions = Float64Array.from({ length: size }, () => Math.floor(Math.random() * 2 ** 48)).sort();
      const hex = (positions[255] ?? 0).toString(16).padStart(12, '0');
      const estimate = estimateFromMth(256, `${hex.slice(0, 8)}-${hex.slice(8)}-4000-8000-000000000000`);
      expect(estimate.kind).toBe('estimate');
      errors.push(Math.abs(estimate.count - size) / size);
    }
    errors.sort((a, b) => a - b);
    // ±6% is one standard error: the median trial is well within it, no trial beyond 5 of them.
    expect(errors[25]).toBeLessThan(0.08);
    expect(errors[49]).toBeLessThan(0.3);
  });

  it('never estimates fewer than it read, and needs two keys', () => {
    expect(estimateFromMth(10, 'ffffffff-ffff-4fff-bfff-ffffffffffff')).toEqual({
      count: 10,
      kind: 'estimate',
    });
    expect(estimateFromMth(1, '00000000-0000-4000-8000-000000000000').kind).toBe('atLeast');
  });
});

describe('kept estimates', () => {
  it('keeps estimates for their time, never exact counts', () => {
    let now = 0;
    const cache = new EstimateCache(1_000, 2, () => now);
    expect(cache.keep('a', { count: 5, kind: 'exact' })).toEqual({ count: 5, kind: 'exact' });
    expect(cache.get('a')).toBeUndefined();
    cache.keep('a', { count: 5_000, kind: 'estimate' });
    now = 999;
    expect(cache.get('a')).toEqual({ count: 5_000, kind: 'estimate' });
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('holds at most its bound, forgetting the oldest', () => {
    const cache = new EstimateCache(1_000, 2, () => 0);
    for (const key of ['a', 'b', 'c']) cache.keep(key, { count: 1_000, kind: 'estimate' });
    expect(['a', 'b', 'c'].map((key) => cache.get(key)?.count)).toEqual([undefined, 1_000, 1_000]);
  });
});
