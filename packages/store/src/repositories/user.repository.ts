import type { Model, QueryFilter } from 'mongoose';
import { ScimError } from '@roster/scim';
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

/** A translated SCIM filter; `matches` re-checks candidates when `exact` is false. */
export interface UserSearch {
  query: UserQuery;
  exact: boolean;
  matches: (user: UserRecord) => boolean;
}

export interface SearchResult {
  total: number;
  users: UserRecord[];
}

/** Bound on the candidates an inexact filter may re-check in memory. */
const MAX_RECHECKED_CANDIDATES = 5_000;

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

  /**
   * One page of the users matching `search`, and the total count (RFC 7644 §3.4.2.4).
   * Results are ordered by id, so pages are stable while the directory does not change.
   */
  async search(accountId: string, search: UserSearch, page: Page): Promise<SearchResult> {
    const filter = { ...search.query, accountId };
    if (!search.exact) return this.searchInMemory(filter, search, page);
    const docs =
      page.limit === 0
        ? []
        : await this.users.find(filter).sort({ _id: 1 }).skip(page.skip).limit(page.limit).lean<UserDocument[]>().exec();
    // A first page that is not full already tells the total: Entra's matching probes
    // (`userName eq "…"`) then cost one indexed query, not two.
    const pageTellsTotal = page.skip === 0 && docs.length < page.limit;
    const total = pageTellsTotal ? docs.length : await this.users.countDocuments(filter).exec();
    return { total, users: docs.map((doc) => decodeUser(doc, this.slots)) };
  }

  /** Inexact queries (see filter-to-mongo.ts) fetch a bounded candidate set and re-check each. */
  private async searchInMemory(filter: UserQuery, search: UserSearch, page: Page): Promise<SearchResult> {
    const docs = await this.users
      .find(filter)
      .sort({ _id: 1 })
      .limit(MAX_RECHECKED_CANDIDATES + 1)
      .lean<UserDocument[]>()
      .exec();
    if (docs.length > MAX_RECHECKED_CANDIDATES) {
      throw ScimError.badRequest('tooMany', 'The filter matches too many users to evaluate; add a more selective clause');
    }
    const matching = docs.map((doc) => decodeUser(doc, this.slots)).filter((user) => search.matches(user));
    return { total: matching.length, users: matching.slice(page.skip, page.skip + page.limit) };
  }

  /** @returns whether a user was deleted. */
  async delete(accountId: string, id: string): Promise<boolean> {
    const result = await this.users.deleteOne({ _id: id, accountId }).exec();
    return result.deletedCount === 1;
  }
}
