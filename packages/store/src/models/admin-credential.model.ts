import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * What an admin presents: an API key (`rak_`, made with the CLI, for scripts), a console
 * session (`rss_`, in an HttpOnly cookie) or a one-time sign-in link (`rsl_`).
 */
export const CREDENTIAL_KINDS = { apiKey: 'rak_', session: 'rss_', signInLink: 'rsl_' } as const;
export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

/**
 * One admin credential. Only the keyed hash of its secret is stored (keyed-secret.ts); `_id`
 * is `<kind>:<public id>`, the id embedded in the clear credential, so verification is one
 * `_id` lookup.
 */
export interface AdminCredentialDocument {
  _id: string;
  kind: CredentialKind;
  /** The admin's `_id` (admin.model.ts). */
  adminKey: string;
  accountId: string | null;
  secretHash: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** Revoked key, signed-out session, or used sign-in link. */
  endedAt: Date | null;
  lastUsedAt: Date | null;
}

const adminCredentialSchema = collectionSchema<AdminCredentialDocument>({
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  adminKey: { type: String, required: true },
  accountId: { type: String, default: null },
  secretHash: { type: String, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, default: null },
  endedAt: { type: Date, default: null },
  lastUsedAt: { type: Date, default: null },
});

export const credentialKey = (kind: CredentialKind, id: string): string => `${kind}:${id}`;

export const adminCredentialModel = (connection: Connection): Model<AdminCredentialDocument> =>
  connection.model<AdminCredentialDocument>('AdminCredential', adminCredentialSchema, 'admin_credentials');
