import { hashSecret, issueSecret, parseSecret } from './keyed-secret.ts';

/** SCIM bearer tokens are `rst_<tokenId>_<secret>` (see keyed-secret.ts). */
const PREFIX = 'rst_';

export interface ParsedScimToken {
  tokenId: string;
  secret: string;
}

export interface IssuedScimToken extends ParsedScimToken {
  /** The clear token, shown to the admin once. */
  token: string;
  secretHash: string;
}

export const hashTokenSecret = hashSecret;

export function issueScimToken(pepper: string): IssuedScimToken {
  const issued = issueSecret(PREFIX, pepper);
  return { tokenId: issued.id, secret: issued.secret, token: issued.clear, secretHash: issued.secretHash };
}

export function parseScimToken(token: string): ParsedScimToken | null {
  const parsed = parseSecret(PREFIX, token);
  return parsed === null ? null : { tokenId: parsed.id, secret: parsed.secret };
}

export { secretMatches } from './keyed-secret.ts';
