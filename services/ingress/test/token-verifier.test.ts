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
    expiresAt: null as Date | null,
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

  it('refuses an expired token, and accepts it until then', async () => {
    const { issued, stored } = setup();
    let now = 1_000;
    const verifier = new TokenVerifier(
      () => Promise.resolve({ ...stored, expiresAt: new Date(2_000) }),
      PEPPER,
      0,
      () => now,
    );
    expect(await verifier.verify(issued.token)).toMatchObject({ ok: true });
    now = 2_000;
    expect(await verifier.verify(issued.token)).toEqual({ ok: false, reason: 'expired' });
  });

  it("records a token's use at most once a minute, off the request path", async () => {
    const { issued, stored } = setup();
    let now = 0;
    const recorded: number[] = [];
    const verifier = new TokenVerifier(
      () => Promise.resolve(stored),
      PEPPER,
      0,
      () => now,
      (_id, at) => {
        recorded.push(at.getTime());
        return Promise.reject(new Error('store down: ignored'));
      },
    );
    await verifier.verify(issued.token);
    now = 59_999;
    await verifier.verify(issued.token);
    now = 60_000;
    await verifier.verify(issued.token);
    expect(recorded).toEqual([0, 60_000]);
  });

  it('does not accept a token hashed with another pepper', async () => {
    const { issued, stored } = setup();
    const other = new TokenVerifier(() => Promise.resolve(stored), 'q'.repeat(43), 0);
    expect(await other.verify(issued.token)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
