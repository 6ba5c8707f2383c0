import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * A unique name per account (a user's userName, a group's displayName), kept by Roster
 * itself: one document per (account, lower-cased name) whose `_id` is the key, pointing at
 * the resource that holds it.
 *
 * Why not a unique compound index on the resources: FerretDB v1 (SQLite) answers only a
 * filter that is exactly `{_id: …}` from an index and scans the collection for anything
 * else, so the lookups Entra makes on every sync (`userName eq "…"`, `displayName eq "…"`)
 * and the uniqueness checks must be `_id` lookups to stay O(1) as accounts grow. On MongoDB
 * this costs nothing extra.
 */
export interface NameClaimDocument {
  /** `<accountId>:<lower-cased name>` (account ids cannot contain `:`). */
  _id: string;
  accountId: string;
  /** The id of the user or group holding the name. */
  ownerId: string;
  claimedAt: Date;
}

const nameClaimSchema = collectionSchema<NameClaimDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  ownerId: { type: String, required: true },
  claimedAt: { type: Date, required: true },
});

export const nameClaimKey = (accountId: string, nameKey: string): string => `${accountId}:${nameKey}`;

/** Names are unique case-insensitively (RFC 7643 caseExact false); no collation on FerretDB. */
export const nameKeyOf = (name: string): string => name.toLowerCase();

export const nameClaimModel = (
  connection: Connection,
  modelName: string,
  collection: string,
): Model<NameClaimDocument> => connection.model<NameClaimDocument>(modelName, nameClaimSchema, collection);
