import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The unique index of userNames, kept by Roster itself: one document per (account,
 * lower-cased userName) whose `_id` is the key, pointing at the user that owns it.
 *
 * Why not a unique compound index on users: FerretDB v1 (SQLite) answers only a filter that
 * is exactly `{_id: …}` from an index and scans the collection for anything else, so the
 * lookups Entra makes on every sync (`userName eq "…"`) and the uniqueness check must both be
 * `_id` lookups to stay O(1) as accounts grow. On MongoDB this costs nothing extra.
 */
export interface UserNameClaimDocument {
  /** `<accountId>:<lower-cased userName>` (account ids cannot contain `:`). */
  _id: string;
  accountId: string;
  userId: string;
  claimedAt: Date;
}

const userNameClaimSchema = new Schema<UserNameClaimDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    userId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', autoIndex: false, autoCreate: false },
);

export const userNameClaimKey = (accountId: string, userNameKey: string): string => `${accountId}:${userNameKey}`;

export const userNameClaimModel = (connection: Connection): Model<UserNameClaimDocument> =>
  connection.model<UserNameClaimDocument>('UserNameClaim', userNameClaimSchema, 'user_name_claims');
