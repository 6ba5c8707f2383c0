import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SCIM bearer tokens look like `rst_<tokenId>_<secret>`:
 * - `tokenId` (16 lower-case base32 chars) is public and is the lookup key, so no query
 *   ever depends on the secret;
 * - `secret` (43 base64url chars, 256 bits) is only ever stored as HMAC-SHA256 keyed by
 *   a server-side pepper, so a stolen database does not yield working tokens.
 */
const PREFIX = 'rst_';
const TOKEN_ID_LENGTH = 16;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^rst_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface ParsedScimToken {
  tokenId: string;
  secret: string;
}

export interface IssuedScimToken extends ParsedScimToken {
  /** The clear token, shown to the admin once. */
  token: string;
  secretHash: string;
}

export const hashTokenSecret = (pepper: string, secret: string): string =>
  createHmac('sha256', pepper).update(secret).digest('hex');

export function issueScimToken(pepper: string): IssuedScimToken {
  const idBytes = randomBytes(TOKEN_ID_LENGTH);
  const tokenId = Array.from(idBytes, (b) => BASE32[b % 32]).join('');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return {
    tokenId,
    secret,
    token: `${PREFIX}${tokenId}_${secret}`,
    secretHash: hashTokenSecret(pepper, secret),
  };
}

export function parseScimToken(token: string): ParsedScimToken | null {
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return null;
  const [, tokenId, secret] = match;
  return tokenId === undefined || secret === undefined ? null : { tokenId, secret };
}

/** Constant-time comparison of a presented secret against the stored hash. */
export function secretMatches(pepper: string, secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashTokenSecret(pepper, secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
