import { Schema, type Connection, type Model } from 'mongoose';
import { boundQueries } from '../time-bounds.ts';

/**
 * One member of one group. `_id` is `<accountId>:<groupId>:<memberId>`, so adding a member is
 * an insert (a duplicate is "already a member"), removing one is a delete by `_id`, and
 * checking one is an `_id` lookup: O(1) on any store, whatever the group's size.
 */
export interface MembershipDocument {
  _id: string;
  accountId: string;
  groupId: string;
  memberId: string;
  /** RFC 7643 §4.2 `members.type`: "User" or "Group". */
  type: 'User' | 'Group';
}

const membershipSchema = boundQueries(
  new Schema<MembershipDocument>(
    {
      _id: { type: String, required: true },
      accountId: { type: String, required: true },
      groupId: { type: String, required: true },
      memberId: { type: String, required: true },
      type: { type: String, required: true },
    },
    { versionKey: false, strict: 'throw', autoIndex: false, autoCreate: false },
  ),
);
// Serves streaming a group's members (GET /Groups/{id}) in a stable order on MongoDB.
membershipSchema.index({ accountId: 1, groupId: 1, memberId: 1 });

export const membershipKey = (accountId: string, groupId: string, memberId: string): string =>
  `${accountId}:${groupId}:${memberId}`;

export const membershipModel = (connection: Connection): Model<MembershipDocument> =>
  connection.model<MembershipDocument>('Membership', membershipSchema, 'memberships');

/**
 * The reverse index: the groups one member belongs to, for the read-only `groups` attribute
 * of a User (RFC 7643 §4.1.2) and for removing a deleted user from its groups, both as one
 * `_id` lookup. Kept in step with memberships by the same idempotent writes.
 */
export interface MemberGroupsDocument {
  /** `<accountId>:<memberId>` */
  _id: string;
  accountId: string;
  groupIds: string[];
}

const memberGroupsSchema = boundQueries(
  new Schema<MemberGroupsDocument>(
    {
      _id: { type: String, required: true },
      accountId: { type: String, required: true },
      groupIds: { type: [String], default: [] },
    },
    { versionKey: false, strict: 'throw', autoIndex: false, autoCreate: false },
  ),
);

export const memberGroupsKey = (accountId: string, memberId: string): string => `${accountId}:${memberId}`;

export const memberGroupsModel = (connection: Connection): Model<MemberGroupsDocument> =>
  connection.model<MemberGroupsDocument>('MemberGroups', memberGroupsSchema, 'member_groups');
