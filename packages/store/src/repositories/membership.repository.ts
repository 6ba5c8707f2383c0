import type { Model, mongo } from 'mongoose';
import {
  memberGroupsKey,
  membershipKey,
  type MemberGroupsDocument,
  type MembershipDocument,
} from '../models/membership.model.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import { writeInChunks } from './chunked-bulk-write.ts';
import type { BatchingOptions } from './resource.repository.ts';
import { MAX_ID_SET, type StoreCapabilities } from '../store-capabilities.ts';

/** Members read per query when listing or removing a group's members. */
const MEMBER_PAGE_SIZE = 1_000;

export interface Member {
  value: string;
  type: 'User' | 'Group';
}

/**
 * Group memberships: O(k) for k changed members whatever the group's size, every write an
 * idempotent single-document operation by `_id`. The membership document is written first
 * and the member's reverse entry second, so a retried job repairs any half-applied change.
 *
 * The membership documents are the truth; a member's reverse entry (member_groups) may list
 * more groups than it belongs to: removing *every* member of a group (group deleted, members
 * replaced) deletes only the membership documents and leaves the reverse entries, which
 * would cost one more write per member, stale. Readers check each listed group against its
 * membership document (`groupsOf`); a stale entry goes when the member is removed from that
 * group by name or is deleted, so it costs one `_id` lookup per read until then.
 */
export class MembershipRepository {
  private readonly insert: (doc: MembershipDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly memberships: Model<MembershipDocument>,
    private readonly memberGroups: Model<MemberGroupsDocument>,
    batching: BatchingOptions,
    private readonly capabilities: () => Promise<StoreCapabilities>,
  ) {
    this.insert = batchedInserter(
      memberships.collection as unknown as mongo.Collection<MembershipDocument>,
      batching,
    );
  }

  /** Adds members; one already there is left as it is. */
  async add(accountId: string, groupId: string, members: readonly Member[]): Promise<void> {
    if (members.length === 0) return;
    await Promise.all(
      members.map((member) =>
        this.insert({
          _id: membershipKey(accountId, groupId, member.value),
          accountId,
          groupId,
          memberId: member.value,
          type: member.type,
        }),
      ),
    );
    await writeInChunks(this.memberGroups, members, (member) => ({
      updateOne: {
        filter: { _id: memberGroupsKey(accountId, member.value) },
        update: { $addToSet: { groupIds: groupId }, $setOnInsert: { accountId } },
        upsert: true,
      },
    }));
  }

  /** Removes members; one that is not a member is ignored. */
  async remove(accountId: string, groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    // One deleteOne per id: an `_id` `$in` would scan the collection on FerretDB.
    await writeInChunks(this.memberships, memberIds, (memberId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
    }));
    await writeInChunks(this.memberGroups, memberIds, (memberId) => ({
      updateOne: {
        filter: { _id: memberGroupsKey(accountId, memberId) },
        update: { $pull: { groupIds: groupId } },
      },
    }));
  }

  /**
   * Every member of the group, in member id order, read in pages of `pageSize`. Each page is
   * one query read to its end, so no cursor stays open on the store between pages, however
   * slowly the caller consumes them (a client streaming a large group) and whatever the
   * caller writes meanwhile; a group of 100,000 members is never in memory at once.
   */
  async *members(accountId: string, groupId: string, pageSize = MEMBER_PAGE_SIZE): AsyncGenerator<Member> {
    let after: string | undefined;
    for (;;) {
      const page = await this.memberPage(accountId, groupId, pageSize, after);
      for (const doc of page) yield { value: doc.memberId, type: doc.type };
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) return;
      after = last.memberId;
    }
  }

  /**
   * Removes every member (group deleted, or `replace members`); O(members), one delete by
   * `_id` per member and nothing else (reverse entries are left stale, see above). Reads a
   * page of ids, closes the read, deletes them, and repeats: never a cursor open across a
   * write, so it cannot hold the store whatever the group's size.
   */
  async removeAll(accountId: string, groupId: string): Promise<void> {
    for (;;) {
      // Always the first page: the previous one is deleted by now.
      const page = await this.memberPage(accountId, groupId, MEMBER_PAGE_SIZE);
      await writeInChunks(
        this.memberships,
        page,
        (doc) => ({ deleteOne: { filter: { _id: membershipKey(accountId, groupId, doc.memberId) } } }),
        { yieldToOthers: true },
      );
      if (page.length < MEMBER_PAGE_SIZE) return;
    }
  }

  /** One page of members after `after` (exclusive), read to its end in a single batch. */
  private memberPage(
    accountId: string,
    groupId: string,
    limit: number,
    after?: string,
  ): Promise<Pick<MembershipDocument, 'memberId' | 'type'>[]> {
    return this.memberships
      .find(after === undefined ? { accountId, groupId } : { accountId, groupId, memberId: { $gt: after } })
      .select({ _id: 0, memberId: 1, type: 1 })
      .sort({ memberId: 1 })
      .limit(limit)
      .batchSize(limit + 1)
      .lean<Pick<MembershipDocument, 'memberId' | 'type'>[]>()
      .exec();
  }

  /**
   * The groups `memberId` belongs to: its reverse entry, each listed group confirmed by its
   * membership document; two queries (one `_id` lookup, one `_id` set query) where the store
   * indexes `_id` sets, else 1 + g `_id` lookups for a member of g groups.
   */
  async groupsOf(accountId: string, memberId: string): Promise<string[]> {
    const listed = await this.listedGroupsOf(accountId, memberId);
    if (listed.length === 0) return [];
    if (listed.length > MAX_ID_SET || !(await this.capabilities()).idSetsIndexed) {
      const confirmed = await Promise.all(
        listed.map(async (groupId) => ((await this.holds(accountId, groupId, memberId)) ? groupId : null)),
      );
      return confirmed.filter((groupId): groupId is string => groupId !== null);
    }
    const held = await this.memberships
      .find({ _id: { $in: listed.map((groupId) => membershipKey(accountId, groupId, memberId)) } })
      .select({ _id: 0, groupId: 1 })
      .lean<Pick<MembershipDocument, 'groupId'>[]>()
      .exec();
    const heldIds = new Set(held.map((doc) => doc.groupId));
    return listed.filter((groupId) => heldIds.has(groupId));
  }

  /** Whether the group holds the member: one `_id` lookup, whatever the group's size. */
  async holds(accountId: string, groupId: string, memberId: string): Promise<boolean> {
    return (
      (await this.memberships.exists({ _id: membershipKey(accountId, groupId, memberId) }).exec()) !== null
    );
  }

  /** The groups the member's reverse entry lists: a superset of its groups. */
  private async listedGroupsOf(accountId: string, memberId: string): Promise<string[]> {
    const doc = await this.memberGroups
      .findById(memberGroupsKey(accountId, memberId))
      .lean<MemberGroupsDocument>()
      .exec();
    return doc?.groupIds ?? [];
  }

  /** Takes a deleted member out of every group it was in, then drops its reverse entry. */
  async removeMemberEverywhere(accountId: string, memberId: string): Promise<string[]> {
    const groupIds = await this.listedGroupsOf(accountId, memberId);
    await writeInChunks(this.memberships, groupIds, (groupId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
    }));
    await this.memberGroups.deleteOne({ _id: memberGroupsKey(accountId, memberId) }).exec();
    return groupIds;
  }
}
