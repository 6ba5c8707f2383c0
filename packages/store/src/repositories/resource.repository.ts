import { createHash } from 'node:crypto';
import type { Model, QueryFilter, mongo } from 'mongoose';
import { accountResourcesPrefix, resourceKey, type ResourceDocument } from '../models/resource.model.ts';
import { idPrefix } from '../query/id-prefix.ts';
import { nameKeyOf, type NameClaimDocument } from '../models/name-claim.model.ts';
import type { ResourceAttributes, ResourceRecord } from '../resource-record.ts';
import type { ExtensionSlots } from '../extension-slots.ts';
import { decodeResource, encodeAttributes } from '../resource-codec.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import { NameClaims, needsFencing } from './name-claims.ts';
import type { ResourceKind } from '../resource-kinds.ts';
import { searchByMembers, type MembershipLookup } from './member-search.ts';
import { StaleWriteError } from './stale-write.ts';
import { MAX_ID_SET, type StoreCapabilities } from '../store-capabilities.ts';

/** A storage-level filter built by `query/` from a SCIM filter; never from raw client text. */
export type ResourceQuery = QueryFilter<ResourceDocument>;

/** A conjunct of the filter that names at most one resource: answered by `_id` lookups. */
export type ResourceAnchor = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** A translated SCIM filter (see query/resource-search.ts). */
export interface ResourceSearch {
  /** When set, the search is one or two `_id` lookups plus `matches` on the candidate. */
  anchor?: ResourceAnchor;
  query: ResourceQuery;
  /** False when `query` may match more than the filter: candidates are re-checked with `matches`. */
  exact: boolean;
  matches: (resource: ResourceRecord) => boolean;
  /**
   * Groups only: ids the group must hold as members (`members[value eq "…"]`), answered by
   * `_id` lookups on the memberships, never by reading a member list (member-search.ts).
   */
  memberIds?: readonly string[];
}

/**
 * One page of a search, or `tooMany`: the filter or sort needs more candidates checked in
 * memory than MAX_RECHECKED_CANDIDATES (the caller tells the client to narrow it).
 */
export type SearchResult =
  { kind: 'page'; total: number; resources: ResourceRecord[] } | { kind: 'tooMany'; limit: number };

export interface Page {
  skip: number;
  limit: number;
}

/** How concurrent inserts are grouped into commands (see group-commit.ts). */
export interface BatchingOptions {
  maxBatch: number;
  maxInFlight: number;
}

/** When the name is taken, who holds it (if known) and whether it looks like a client retry. */
export interface NameHolder {
  id: string;
  /** Created within CREATE_REPLAY_WINDOW_MS from an identical payload and not changed since. */
  fromSameRequest: boolean;
}

export type CreateOutcome =
  { kind: 'created'; resource: ResourceRecord } | { kind: 'nameTaken'; holder?: NameHolder };

/**
 * The stored state a write read and builds on. The write that follows is guarded by it (it
 * applies only while the resource is still at this version) and does not read it again.
 */
export interface WriteBasis {
  readonly document: ResourceDocument;
}

/** The resource a write is about, read under the write's `If-Match` precondition. */
export type WriteTarget =
  | { kind: 'found'; resource: ResourceRecord; basis: WriteBasis }
  | { kind: 'notFound' }
  | { kind: 'versionMismatch'; current: number };

export type ReplaceOutcome =
  | { kind: 'replaced'; resource: ResourceRecord }
  | { kind: 'notFound' }
  | { kind: 'nameTaken' }
  | { kind: 'versionMismatch'; current: number };

export interface WriteInput {
  accountId: string;
  id: string;
  jobId: string;
  attributes: ResourceAttributes;
}

/** A replace (PUT, or PATCH applied in memory), optionally on the state the caller already read. */
export interface ReplaceInput extends WriteInput {
  ifVersion?: number | undefined;
  basis?: WriteBasis | undefined;
}

/**
 * How long after a create an identical one is reported as "most likely your earlier attempt"
 * in its 409: long enough for a client that got a timeout or 503 for a write that was in fact
 * applied, and retries it. RFC 7644 §3.3 still wants the 409; the detail tells the truth.
 */
export const CREATE_REPLAY_WINDOW_MS = 10 * 60_000;

/** Bound on the candidates an inexact filter may re-check in memory. */
const MAX_RECHECKED_CANDIDATES = 5_000;

/**
 * Users or Groups of one account. Every method takes the account id first and checks it on
 * every document it returns or changes, so no caller can cross accounts by forgetting it.
 *
 * Point operations touch documents only by `_id` (FerretDB v1 uses an index for nothing
 * else) and never need a transaction: each write is a single-document atomic operation,
 * ordered so that a crash at any step leaves a state the retried job completes. Writes that
 * read before they write (replace, touch, delete) expect the caller to hold the resource's
 * lock (the worker's ResourceLock), so they do not interleave for one resource; and each
 * such write applies only at the version it read (`{_id, "meta.version"}`), so a holder that
 * stalled past its lock's expiry cannot overwrite a newer write (StaleWriteError).
 */
export class ResourceRepository {
  private readonly insert: (doc: ResourceDocument) => Promise<InsertOutcome>;
  readonly names: NameClaims;

  constructor(
    private readonly model: Model<ResourceDocument>,
    claims: Model<NameClaimDocument>,
    private readonly kind: ResourceKind,
    private readonly slots: ExtensionSlots,
    batching: BatchingOptions,
    private readonly capabilities: () => Promise<StoreCapabilities>,
    /** Groups only: where membership conditions of a search are answered. */
    private readonly memberships?: MembershipLookup,
  ) {
    this.insert = batchedInserter(
      model.collection as unknown as mongo.Collection<ResourceDocument>,
      batching,
    );
    this.names = new NameClaims(
      claims,
      async (accountId, ownerId, key) => (await this.findOwnDocument(accountId, ownerId))?.nameKey === key,
      batching,
    );
  }

  /**
   * Creates the resource unless this id exists. Ingress fixes the id before enqueueing, so
   * a retried job finds its own earlier writes and completes them:
   * 1. claim the name (a claim already ours is a retry) — or answer nameTaken, after removing
   *    a document an earlier attempt of this job stored without keeping the claim;
   * 2. insert the document (a duplicate id is our own earlier attempt: read it back);
   * 3. when our claim is old enough that another writer could have taken it over meanwhile
   *    (only on retries after long outages), confirm we still hold it, else undo step 2.
   * Both inserts go through group commit, so concurrent creates share two commands.
   */
  async create(input: WriteInput): Promise<CreateOutcome> {
    const now = new Date();
    const key = this.nameKeyIn(input.attributes);
    const createdFrom = fingerprintOf(input.attributes);
    const claimedAt = await this.names.claim(input.accountId, key, input.id);
    if (claimedAt === null) {
      await this.removeUnclaimed(input.accountId, input.id, key);
      return { kind: 'nameTaken', ...(await this.holderOf(input.accountId, key, createdFrom)) };
    }
    const doc: ResourceDocument = {
      _id: resourceKey(input.accountId, input.id),
      rid: input.id,
      accountId: input.accountId,
      nameKey: key,
      ...encodeAttributes(input.accountId, input.attributes, this.slots),
      meta: { created: now, lastModified: now, version: 1 },
      lastJobId: input.jobId,
      createdFrom,
    };
    const stored =
      (await this.insert(doc)) === 'inserted' ? doc : await this.findOwnDocument(input.accountId, input.id);
    if (stored === null) throw new Error(`resource ${input.id} reported as duplicate but not found`);
    if (needsFencing(claimedAt) && (await this.names.ownerOf(input.accountId, key)) !== input.id) {
      await this.removeUnclaimed(input.accountId, input.id, key);
      return { kind: 'nameTaken' };
    }
    return { kind: 'created', resource: decodeResource(stored, this.slots) };
  }

  /** Our document carrying a name whose claim another owner holds: an earlier attempt's leftover. */
  private async removeUnclaimed(accountId: string, id: string, key: string): Promise<void> {
    const leftover = await this.findOwnDocument(accountId, id);
    if (leftover !== null && leftover.nameKey === key && leftover.meta.version === 1)
      await this.model.deleteOne({ _id: leftover._id }).exec();
  }

  /** Who holds the name (nothing when its holder is not stored yet: a create in flight). */
  private async holderOf(
    accountId: string,
    key: string,
    createdFrom: string,
  ): Promise<{ holder?: NameHolder }> {
    const ownerId = await this.names.ownerOf(accountId, key);
    const holder = ownerId === null ? null : await this.findOwnDocument(accountId, ownerId);
    if (holder === null || holder.nameKey !== key) return {};
    const fresh = Date.now() - holder.meta.created.getTime() < CREATE_REPLAY_WINDOW_MS;
    const fromSameRequest = holder.createdFrom === createdFrom && holder.meta.version === 1 && fresh;
    return { holder: { id: holder.rid, fromSameRequest } };
  }

  /**
   * Replaces every attribute (PUT, and PATCH after it was applied in memory). A new name is
   * claimed before the document changes and the old one released after. Caller holds the lock.
   */
  async replace(input: ReplaceInput): Promise<ReplaceOutcome> {
    const doc = input.basis?.document ?? (await this.findOwnDocument(input.accountId, input.id));
    if (doc === null) return { kind: 'notFound' };
    if (doc.lastJobId === input.jobId) return { kind: 'replaced', resource: decodeResource(doc, this.slots) };
    const mismatch = versionMismatchOf(doc, input.ifVersion);
    if (mismatch !== null) return mismatch;
    const key = this.nameKeyIn(input.attributes);
    if (key !== doc.nameKey && (await this.names.claim(input.accountId, key, input.id)) === null)
      return { kind: 'nameTaken' };
    const next: ResourceDocument = {
      ...doc,
      nameKey: key,
      ...encodeAttributes(input.accountId, input.attributes, this.slots),
      meta: { created: doc.meta.created, lastModified: new Date(), version: doc.meta.version + 1 },
      lastJobId: input.jobId,
    };
    await this.writeAtVersion(doc, () => this.model.replaceOne(this.atVersion(doc), next).exec());
    if (key !== doc.nameKey) await this.names.release(input.accountId, doc.nameKey, input.id);
    return { kind: 'replaced', resource: decodeResource(next, this.slots) };
  }

  /** Bumps version and lastModified (a Group whose members changed). Caller holds the lock. */
  async touch(
    accountId: string,
    id: string,
    jobId: string,
    basis?: WriteBasis,
  ): Promise<ResourceRecord | null> {
    const doc = basis?.document ?? (await this.findOwnDocument(accountId, id));
    if (doc === null) return null;
    if (doc.lastJobId === jobId) return decodeResource(doc, this.slots);
    const meta = { created: doc.meta.created, lastModified: new Date(), version: doc.meta.version + 1 };
    await this.writeAtVersion(doc, () =>
      this.model.updateOne(this.atVersion(doc), { $set: { meta, lastJobId: jobId } }).exec(),
    );
    return decodeResource({ ...doc, meta, lastJobId: jobId }, this.slots);
  }

  /** The filter of a write that applies only while the document is at the version read. */
  private atVersion(doc: ResourceDocument): QueryFilter<ResourceDocument> {
    return { _id: doc._id, 'meta.version': doc.meta.version };
  }

  /** Runs a write guarded by `atVersion`; nothing matched means a newer write got there first. */
  private async writeAtVersion(
    doc: ResourceDocument,
    write: () => Promise<{ matchedCount: number }>,
  ): Promise<void> {
    const { matchedCount } = await write();
    if (matchedCount !== 1) throw new StaleWriteError(doc.rid, doc.meta.version);
  }

  /**
   * The resource a write (PATCH, DELETE) is about, checked against the write's `If-Match`
   * version (RFC 7644 §3.14): the one place a precondition is decided. Caller holds the lock.
   */
  async findForWrite(accountId: string, id: string, ifVersion?: number): Promise<WriteTarget> {
    const doc = await this.findOwnDocument(accountId, id);
    if (doc === null) return { kind: 'notFound' };
    return (
      versionMismatchOf(doc, ifVersion) ?? {
        kind: 'found',
        resource: decodeResource(doc, this.slots),
        basis: { document: doc },
      }
    );
  }

  /** The one resource an anchored filter names: one or two `_id` lookups. */
  findByAnchor(accountId: string, anchor: ResourceAnchor): Promise<ResourceRecord | null> {
    return anchor.kind === 'id'
      ? this.findById(accountId, anchor.id)
      : this.findByName(accountId, anchor.name);
  }

  async findById(accountId: string, id: string): Promise<ResourceRecord | null> {
    const doc = await this.findOwnDocument(accountId, id);
    return doc === null ? null : decodeResource(doc, this.slots);
  }

  /** The resource holding `name` (any letter case) in this account. Two `_id` lookups. */
  async findByName(accountId: string, name: string): Promise<ResourceRecord | null> {
    const key = nameKeyOf(name);
    const ownerId = await this.names.ownerOf(accountId, key);
    if (ownerId === null) return null;
    const doc = await this.findOwnDocument(accountId, ownerId);
    // A claim can outlive its owner for a moment (see delete): the document has the final word.
    return doc !== null && doc.nameKey === key ? decodeResource(doc, this.slots) : null;
  }

  /**
   * One page of the resources matching `search`, and the total count (RFC 7644 §3.4.2.4).
   * Results are ordered by id, so pages are stable while the directory does not change.
   */
  async search(
    accountId: string,
    search: ResourceSearch,
    page: Page,
    /** `sortBy` (RFC 7644 §3.4.2.3): ordering in memory over the bounded candidate set. */
    order?: (a: ResourceRecord, b: ResourceRecord) => number,
  ): Promise<SearchResult> {
    const { memberIds } = search;
    if (memberIds !== undefined) {
      if (this.memberships === undefined) throw new Error(`${this.kind.name} has no members to search by`);
      const probe = { ...search, memberIds };
      return searchByMembers(this, this.memberships, accountId, probe, page, order, MAX_RECHECKED_CANDIDATES);
    }
    if (search.anchor !== undefined) {
      const candidate = await this.findByAnchor(accountId, search.anchor);
      const resources = candidate !== null && search.matches(candidate) ? [candidate] : [];
      return {
        kind: 'page',
        total: resources.length,
        resources: resources.slice(page.skip, page.skip + page.limit),
      };
    }
    // The account's key range: every query reads this account's documents only.
    const filter = { ...search.query, _id: idPrefix(accountResourcesPrefix(accountId)), accountId };
    if (!search.exact || order !== undefined) return this.searchInMemory(filter, search, page, order);
    const docs =
      page.limit === 0
        ? []
        : await this.model
            .find(filter)
            .sort({ _id: 1 })
            .skip(page.skip)
            .limit(page.limit)
            .lean<ResourceDocument[]>()
            .exec();
    // A first page that is not full already tells the total: no second query.
    const pageTellsTotal = page.skip === 0 && docs.length < page.limit;
    const total = pageTellsTotal ? docs.length : await this.model.countDocuments(filter).exec();
    return { kind: 'page', total, resources: docs.map((doc) => decodeResource(doc, this.slots)) };
  }

  /**
   * Deletes the resource: removes the document first, then releases its name claim. A crash
   * in between leaves a claim whose owner is gone, which blocks nobody for long (the next
   * writer takes it over, see name-claims.ts) and never a document without its claim, which
   * would let a second resource take the same name.
   * @returns whether this call found the resource.
   */
  async delete(accountId: string, id: string, basis?: WriteBasis): Promise<boolean> {
    const doc = basis?.document ?? (await this.findOwnDocument(accountId, id));
    if (doc === null) return false;
    const { deletedCount } = await this.model.deleteOne(this.atVersion(doc)).exec();
    // Nothing deleted and still there: a newer write won. Gone: deleted meanwhile, same end.
    if (deletedCount !== 1 && (await this.findOwnDocument(accountId, id)) !== null)
      throw new StaleWriteError(id, doc.meta.version);
    await this.names.release(accountId, doc.nameKey, id);
    return true;
  }

  /**
   * Resources whose custom field `fieldId` holds `id` (a Reference to a deleted user). An
   * indexed query on MongoDB when the field is indexed; on FerretDB v1 a read of this
   * account's resources (its key range), acceptable on this rare path (user deletion).
   */
  async referencing(accountId: string, fieldId: string, id: string): Promise<ResourceRecord[]> {
    const docs = await this.model
      .find({ _id: idPrefix(accountResourcesPrefix(accountId)), accountId, [`fields.${fieldId}`]: id })
      .lean<ResourceDocument[]>()
      .exec();
    return docs.map((doc) => decodeResource(doc, this.slots));
  }

  /**
   * An index serving filters on one custom field (`<urn>:<fieldId> eq "…"`) and the reverse
   * lookup of References. Keyed by field id, so accounts with the same field id share it.
   * MongoDB uses it; FerretDB v1 creates it but answers only `_id` lookups from an index.
   */
  async ensureFieldIndex(fieldId: string): Promise<void> {
    await this.model.collection.createIndex(
      { accountId: 1, [`ext.custom.${fieldId}`]: 1 },
      { name: `custom_${fieldId}` },
      undefined,
    );
    await this.model.collection.createIndex(
      { accountId: 1, [`fields.${fieldId}`]: 1 },
      { name: `typed_${fieldId}` },
      undefined,
    );
  }

  /**
   * Which of `ids` are resources of this account (for member references): one `_id` set
   * query per 1,000 ids where the store answers it from the index, else one lookup per id.
   */
  async existing(accountId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    if (!(await this.capabilities()).idSetsIndexed) {
      const found = await Promise.all(
        ids.map(async (id) => ((await this.findOwnDocument(accountId, id)) === null ? null : id)),
      );
      return new Set(found.filter((id): id is string => id !== null));
    }
    const existing = new Set<string>();
    for (let start = 0; start < ids.length; start += MAX_ID_SET) {
      const keys = ids.slice(start, start + MAX_ID_SET).map((id) => resourceKey(accountId, id));
      const docs = await this.model
        .find({ _id: { $in: keys }, accountId })
        .select({ _id: 0, rid: 1 })
        .lean<{ rid: string }[]>()
        .exec();
      for (const doc of docs) existing.add(doc.rid);
    }
    return existing;
  }

  private nameKeyIn(attributes: ResourceAttributes): string {
    const name = attributes.core[this.kind.nameAttribute];
    // Validation guarantees the required name; anything else is a programming error.
    if (typeof name !== 'string')
      throw new Error(`${this.kind.nameAttribute} missing from validated attributes`);
    return nameKeyOf(name);
  }

  private async findOwnDocument(accountId: string, id: string): Promise<ResourceDocument | null> {
    const doc = await this.model.findById(resourceKey(accountId, id)).lean<ResourceDocument>().exec();
    return doc !== null && doc.accountId === accountId ? doc : null;
  }

  /** Inexact queries (see filter-to-mongo.ts) fetch a bounded candidate set and re-check each. */
  private async searchInMemory(
    filter: ResourceQuery,
    search: ResourceSearch,
    page: Page,
    order?: (a: ResourceRecord, b: ResourceRecord) => number,
  ): Promise<SearchResult> {
    const docs = await this.model
      .find(filter)
      .sort({ _id: 1 })
      .limit(MAX_RECHECKED_CANDIDATES + 1)
      .lean<ResourceDocument[]>()
      .exec();
    if (docs.length > MAX_RECHECKED_CANDIDATES) return { kind: 'tooMany', limit: MAX_RECHECKED_CANDIDATES };
    const matching = docs
      .map((doc) => decodeResource(doc, this.slots))
      .filter((resource) => search.matches(resource));
    if (order !== undefined) matching.sort(order);
    return {
      kind: 'page',
      total: matching.length,
      resources: matching.slice(page.skip, page.skip + page.limit),
    };
  }
}

/** Identifies a create's payload (validated attributes), to recognise a client's retry. */
const fingerprintOf = (attributes: ResourceAttributes): string =>
  createHash('sha256').update(JSON.stringify(attributes)).digest('base64url');

/** A failed `If-Match` precondition, or null when there is none or it holds. */
const versionMismatchOf = (
  doc: ResourceDocument,
  ifVersion: number | undefined,
): { kind: 'versionMismatch'; current: number } | null =>
  ifVersion !== undefined && doc.meta.version !== ifVersion
    ? { kind: 'versionMismatch', current: doc.meta.version }
    : null;
