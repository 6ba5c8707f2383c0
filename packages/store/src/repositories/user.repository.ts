import type { Model, QueryFilter } from 'mongoose';
import type { UserDocument } from '../models/user.model.ts';
import type { UserAttributes, UserRecord } from '../user-record.ts';
import type { ExtensionSlots } from '../extension-slots.ts';
import { decodeUser, encodeUserAttributes, userNameKey } from '../user-codec.ts';
import { isDuplicateKeyError } from './mongo-errors.ts';

/** A storage-level filter built by `user-query.ts` from a SCIM filter; never from raw client text. */
export type UserQuery = QueryFilter<UserDocument>;

export type CreateUserOutcome = { kind: 'created'; user: UserRecord } | { kind: 'userNameTaken' };

export interface CreateUserInput {
  accountId: string;
  id: string;
  jobId: string;
  userName: string;
  attributes: UserAttributes;
}

export interface Page {
  skip: number;
  limit: number;
}

/**
 * Users of one account. Every method takes the account id first and adds it to the query
 * itself, so no caller can read or write across accounts by forgetting it.
 */
export class UserRepository {
  constructor(
    private readonly users: Model<UserDocument>,
    private readonly slots: ExtensionSlots,
  ) {}

  /**
   * Inserts the user unless a document with this id exists. Ingress fixes the id before
   * enqueueing, so a retried job finds its own earlier insert and returns it: idempotent
   * without a read-then-write race. One round trip.
   */
  async createIfAbsent(input: CreateUserInput): Promise<CreateUserOutcome> {
    const now = new Date();
    try {
      const doc = await this.users
        .findOneAndUpdate(
          { _id: input.id, accountId: input.accountId },
          {
            $setOnInsert: {
              userNameKey: userNameKey(input.userName),
              ...encodeUserAttributes(input.attributes, this.slots),
              meta: { created: now, lastModified: now, version: 1 },
              lastJobId: input.jobId,
            },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<UserDocument>()
        .exec();
      return { kind: 'created', user: decodeUser(doc, this.slots) };
    } catch (error) {
      if (isDuplicateKeyError(error)) return { kind: 'userNameTaken' };
      throw error;
    }
  }

  async findById(accountId: string, id: string): Promise<UserRecord | null> {
    const doc = await this.users.findOne({ _id: id, accountId }).lean<UserDocument>().exec();
    return doc === null ? null : decodeUser(doc, this.slots);
  }

  async find(accountId: string, query: UserQuery, page: Page): Promise<UserRecord[]> {
    if (page.limit === 0) return [];
    const docs = await this.users
      .find({ ...query, accountId })
      .sort({ _id: 1 })
      .skip(page.skip)
      .limit(page.limit)
      .lean<UserDocument[]>()
      .exec();
    return docs.map((doc) => decodeUser(doc, this.slots));
  }

  async count(accountId: string, query: UserQuery): Promise<number> {
    return this.users.countDocuments({ ...query, accountId }).exec();
  }

  /** @returns whether a user was deleted. */
  async delete(accountId: string, id: string): Promise<boolean> {
    const result = await this.users.deleteOne({ _id: id, accountId }).exec();
    return result.deletedCount === 1;
  }
}
