import { describe, expect, it } from 'vitest';
import { parseRateLimits } from '../src/limits/account-rate-limit.ts';

describe('ACCOUNT_RATE_LIMITS', () => {
  it('reads per-account rates and bursts', () => {
    expect(parseRateLimits(' acme=200/400, small_co=2.5/5 ,')).toEqual(
      new Map([
        ['acme', { perSecond: 200, burst: 400 }],
        ['small_co', { perSecond: 2.5, burst: 5 }],
      ]),
    );
    expect(parseRateLimits('')).toEqual(new Map());
  });

  it.each([
    ['acme=200', 'is not <account>=<per second>/<burst>'],
    ['acme:x=1/1', 'is not <account>=<per second>/<burst>'],
    ['acme=0/5', 'needs a rate above 0'],
    ['acme=5/0', 'needs a rate above 0 and a burst of at least 1'],
  ])('refuses %s, saying why', (spec, reason) => {
    expect(parseRateLimits(spec)).toEqual({ error: expect.stringContaining(reason) });
  });
});
