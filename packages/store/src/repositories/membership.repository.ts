import type { Model, mongo } from 'mongoose';
import {
  memberGroupsKey,
  membershipKey,
  type MemberGroupsDocument,
  type MembershipDocument,
} from '../models/membership.model.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import type { BatchingOptions } from './resource.repository.ts';

export interface Member {
  value: string;
  type: 'User' | 'Group';
}

/**
 * Group memberships: O(k) for k changed members whatever the group's size, every write an
 * idempotent single-document operation by `_id`. The membership document is written first
 * and the member's reverse entry second (removal: the other way round is not needed, both
 * are idempotent), so a retried job repairs any half-applied change.
 */
export class MembershipRepository {
  private readonly insert: (doc: MembershipDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly memberships: Model<MembershipDocument>,
    private readonly memberGroups: Model<MemberGroupsDocument>,
    batching: BatchingOptions,
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
    await this.memberGroups.bulkWrite(
      members.map((member) => ({
        updateOne: {
          filter: { _id: memberGroupsKey(accountId, member.value) },
          update: { $addToSet: { groupIds: groupId }, $setOnInsert: { accountId } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /** Removes members; one that is not a member is ignored. */
  async remove(accountId: string, groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    // One deleteOne per id in one command: an `_id` `$in` would scan the collection on FerretDB.
    await this.memberships.bulkWrite(
      memberIds.map((memberId) => ({
        deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
      })),
      { ordered: false },
    );
    await this.memberGroups.bulkWrite(
      memberIds.map((memberId) => ({
        updateOne: {
          filter: { _id: memberGroupsKey(accountId, memberId) },
          update: { $pull: { groupIds: groupId } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Every member of the group, streamed in batches: a group of 100,000 members is never in
   * memory at once. No sort: FerretDB would sort in memory; one pass needs no order.
   */
  async *members(accountId: string, groupId: string, batchSize = 1000): AsyncGenerator<Member> {
    const cursor = this.memberships
      .find({ accountId, groupId })
      .lean<MembershipDocument[]>()
      .cursor({ batchSize });
    for await (const doc of cursor as AsyncIterable<MembershipDocument>)
      yield { value: doc.memberId, type: doc.type };
  }

  /** Removes every member (group deleted, or `replace members`); O(members). */
  async removeAll(accountId: string, groupId: string): Promise<void> {
    let batch: string[] = [];
    for await (const member of this.members(accountId, groupId)) {
      batch.push(member.value);
      if (batch.length === 1000) {
        await this.remove(accountId, groupId, batch);
        batch = [];
      }
    }
    await this.remove(accountId, groupId, batch);
  }

  /** The groups `memberId` belongs to: one `_id` lookup. */
  async groupsOf(accountId: string, memberId: string): Promise<string[]> {
    const doc = await this.memberGroups
      .findById(memberGroupsKey(accountId, memberId))
      .lean<MemberGroupsDocument>()
      .exec();
    return doc?.groupIds ?? [];
  }

  /** Takes a deleted member out of every group it was in, then drops its reverse entry. */
  async removeMemberEverywhere(accountId: string, memberId: string): Promise<string[]> {
    const groupIds = await this.groupsOf(accountId, memberId);
    if (groupIds.length > 0) {
      await this.memberships.bulkWrite(
        groupIds.map((groupId) => ({
          deleteOne: { filter: { _id: membershipKey(accountId, groupId, memberId) } },
        })),
        { ordered: false },
      );
    }
    await this.memberGroups.deleteOne({ _id: memberGroupsKey(accountId, memberId) }).exec();
    return groupIds;
  }
}
