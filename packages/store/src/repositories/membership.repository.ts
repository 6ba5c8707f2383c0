import type { Model, mongo } from 'mongoose';
import {
  groupMembershipsPrefix,
  memberOfKey,
  memberOfPrefix,
  membershipKey,
  type MemberOfDocument,
  type MembershipDocument,
} from '../models/membership.model.ts';
import { idPrefix } from '../query/id-prefix.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import { chunksOf, writeInChunks, yieldToOthers } from './chunked-bulk-write.ts';
import type { BatchingOptions } from './resource.repository.ts';
import { MAX_ID_SET, type StoreCapabilities } from '../store-capabilities.ts';

/** Keys per `deleteMany` statement when a whole group is emptied (one `_id` set each). */
const DELETES_PER_STATEMENT = 50;

/** Members read per query when listing or removing a group's members. */
const MEMBER_PAGE_SIZE = 1_000;

export interface Member {
  value: string;
  type: 'User' | 'Group';
}

/**
 * Group memberships: O(k) for k changed members whatever the group's size, every write an
 * idempotent insert or delete by `_id` (no update statements: on FerretDB one costs about ten
 * inserted documents). The membership document is written first and the member's reverse
 * entry (member_of) second, so a retried job repairs any half-applied change.
 *
 * The membership documents are the truth; a member's reverse entries may name more groups
 * than it belongs to: removing *every* member of a group (group deleted, members replaced)
 * deletes only the membership documents and leaves the reverse entries, which would cost one
 * more delete per member, stale. Readers confirm the listed groups against the membership
 * documents (`groupsOf`); a stale entry goes when the member is removed from that group by
 * name or is deleted, and group ids are never reused.
 */
export class MembershipRepository {
  private readonly insertMembership: (doc: MembershipDocument) => Promise<InsertOutcome>;
  private readonly insertMemberOf: (doc: MemberOfDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly memberships: Model<MembershipDocument>,
    private readonly memberOf: Model<MemberOfDocument>,
    batching: BatchingOptions,
    private readonly capabilities: () => Promise<StoreCapabilities>,
  ) {
    this.insertMembership = batchedInserter(
      memberships.collection as unknown as mongo.Collection<MembershipDocument>,
      batching,
    );
    this.insertMemberOf = batchedInserter(
      memberOf.collection as unknown as mongo.Collection<MemberOfDocument>,
      batching,
    );
  }

  /** Adds members; one already there is left as it is. */
  async add(accountId: string, groupId: string, members: readonly Member[]): Promise<void> {
    if (members.length === 0) return;
    await Promise.all(
      members.map((member) =>
        this.insertMembership({
          _id: membershipKey(accountId, groupId, member.value),
          accountId,
          groupId,
          memberId: member.value,
          type: member.type,
        }),
      ),
    );
    await Promise.all(
      members.map((member) =>
        this.insertMemberOf({
          _id: memberOfKey(accountId, member.value, groupId),
          accountId,
          memberId: member.value,
          groupId,
        }),
      ),
    );
  }

  /** Removes members; one that is not a member is ignored. */
  async remove(accountId: string, groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await writeInChunks(this.memberships, memberIds, (memberId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
    }));
    await writeInChunks(this.memberOf, memberIds, (memberId) => ({
      deleteOne: { filter: { _id: memberOfKey(accountId, memberId, groupId) } },
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
   * Removes every member (group deleted, or `replace members`); O(members), deletes of
   * membership documents by `_id` and nothing else (reverse entries are left stale, see above).
   * Reads a page of keys, closes the read, deletes them in one command, pauses, and repeats:
   * never a cursor open across a write, and other accounts' writes get the store between pages.
   */
  async removeAll(accountId: string, groupId: string): Promise<void> {
    const byIdSet = (await this.capabilities()).idSetsIndexed;
    for (;;) {
      // Always the first page: the previous one is deleted by now.
      const page = await this.memberPage(accountId, groupId, MEMBER_PAGE_SIZE);
      const keys = page.map((doc) => membershipKey(accountId, groupId, doc.memberId));
      const started = performance.now();
      if (byIdSet)
        await this.memberships.bulkWrite(
          chunksOf(keys, DELETES_PER_STATEMENT).map((chunk) => ({
            deleteMany: { filter: { _id: { $in: chunk } } },
          })),
          { ordered: false },
        );
      else await writeInChunks(this.memberships, keys, (key) => ({ deleteOne: { filter: { _id: key } } }));
      if (page.length < MEMBER_PAGE_SIZE) return;
      await yieldToOthers(performance.now() - started);
    }
  }

  /**
   * One page of members after `after` (exclusive), read to its end in a single batch: the
   * `_id` range of the group's key prefix, which is member id order. (FerretDB narrows by the
   * prefix only and applies `after` to the group's rows: O(group) per page.)
   */
  private memberPage(
    accountId: string,
    groupId: string,
    limit: number,
    after?: string,
  ): Promise<Pick<MembershipDocument, 'memberId' | 'type'>[]> {
    const prefix = idPrefix(groupMembershipsPrefix(accountId, groupId));
    return this.memberships
      .find({
        _id: after === undefined ? prefix : { ...prefix, $gt: membershipKey(accountId, groupId, after) },
        accountId,
      })
      .select({ _id: 0, memberId: 1, type: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .batchSize(limit + 1)
      .lean<Pick<MembershipDocument, 'memberId' | 'type'>[]>()
      .exec();
  }

  /**
   * The groups `memberId` belongs to: its reverse entries, each named group confirmed by its
   * membership document; two queries (an `_id` range, an `_id` set) where the store indexes
   * `_id` sets, else 1 + g `_id` lookups for a member of g groups.
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

  /** The groups the member's reverse entries name: a superset of its groups. One range read. */
  private async listedGroupsOf(accountId: string, memberId: string): Promise<string[]> {
    const docs = await this.memberOf
      .find({ _id: idPrefix(memberOfPrefix(accountId, memberId)), accountId })
      .select({ _id: 0, groupId: 1 })
      .lean<Pick<MemberOfDocument, 'groupId'>[]>()
      .exec();
    return docs.map((doc) => doc.groupId);
  }

  /** Takes a deleted member out of every group it was in, then drops its reverse entries. */
  async removeMemberEverywhere(accountId: string, memberId: string): Promise<string[]> {
    const groupIds = await this.listedGroupsOf(accountId, memberId);
    await writeInChunks(this.memberships, groupIds, (groupId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
    }));
    await writeInChunks(this.memberOf, groupIds, (groupId) => ({
      deleteOne: { filter: { _id: memberOfKey(accountId, memberId, groupId) } },
    }));
    return groupIds;
  }
}
