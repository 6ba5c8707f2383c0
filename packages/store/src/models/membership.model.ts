import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * One member of one group. `_id` is `<accountId>:<groupId>:<memberId>`, so adding a member is
 * an insert (a duplicate is "already a member"), removing one is a delete by `_id`, checking
 * one is an `_id` lookup, and a group's members are the `_id` range of prefix
 * `<accountId>:<groupId>:`, in member id order: all served by the `_id` index on any store.
 * Ids never contain `:` (account ids by their pattern, resource ids are UUIDs), so a prefix
 * names exactly one group.
 */
export interface MembershipDocument {
  _id: string;
  accountId: string;
  groupId: string;
  memberId: string;
  /** RFC 7643 §4.2 `members.type`: "User" or "Group". */
  type: 'User' | 'Group';
}

const membershipSchema = collectionSchema<MembershipDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  groupId: { type: String, required: true },
  memberId: { type: String, required: true },
  type: { type: String, required: true },
});

export const membershipKey = (accountId: string, groupId: string, memberId: string): string =>
  `${accountId}:${groupId}:${memberId}`;

/** The `_id` prefix of every membership of one group. */
export const groupMembershipsPrefix = (accountId: string, groupId: string): string =>
  `${accountId}:${groupId}:`;

export const membershipModel = (connection: Connection): Model<MembershipDocument> =>
  connection.model<MembershipDocument>('Membership', membershipSchema, 'memberships');

/**
 * The reverse index: one document per (member, group), `_id` `<accountId>:<memberId>:<groupId>`,
 * so the groups of a member (the read-only `groups` attribute of a User, RFC 7643 §4.1.2, and
 * the groups to leave when a user is deleted) are the `_id` range of prefix
 * `<accountId>:<memberId>:`. Written like memberships, by insert and delete only: an update
 * statement costs FerretDB about ten times an inserted document.
 */
export interface MemberOfDocument {
  _id: string;
  accountId: string;
  memberId: string;
  groupId: string;
}

const memberOfSchema = collectionSchema<MemberOfDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  memberId: { type: String, required: true },
  groupId: { type: String, required: true },
});

export const memberOfKey = (accountId: string, memberId: string, groupId: string): string =>
  `${accountId}:${memberId}:${groupId}`;

/** The `_id` prefix of every group one member belongs to. */
export const memberOfPrefix = (accountId: string, memberId: string): string => `${accountId}:${memberId}:`;

export const memberOfModel = (connection: Connection): Model<MemberOfDocument> =>
  connection.model<MemberOfDocument>('MemberOf', memberOfSchema, 'member_of');
