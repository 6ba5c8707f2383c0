import type { Model, mongo, QueryFilter } from 'mongoose';
import { ScimError } from '@roster/scim';
import type { UserDocument } from '../models/user.model.ts';
import { userNameClaimKey, type UserNameClaimDocument } from '../models/user-name-claim.model.ts';
import type { UserAttributes, UserRecord } from '../user-record.ts';
import type { ExtensionSlots } from '../extension-slots.ts';
import { decodeUser, encodeUserAttributes, userNameKey } from '../user-codec.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';

/** A storage-level filter built by `query/` from a SCIM filter; never from raw client text. */
export type UserQuery = QueryFilter<UserDocument>;

/** A conjunct of the filter that names at most one user: answered by `_id` lookups. */
export type UserAnchor = { kind: 'id'; id: string } | { kind: 'userName'; userName: string };

/** A translated SCIM filter (see query/user-query.ts). */
export interface UserSearch {
  /** When set, the search is one or two `_id` lookups plus `matches` on the candidate. */
  anchor?: UserAnchor;
  query: UserQuery;
  /** False when `query` may match more than the filter: candidates are re-checked with `matches`. */
  exact: boolean;
  matches: (user: UserRecord) => boolean;
}

export interface SearchResult {
  total: number;
  users: UserRecord[];
}

export interface Page {
  skip: number;
  limit: number;
}

export type CreateUserOutcome = { kind: 'created'; user: UserRecord } | { kind: 'userNameTaken' };

export interface CreateUserInput {
  accountId: string;
  id: string;
  jobId: string;
  userName: string;
  attributes: UserAttributes;
}

/** How concurrent inserts are grouped into commands (see group-commit.ts). */
export interface BatchingOptions {
  maxBatch: number;
  maxInFlight: number;
}

/** Bound on the candidates an inexact filter may re-check in memory. */
const MAX_RECHECKED_CANDIDATES = 5_000;

/**
 * A claim whose owner no longer holds the userName can only be left by a write that failed
 * for good half-way; younger claims may belong to a create still in flight.
 */
const ABANDONED_CLAIM_AGE_MS = 60_000;

/**
 * Users of one account. Every method takes the account id first and checks it on every
 * document it returns or changes, so no caller can cross accounts by forgetting it.
 *
 * Point operations touch documents only by `_id` (FerretDB v1 uses an index for nothing
 * else) and never need a transaction: each write is a single-document atomic operation,
 * ordered so that a crash at any step leaves a state the retried job completes.
 */
export class UserRepository {
  private readonly insertUser: (doc: UserDocument) => Promise<InsertOutcome>;
  private readonly insertClaim: (doc: UserNameClaimDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly users: Model<UserDocument>,
    private readonly claims: Model<UserNameClaimDocument>,
    private readonly slots: ExtensionSlots,
    batching: BatchingOptions,
  ) {
    this.insertUser = batchedInserter(users.collection as unknown as mongo.Collection<UserDocument>, batching);
    this.insertClaim = batchedInserter(claims.collection as unknown as mongo.Collection<UserNameClaimDocument>, batching);
  }

  /**
   * Creates the user unless this id exists. Ingress fixes the id before enqueueing, so a
   * retried job finds its own earlier writes and completes them:
   * 1. claim the userName (insert; a claim already ours is a retry) — or answer 409;
   * 2. insert the user document (a duplicate id is our own earlier attempt: read it back).
   * Both inserts go through group commit, so concurrent creates share two commands.
   */
  async createIfAbsent(input: CreateUserInput): Promise<CreateUserOutcome> {
    const now = new Date();
    const key = userNameKey(input.userName);
    if (!(await this.claimUserName(input.accountId, key, input.id, now))) return { kind: 'userNameTaken' };
    const doc: UserDocument = {
      _id: input.id,
      accountId: input.accountId,
      userNameKey: key,
      ...encodeUserAttributes(input.attributes, this.slots),
      meta: { created: now, lastModified: now, version: 1 },
      lastJobId: input.jobId,
    };
    if ((await this.insertUser(doc)) === 'inserted') return { kind: 'created', user: decodeUser(doc, this.slots) };
    const existing = await this.findOwnDocument(input.accountId, input.id);
    if (existing === null) throw new Error(`user ${input.id} reported as duplicate but not found`);
    return { kind: 'created', user: decodeUser(existing, this.slots) };
  }

  async findById(accountId: string, id: string): Promise<UserRecord | null> {
    const doc = await this.findOwnDocument(accountId, id);
    return doc === null ? null : decodeUser(doc, this.slots);
  }

  /** The user holding `userName` (any letter case) in this account. Two `_id` lookups. */
  async findByUserName(accountId: string, userName: string): Promise<UserRecord | null> {
    const key = userNameKey(userName);
    const claim = await this.claims.findById(userNameClaimKey(accountId, key)).lean<UserNameClaimDocument>().exec();
    if (claim === null) return null;
    const doc = await this.findOwnDocument(accountId, claim.userId);
    // A claim can outlive its user for a moment (see delete): the document has the final word.
    return doc !== null && doc.userNameKey === key ? decodeUser(doc, this.slots) : null;
  }

  /**
   * One page of the users matching `search`, and the total count (RFC 7644 §3.4.2.4).
   * Results are ordered by id, so pages are stable while the directory does not change.
   */
  async search(accountId: string, search: UserSearch, page: Page): Promise<SearchResult> {
    if (search.anchor !== undefined) {
      const candidate =
        search.anchor.kind === 'id'
          ? await this.findById(accountId, search.anchor.id)
          : await this.findByUserName(accountId, search.anchor.userName);
      const users = candidate !== null && search.matches(candidate) ? [candidate] : [];
      return { total: users.length, users: users.slice(page.skip, page.skip + page.limit) };
    }
    const filter = { ...search.query, accountId };
    if (!search.exact) return this.searchInMemory(filter, search, page);
    const docs =
      page.limit === 0
        ? []
        : await this.users
            .find(filter)
            .sort({ _id: 1 })
            .skip(page.skip)
            .limit(page.limit)
            .lean<UserDocument[]>()
            .exec();
    // A first page that is not full already tells the total: no second query.
    const pageTellsTotal = page.skip === 0 && docs.length < page.limit;
    const total = pageTellsTotal ? docs.length : await this.users.countDocuments(filter).exec();
    return { total, users: docs.map((doc) => decodeUser(doc, this.slots)) };
  }

  /**
   * Deletes the user: releases the userName claim first, then removes the document, so a
   * crash in between leaves the user in place for the retried job to finish deleting.
   * @returns whether this call found the user.
   */
  async delete(accountId: string, id: string): Promise<boolean> {
    const doc = await this.findOwnDocument(accountId, id);
    if (doc === null) return false;
    await this.releaseUserName(accountId, doc.userNameKey, id);
    await this.users.deleteOne({ _id: id }).exec();
    return true;
  }

  private async findOwnDocument(accountId: string, id: string): Promise<UserDocument | null> {
    const doc = await this.users.findById(id).lean<UserDocument>().exec();
    return doc !== null && doc.accountId === accountId ? doc : null;
  }

  /** @returns whether `userId` now holds the claim (also when it already did: a retry). */
  private async claimUserName(accountId: string, key: string, userId: string, now: Date): Promise<boolean> {
    const _id = userNameClaimKey(accountId, key);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if ((await this.insertClaim({ _id, accountId, userId, claimedAt: now })) === 'inserted') return true;
      const claim = await this.claims.findById(_id).lean<UserNameClaimDocument>().exec();
      if (claim === null) continue; // released meanwhile: try again
      if (claim.userId === userId) return true;
      if (!(await this.isAbandoned(accountId, key, claim))) return false;
      // Conditional on the abandoned owner, so a claim taken meanwhile is never removed.
      // This filter is not an `_id`-only lookup, but the path only runs after a failed write.
      await this.claims.deleteOne({ _id, userId: claim.userId }).exec();
    }
    return false;
  }

  private async isAbandoned(accountId: string, key: string, claim: UserNameClaimDocument): Promise<boolean> {
    if (Date.now() - claim.claimedAt.getTime() < ABANDONED_CLAIM_AGE_MS) return false;
    const owner = await this.findOwnDocument(accountId, claim.userId);
    return owner === null || owner.userNameKey !== key;
  }

  private async releaseUserName(accountId: string, key: string, userId: string): Promise<void> {
    const _id = userNameClaimKey(accountId, key);
    const claim = await this.claims.findById(_id).lean<UserNameClaimDocument>().exec();
    if (claim?.userId === userId) await this.claims.deleteOne({ _id }).exec();
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
}
