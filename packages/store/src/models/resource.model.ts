import { Schema, type Connection, type Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * One SCIM User or Group as stored: the app's user management table (and its groups).
 *
 * Values are kept exactly as the client sent them (RFC 7643 §2 / Entra: "return values
 * unchanged"), in storage encoding (see storage-keys.ts). Extensions live under fixed slot
 * names because their URNs contain dots, which FerretDB does not accept as keys. A Group's
 * members are not here: they live in `memberships` (see membership.model.ts).
 *
 * `_id` is `<accountId>:<id>` (`resourceKey`), so one account's resources are one `_id`
 * key-prefix range: a list or filter reads that account's documents only, on MongoDB and on
 * FerretDB, which uses an index for nothing but `_id` (docs/ferretdb.md §3). Account ids
 * never contain `:`.
 */
export interface ResourceDocument {
  /** `<accountId>:<rid>` */
  _id: string;
  /** The SCIM `id` (a UUID assigned by ingress). */
  rid: string;
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
      rid: { type: String, required: true },
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
  // Point lookups (by id; by name through the name claims) and an account's lists use `_id`
  // (its key-prefix range, in id order) on both stores; see name-claim.model.ts for why.
  return schema;
};

/** The `_id` of resource `id` of an account. */
export const resourceKey = (accountId: string, id: string): string => `${accountId}:${id}`;

/** The `_id` prefix shared by every resource of one account. */
export const accountResourcesPrefix = (accountId: string): string => `${accountId}:`;

export const userModel = (connection: Connection): Model<ResourceDocument> => {
  const schema = resourceSchema();
  // Serves `filter=externalId eq "…"`, Entra's alternative matching attribute, on MongoDB.
  schema.index({ accountId: 1, 'core.externalId': 1 });
  return connection.model<ResourceDocument>('User', schema, 'users');
};

export const groupModel = (connection: Connection): Model<ResourceDocument> =>
  connection.model<ResourceDocument>('Group', resourceSchema(), 'groups');
