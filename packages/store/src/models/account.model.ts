import { Schema, type Connection, type Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';
import type { FieldDefinition } from '@roster/scim';

/**
 * An app column fed from SCIM data: the first JSONPath (jsonpath-plus) among `sources`
 * that yields a value wins, evaluated on `{ core, enterprise, fields }` of the user.
 */
export interface AppFieldMapping {
  target: string;
  sources: string[];
}

/** A tenant of the vendor's app. `_id` is the vendor's own account id. */
export interface AccountDocument {
  _id: string;
  name: string;
  createdAt: Date;
  /** The account's own user fields, sent under its custom extension URN. */
  fields: FieldDefinition[];
  mappings: AppFieldMapping[];
  /** Bumped on every change of fields or mappings, so caches can tell they are stale. */
  settingsVersion: number;
  /** While set, none of the account's SCIM tokens verifies; its data stays. */
  disabledAt: Date | null;
  /** How many admins are owners, never more than there are (admin.repository.ts). */
  ownerCount: number;
  /** The account's SCIM request rate, set by an operator; null: the deployment's default. */
  rateLimit: StoredRateLimit | null;
}

/** Requests per second an account may send (all ingress processes together), and its burst. */
export interface StoredRateLimit {
  perSecond: number;
  burst: number;
}

const accountSchema = collectionSchema<AccountDocument>({
  _id: { type: String, required: true },
  name: { type: String, required: true },
  createdAt: { type: Date, required: true },
  fields: { type: Schema.Types.Mixed, default: [] },
  mappings: { type: Schema.Types.Mixed, default: [] },
  settingsVersion: { type: Number, default: 0 },
  disabledAt: { type: Date, default: null },
  ownerCount: { type: Number, default: 0 },
  rateLimit: { type: Schema.Types.Mixed, default: null },
});

export const accountModel = (connection: Connection): Model<AccountDocument> =>
  connection.model<AccountDocument>('Account', accountSchema, 'accounts');
