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
import type { StoreCapabilities } from '../store-capabilities.ts';

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
 * inserted documents), so a retried job repairs any half-applied change.
 *
 * Each membership has a reverse entry (member_of) for the member's groups. While a change is
 * in flight the two may disagree, and they disagree only one way: a reverse entry never names
 * a group that does not hold the member. Adding writes the membership first and the reverse
 * entry second; removing deletes the reverse entry first. A reader that trusted a reverse entry
 * naming a group the member had left would tell Entra (`members[value eq …]`) that the member
 * is still there, and Entra would never add it again; a missing entry at worst makes Entra add
 * a member that is already there, which is harmless.
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
    await writeInChunks(this.memberOf, memberIds, (memberId) => ({
      deleteOne: { filter: { _id: memberOfKey(accountId, memberId, groupId) } },
    }));
    await writeInChunks(this.memberships, memberIds, (memberId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
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
   * Removes every member (group deleted, or `replace members`); O(members), deletes by `_id`
   * only. Reads a page of members, closes the read, deletes their reverse entries and their
   * memberships (one command each), pauses, and repeats: never a cursor open across a write,
   * and other accounts' writes get the store between pages.
   */
  async removeAll(accountId: string, groupId: string): Promise<void> {
    const byIdSet = (await this.capabilities()).idSetsIndexed;
    for (;;) {
      // Always the first page: the previous one is deleted by now.
      const page = await this.memberPage(accountId, groupId, MEMBER_PAGE_SIZE);
      const started = performance.now();
      const reverse = page.map((doc) => memberOfKey(accountId, doc.memberId, groupId));
      await deleteByKeys(this.memberOf, reverse, byIdSet);
      const keys = page.map((doc) => membershipKey(accountId, groupId, doc.memberId));
      await deleteByKeys(this.memberships, keys, byIdSet);
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

  /** The groups `memberId` belongs to: one `_id` range read of its reverse entries. */
  async groupsOf(accountId: string, memberId: string): Promise<string[]> {
    const docs = await this.memberOf
      .find({ _id: idPrefix(memberOfPrefix(accountId, memberId)), accountId })
      .select({ _id: 0, groupId: 1 })
      .lean<Pick<MemberOfDocument, 'groupId'>[]>()
      .exec();
    return docs.map((doc) => doc.groupId);
  }

  /** Whether the group holds the member: one `_id` lookup, whatever the group's size. */
  async holds(accountId: string, groupId: string, memberId: string): Promise<boolean> {
    return (
      (await this.memberships.exists({ _id: membershipKey(accountId, groupId, memberId) }).exec()) !== null
    );
  }

  /** Takes a deleted member out of every group it was in (reverse entries first, see above). */
  async removeMemberEverywhere(accountId: string, memberId: string): Promise<string[]> {
    const groupIds = await this.groupsOf(accountId, memberId);
    await writeInChunks(this.memberOf, groupIds, (groupId) => ({
      deleteOne: { filter: { _id: memberOfKey(accountId, memberId, groupId) } },
    }));
    await writeInChunks(this.memberships, groupIds, (groupId) => ({
      deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
    }));
    return groupIds;
  }
}

/** Deletes documents by key: one `deleteMany` of an `_id` set per 50 keys where the store indexes sets. */
async function deleteByKeys<D>(model: Model<D>, keys: readonly string[], byIdSet: boolean): Promise<void> {
  if (keys.length === 0) return;
  if (!byIdSet) {
    await writeInChunks(model, keys, (key) => ({ deleteOne: { filter: { _id: key } } }));
    return;
  }
  await model.bulkWrite(
    chunksOf(keys, DELETES_PER_STATEMENT).map((chunk) => ({
      deleteMany: { filter: { _id: { $in: chunk } } },
    })),
    { ordered: false },
  );
}
