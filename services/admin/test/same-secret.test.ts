import { describe, expect, it } from 'vitest';
import { csrfTokenFor, csrfTokenMatches, sameSecret } from '../src/auth/sessions.ts';

const SECRET = 'a'.repeat(43);

describe('sameSecret', () => {
  it('matches only the same string', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(SECRET, `${'a'.repeat(42)}b`)).toBe(false);
    expect(sameSecret(SECRET, 'a'.repeat(42))).toBe(false);
  });

  it('refuses non-strings and an empty secret', () => {
    expect(sameSecret(SECRET, undefined)).toBe(false);
    expect(sameSecret(SECRET, ['a'.repeat(43)])).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });

  it('refuses, without throwing, a value as long in characters but not in bytes', () => {
    // 43 characters, 44 bytes in UTF-8: a character-length check would let timingSafeEqual throw.
    const presented = `${'a'.repeat(42)}é`;
    expect(presented).toHaveLength(SECRET.length);
    expect(Buffer.byteLength(presented)).not.toBe(Buffer.byteLength(SECRET));
    expect(sameSecret(SECRET, presented)).toBe(false);
  });

  it('backs the session CSRF check', () => {
    const ctx = { pepper: 'pepper' };
    const token = csrfTokenFor(ctx, 'rss_cookie');
    expect(csrfTokenMatches(ctx, 'rss_cookie', token)).toBe(true);
    expect(csrfTokenMatches(ctx, 'rss_cookie', `${token.slice(0, -1)}é`)).toBe(false);
  });
});
