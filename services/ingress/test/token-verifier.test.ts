import { describe, expect, it } from 'vitest';
import { issueScimToken, type StoredScimToken } from '@roster/store';
import { TokenVerifier } from '../src/auth/token-verifier.ts';

const PEPPER = 'p'.repeat(43);

function setup() {
  const issued = issueScimToken(PEPPER);
  const stored: StoredScimToken = {
    tokenId: issued.tokenId,
    accountId: 'acme',
    secretHash: issued.secretHash,
    revoked: false,
  };
  let lookups = 0;
  let now = 0;
  const verifier = new TokenVerifier(
    (id) => {
      lookups += 1;
      return Promise.resolve(id === stored.tokenId ? { ...stored } : null);
    },
    PEPPER,
    5_000,
    () => now,
  );
  return { issued, stored, verifier, lookups: () => lookups, advance: (ms: number) => (now += ms) };
}

describe('TokenVerifier', () => {
  it('accepts the issued token and names its account', async () => {
    const { issued, verifier } = setup();
    expect(await verifier.verify(issued.token)).toEqual({
      ok: true,
      accountId: 'acme',
      tokenId: issued.tokenId,
    });
  });

  it('rejects malformed, unknown and altered tokens', async () => {
    const { issued, verifier } = setup();
    expect(await verifier.verify('Bearer x')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifier.verify(issueScimToken(PEPPER).token)).toEqual({ ok: false, reason: 'unknown' });
    const altered = `${issued.token.slice(0, -2)}${issued.token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifier.verify(altered)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('answers from its cache within the TTL and asks the store again after it', async () => {
    const { issued, verifier, lookups, advance } = setup();
    await Promise.all([verifier.verify(issued.token), verifier.verify(issued.token)]);
    expect(lookups()).toBe(1);
    advance(4_999);
    await verifier.verify(issued.token);
    expect(lookups()).toBe(1);
    advance(2);
    await verifier.verify(issued.token);
    expect(lookups()).toBe(2);
  });

  it('does not accept a token hashed with another pepper', async () => {
    const { issued, stored } = setup();
    const other = new TokenVerifier(() => Promise.resolve(stored), 'q'.repeat(43), 0);
    expect(await other.verify(issued.token)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
