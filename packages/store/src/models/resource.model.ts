import { Schema, type Connection, type Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * One SCIM User or Group as stored: the app's user management table (and its groups).
 *
 * Values are kept exactly as the client sent them (RFC 7643 §2 / Entra: "return values
 * unchanged"), in storage encoding (see storage-keys.ts). Extensions live under fixed slot
 * names because their URNs contain dots, which FerretDB does not accept as keys. A Group's
 * members are not here: they live in `memberships` (see membership.model.ts).
 */
export interface ResourceDocument {
  _id: string;
  accountId: string;
  /**
   * The unique name lower-cased (userName of a User, displayName of a Group): the key of its
   * name claim (see name-claim.model.ts); there is no collation on FerretDB.
   */
  nameKey: string;
  core: Record<string, unknown>;
  ext: Record<string, Record<string, unknown>>;
  /**
   * The user management table's view: custom field values typed (numbers as numbers, dates
   * as dates, references as user ids) and the app's columns mapped from them. Raw values,
   * as the client sent them, stay in `ext.custom` for round-tripping.
   */
  fields: Record<string, unknown>;
  app: Record<string, unknown>;
  meta: { created: Date; lastModified: Date; version: number };
  /** The job that last wrote this document: lets a retried job recognise its own write. */
  lastJobId: string;
  /** Fingerprint of the create's payload: a repeated identical create is a client retry. */
  createdFrom?: string;
}

const resourceSchema = (): Schema<ResourceDocument> => {
  const schema = collectionSchema<ResourceDocument>(
    {
      _id: { type: String, required: true },
      accountId: { type: String, required: true },
      nameKey: { type: String, required: true },
      core: { type: Schema.Types.Mixed, required: true },
      ext: { type: Schema.Types.Mixed, default: {} },
      fields: { type: Schema.Types.Mixed, default: {} },
      app: { type: Schema.Types.Mixed, default: {} },
      meta: {
        created: { type: Date, required: true },
        lastModified: { type: Date, required: true },
        version: { type: Number, required: true },
      },
      lastJobId: { type: String, required: true },
      createdFrom: { type: String },
    },
    { minimize: false },
  );
  // Point lookups (by id; by name through the name claims) use `_id` only; see
  // name-claim.model.ts for why. This index serves listing an account's resources in id
  // order (`GET /Users?startIndex=…&count=…`) on MongoDB.
  schema.index({ accountId: 1, _id: 1 });
  return schema;
};

export const userModel = (connection: Connection): Model<ResourceDocument> => {
  const schema = resourceSchema();
  // Serves `filter=externalId eq "…"`, Entra's alternative matching attribute, on MongoDB.
  schema.index({ accountId: 1, 'core.externalId': 1 });
  return connection.model<ResourceDocument>('User', schema, 'users');
};

export const groupModel = (connection: Connection): Model<ResourceDocument> =>
  connection.model<ResourceDocument>('Group', resourceSchema(), 'groups');
