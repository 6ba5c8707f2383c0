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
import { isResourceId } from '../ids.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import { chunksOf, writeInChunks, yieldToOthers } from './chunked-bulk-write.ts';
import type { BatchingOptions } from './resource.repository.ts';
import type { StoreCapabilities } from '../store-capabilities.ts';

/** Keys per `deleteMany` statement when a whole group is emptied (one `_id` set each). */
const DELETES_PER_STATEMENT = 50;

/** Members deleted per round when a group is emptied. */
const MEMBER_PAGE_SIZE = 1_000;

/** The first characters of member ids (lowercase-hex UUIDs), in order. */
const HEX_DIGITS = '0123456789abcdef';

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
    const foreign = members.find((member) => !isResourceId(member.value));
    // Callers add only resources of the account; `members()` relies on their id shape.
    if (foreign !== undefined) throw new Error(`member id ${foreign.value} is not a resource id`);
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
   * Every member of the group, in member id order. Member ids are resource ids, lowercase-hex
   * UUIDs (`add` refuses anything else), so the group's keys fall in 16 key-prefix ranges, one
   * per first digit, in id order. Each range is one query, read to its end and sorted here: no
   * cursor stays open on the store however slowly the caller consumes the members (a client
   * streaming a large group), nothing asks the store to sort (FerretDB sorts in memory, ~0.6 s
   * for 20,000 documents), the whole group costs O(members), and a group of 100,000 members
   * is in memory a sixteenth at a time.
   */
  async *members(accountId: string, groupId: string): AsyncGenerator<Member> {
    const groupPrefix = groupMembershipsPrefix(accountId, groupId);
    for (const digit of HEX_DIGITS) {
      const range = await this.memberships
        .find({ _id: idPrefix(`${groupPrefix}${digit}`), accountId })
        .select({ _id: 0, memberId: 1, type: 1 })
        .lean<Pick<MembershipDocument, 'memberId' | 'type'>[]>()
        .exec();
      range.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
      for (const doc of range) yield { value: doc.memberId, type: doc.type };
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
      // Any page will do, so the store need not sort; the previous one is deleted by now.
      const page = await this.memberships
        .find({ _id: idPrefix(groupMembershipsPrefix(accountId, groupId)), accountId })
        .select({ _id: 0, memberId: 1 })
        .limit(MEMBER_PAGE_SIZE)
        .batchSize(MEMBER_PAGE_SIZE + 1)
        .lean<Pick<MembershipDocument, 'memberId'>[]>()
        .exec();
      const started = performance.now();
      const reverse = page.map((doc) => memberOfKey(accountId, doc.memberId, groupId));
      await deleteByKeys(this.memberOf, reverse, byIdSet);
      const keys = page.map((doc) => membershipKey(accountId, groupId, doc.memberId));
      await deleteByKeys(this.memberships, keys, byIdSet);
      if (page.length < MEMBER_PAGE_SIZE) return;
      await yieldToOthers(performance.now() - started);
    }
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
