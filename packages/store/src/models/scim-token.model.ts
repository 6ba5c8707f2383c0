import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * A SCIM bearer token. Only the keyed hash of the secret is stored; the clear token is
 * shown once by the CLI/admin API. `_id` is the public token id embedded in the token.
 */
export interface ScimTokenDocument {
  _id: string;
  accountId: string;
  /** hex HMAC-SHA256(pepper, secret) */
  secretHash: string;
  createdAt: Date;
  /** Who generated it: an admin id, or `cli`. */
  createdBy: string;
  revokedAt: Date | null;
  /** After this the token no longer verifies; null: it does not expire. */
  expiresAt: Date | null;
  /** When a request last used it, recorded at most once a minute per ingress process. */
  lastUsedAt: Date | null;
}

const scimTokenSchema = collectionSchema<ScimTokenDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  secretHash: { type: String, required: true },
  createdAt: { type: Date, required: true },
  createdBy: { type: String, default: 'cli' },
  revokedAt: { type: Date, default: null },
  expiresAt: { type: Date, default: null },
  lastUsedAt: { type: Date, default: null },
});
// Serves "list/revoke tokens of an account" (admin); auth looks tokens up by _id.
scimTokenSchema.index({ accountId: 1, createdAt: 1 });

export const scimTokenModel = (connection: Connection): Model<ScimTokenDocument> =>
  connection.model<ScimTokenDocument>('ScimToken', scimTokenSchema, 'scim_tokens');
