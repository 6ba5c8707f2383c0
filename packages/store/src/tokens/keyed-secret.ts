import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Every bearer secret Roster issues (SCIM tokens `rst_`, admin API keys `rak_`, console
 * sessions `rss_`, sign-in links `rsl_`) looks like `<prefix><id>_<secret>`:
 * - `id` (16 lower-case base32 chars) is public and is the lookup key, so no query ever
 *   depends on the secret;
 * - `secret` (43 base64url chars, 256 bits) is only ever stored as HMAC-SHA256 keyed by a
 *   server-side pepper, so a stolen database does not yield working credentials.
 */
const ID_LENGTH = 16;
const SECRET_BYTES = 32;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BODY_PATTERN = /^([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedSecret {
  id: string;
  secret: string;
}

export interface IssuedSecret extends ParsedSecret {
  /** The clear credential, shown once. */
  clear: string;
  secretHash: string;
}

export const hashSecret = (pepper: string, secret: string): string =>
  createHmac('sha256', pepper).update(secret).digest('hex');

export function newPublicId(): string {
  return Array.from(randomBytes(ID_LENGTH), (b) => BASE32[b % 32]).join('');
}

export function issueSecret(prefix: string, pepper: string): IssuedSecret {
  const id = newPublicId();
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { id, secret, clear: `${prefix}${id}_${secret}`, secretHash: hashSecret(pepper, secret) };
}

export function parseSecret(prefix: string, presented: string): ParsedSecret | null {
  if (!presented.startsWith(prefix)) return null;
  const match = BODY_PATTERN.exec(presented.slice(prefix.length));
  if (match === null) return null;
  const [, id, secret] = match;
  return id === undefined || secret === undefined ? null : { id, secret };
}

/** Constant-time comparison of a presented secret against the stored hash. */
export function secretMatches(pepper: string, secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(pepper, secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
