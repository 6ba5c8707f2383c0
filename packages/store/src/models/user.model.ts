import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One SCIM User as stored: the app's user management table.
 *
 * Values are kept exactly as the client sent them (RFC 7643 §2 / Entra: "return values
 * unchanged"), in storage encoding (see storage-keys.ts). Extensions live under fixed slot
 * names because their URNs contain dots, which FerretDB does not accept as keys.
 */
export interface UserDocument {
  _id: string;
  accountId: string;
  /** userName lower-cased: the key of its user_name_claims entry (no collation on FerretDB). */
  userNameKey: string;
  core: Record<string, unknown>;
  ext: Record<string, Record<string, unknown>>;
  meta: { created: Date; lastModified: Date; version: number };
  /** The job that last wrote this document: lets a retried job recognise its own write. */
  lastJobId: string;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    userNameKey: { type: String, required: true },
    core: { type: Schema.Types.Mixed, required: true },
    ext: { type: Schema.Types.Mixed, default: {} },
    meta: {
      created: { type: Date, required: true },
      lastModified: { type: Date, required: true },
      version: { type: Number, required: true },
    },
    lastJobId: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false, autoIndex: false, autoCreate: false },
);

// Point lookups (by id, by userName through user_name_claims) use `_id` only; see
// user-name-claim.model.ts for why. These indexes serve scans on MongoDB:
// listing an account's users in id order (`GET /Users?startIndex=…&count=…`) ...
userSchema.index({ accountId: 1, _id: 1 });
// ... and `filter=externalId eq "…"`, Entra's alternative matching attribute.
userSchema.index({ accountId: 1, 'core.externalId': 1 });

export const userModel = (connection: Connection): Model<UserDocument> =>
  connection.model<UserDocument>('User', userSchema, 'users');
