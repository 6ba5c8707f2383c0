import type { Model, QueryFilter } from 'mongoose';
import { accountResourcesPrefix, resourceKey, type ResourceDocument } from '../models/resource.model.ts';
import { nameClaimKey, type NameClaimDocument } from '../models/name-claim.model.ts';
import { groupMembershipsPrefix, type MembershipDocument } from '../models/membership.model.ts';
import type { ExtensionSlots } from '../extension-slots.ts';
import { idPrefix } from '../query/id-prefix.ts';
import type { Member } from '../repositories/membership.repository.ts';
import type { Page, ResourceSearch } from '../repositories/resource.repository.ts';
import { MAX_ID_SET, type StoreCapabilities } from '../store-capabilities.ts';
import { isQueryTimeout } from '../time-bounds.ts';
import { EstimateCache, estimateFromMth, type RangeSize } from './range-estimate.ts';
import { decodeTableRecord, type TableRecord } from './table-record.ts';
import { chunksOf } from '../repositories/chunked-bulk-write.ts';

/** Group member counts a groups page reads at once (see memberCounts). */
const MEMBER_COUNTS_AT_ONCE = 8;

export type DirectoryKind = 'User' | 'Group';

/** Where one resource type lives: its documents, its name claims, its extension slots. */
export interface DirectoryStorage {
  resources: Model<ResourceDocument>;
  names: Model<NameClaimDocument>;
  slots: ExtensionSlots;
}

/** One name of an account, in name order: the lower-cased name and who holds it. */
export interface NameEntry {
  nameKey: string;
  ownerId: string;
}

/** What one scan read: the page, the match after it (if any), and the matches before it when known. */
interface ScanPage {
  records: TableRecord[];
  next?: TableRecord;
  matchesBefore?: number;
}

export type ScanResult =
  | { kind: 'page'; records: TableRecord[]; total: RangeSize }
  /** The scan met its time budget (or `maxCandidates`) before the page was full. */
  | { kind: 'tooSlow' };

/** Names counted exactly before the whole account's size is estimated instead. */
const EXACT_ACCOUNT_SIZE = 1_000;
/** Ids read to estimate an account's size: about ±4.5%. */
const SIZE_SAMPLE = 512;

/** Characters the FerretDB build narrows a key prefix by (id-filters-use-the-index.patch). */
const PLAIN_KEY = /^[A-Za-z0-9:_@.-]*/;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The admin's reads of an account's directory (the user management table, groups, members), for
 * accounts of any size on MongoDB and on FerretDB. Every read is one key-prefix range of the
 * account (or a group), read with a limit and, on Roster's FerretDB build, without a sort: the
 * range comes back in key order from the `_id` index (`idRangesReadInOrder`), where a sort would
 * read the whole range. Counts beyond a bound are estimated there (range-estimate.ts).
 * Filtered scans carry the caller's time budget as `maxTimeMS`.
 */
export class DirectoryRepository {
  private readonly estimates = new EstimateCache();

  constructor(
    private readonly storage: Readonly<Record<DirectoryKind, DirectoryStorage>>,
    private readonly memberships: Model<MembershipDocument>,
    private readonly capabilities: () => Promise<StoreCapabilities>,
  ) {}

  async get(kind: DirectoryKind, accountId: string, id: string): Promise<TableRecord | null> {
    const { resources, slots } = this.storage[kind];
    const doc = await resources.findById(resourceKey(accountId, id)).lean<ResourceDocument>().exec();
    return doc !== null && doc.accountId === accountId ? decodeTableRecord(doc, slots) : null;
  }

  /** The records of `ids` that exist in this account, in the order of `ids`. */
  async byIds(kind: DirectoryKind, accountId: string, ids: readonly string[]): Promise<TableRecord[]> {
    const { resources, slots } = this.storage[kind];
    const found = new Map<string, TableRecord>();
    if ((await this.capabilities()).idSetsIndexed) {
      for (let start = 0; start < ids.length; start += MAX_ID_SET) {
        const keys = ids.slice(start, start + MAX_ID_SET).map((id) => resourceKey(accountId, id));
        const docs = await resources
          .find({ _id: { $in: keys }, accountId })
          .lean<ResourceDocument[]>()
          .exec();
        for (const doc of docs) found.set(doc.rid, decodeTableRecord(doc, slots));
      }
    } else {
      const records = await Promise.all(ids.map((id) => this.get(kind, accountId, id)));
      for (const record of records) if (record !== null) found.set(record.id, record);
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /**
   * Names starting with `prefix` (lower-cased, as name keys are), in name order. The store
   * narrows by the prefix's leading run of plain characters; the rest is matched on the keys.
   */
  async names(kind: DirectoryKind, accountId: string, prefix: string, page: Page): Promise<NameEntry[]> {
    if (page.limit === 0) return [];
    const query = this.storage[kind].names
      .find(this.namesFilter(accountId, prefix))
      .select({ _id: 1, ownerId: 1 })
      .skip(page.skip)
      .limit(page.limit);
    const claims = await inKeyOrder(query, await this.capabilities())
      .lean<Pick<NameClaimDocument, '_id' | 'ownerId'>[]>()
      .exec();
    const start = `${accountId}:`.length;
    return claims.map((claim) => ({ nameKey: claim._id.slice(start), ownerId: claim.ownerId }));
  }

  /** How many names start with `prefix`, counted up to `upTo` on stores that read what they count. */
  async countNames(kind: DirectoryKind, accountId: string, prefix: string, upTo: number): Promise<RangeSize> {
    const filter = this.namesFilter(accountId, prefix);
    const model = this.storage[kind].names;
    if ((await this.capabilities()).indexedCounts)
      return { count: await model.countDocuments(filter).exec(), kind: 'exact' };
    const count = await model.countDocuments(filter).limit(upTo).exec();
    return { count, kind: count < upTo ? 'exact' : 'atLeast' };
  }

  /**
   * The number of Users (or Groups) of the account: exact up to EXACT_ACCOUNT_SIZE, else
   * estimated (and the estimate kept for a minute, see EstimateCache).
   */
  async size(kind: DirectoryKind, accountId: string): Promise<RangeSize> {
    const key = `${kind}:${accountId}`;
    const known = this.estimates.get(key);
    if (known !== undefined) return known;
    const counted = await this.countNames(kind, accountId, '', EXACT_ACCOUNT_SIZE);
    if (counted.kind === 'exact') return counted;
    return this.estimates.keep(key, await this.estimateSize(kind, accountId, counted));
  }

  private async estimateSize(kind: DirectoryKind, accountId: string, counted: RangeSize): Promise<RangeSize> {
    const query = this.storage[kind].resources
      .find(this.accountFilter(accountId))
      .select({ _id: 0, rid: 1 })
      .limit(SIZE_SAMPLE);
    const sample = await inKeyOrder(query, await this.capabilities())
      .lean<Pick<ResourceDocument, 'rid'>[]>()
      .exec();
    const last = sample.at(-1);
    if (sample.length < SIZE_SAMPLE || last === undefined) return { count: sample.length, kind: 'exact' };
    const estimate = estimateFromMth(SIZE_SAMPLE, last.rid);
    return { count: Math.max(estimate.count, counted.count), kind: estimate.kind };
  }

  /**
   * One page of the account's resources matching `search`, in id order, and how many match in
   * all (estimated past the page on FerretDB). The store filters an exact query itself; an
   * inexact one is re-checked here, over at most `maxCandidates` documents.
   */
  async scan(
    kind: DirectoryKind,
    accountId: string,
    search: Pick<ResourceSearch, 'query' | 'exact' | 'matches'>,
    page: Page,
    budget: { ms: number; maxCandidates: number },
  ): Promise<ScanResult> {
    const filter = { ...search.query, ...this.accountFilter(accountId) } as QueryFilter<ResourceDocument>;
    const caps = await this.capabilities();
    const { resources } = this.storage[kind];
    try {
      const found = search.exact
        ? await this.readFiltered(kind, filter, page, budget.ms, caps)
        : await this.readRechecked(kind, filter, search.matches, page, budget, caps);
      if (found === 'tooSlow') return { kind: 'tooSlow' };
      const { records, next, matchesBefore } = found;
      if (next === undefined && matchesBefore !== undefined)
        return { kind: 'page', records, total: { count: matchesBefore + records.length, kind: 'exact' } };
      if (next === undefined || (caps.indexedCounts && search.exact)) {
        // More than the page (counted where the index counts), or an empty page past the end:
        // fewer matches than `skip`, so counting stops there.
        const counting = resources.countDocuments(filter).maxTimeMS(budget.ms);
        const count = await (next === undefined ? counting.limit(page.skip) : counting).exec();
        return { kind: 'page', records, total: { count, kind: 'exact' } };
      }
      return { kind: 'page', records, total: estimateFromMth(page.skip + page.limit + 1, next.id) };
    } catch (error) {
      if (isQueryTimeout(error)) return { kind: 'tooSlow' };
      throw error;
    }
  }

  /** A page the store filters; `next` is the first match after it. */
  private async readFiltered(
    kind: DirectoryKind,
    filter: QueryFilter<ResourceDocument>,
    page: Page,
    ms: number,
    caps: StoreCapabilities,
  ): Promise<ScanPage> {
    const { resources, slots } = this.storage[kind];
    const query = resources
      .find(filter)
      .maxTimeMS(ms)
      .skip(page.skip)
      .limit(page.limit + 1);
    const docs = await inKeyOrder(query, caps).lean<ResourceDocument[]>().exec();
    const records = docs.map((doc) => decodeTableRecord(doc, slots));
    const next = records[page.limit];
    return {
      records: records.slice(0, page.limit),
      ...(next === undefined ? {} : { next }),
      // A non-empty page starts after exactly `skip` matches; an empty one may be past the end.
      ...(records.length > 0 || page.skip === 0 ? { matchesBefore: page.skip } : {}),
    };
  }

  /** A page of a query that may match more than the filter: candidates re-checked by `matches`. */
  private async readRechecked(
    kind: DirectoryKind,
    filter: QueryFilter<ResourceDocument>,
    matches: ResourceSearch['matches'],
    page: Page,
    budget: { ms: number; maxCandidates: number },
    caps: StoreCapabilities,
  ): Promise<ScanPage | 'tooSlow'> {
    const { resources, slots } = this.storage[kind];
    const deadline = performance.now() + budget.ms;
    const cursor = inKeyOrder(resources.find(filter).maxTimeMS(budget.ms), caps)
      .lean<ResourceDocument[]>()
      .batchSize(100)
      .cursor();
    const records: TableRecord[] = [];
    let read = 0;
    let skipped = 0;
    try {
      for await (const doc of cursor as AsyncIterable<ResourceDocument>) {
        read += 1;
        if (read > budget.maxCandidates || performance.now() > deadline) return 'tooSlow';
        const record = decodeTableRecord(doc, slots);
        if (!matches(record)) continue;
        if (skipped < page.skip) skipped += 1;
        else if (records.length < page.limit) records.push(record);
        else return { records, next: record, matchesBefore: skipped };
      }
    } finally {
      await cursor.close();
    }
    return { records, matchesBefore: skipped };
  }

  /** How many members the group has: exact up to `exactUpTo` (always on MongoDB), else estimated (and kept). */
  async memberCount(accountId: string, groupId: string, exactUpTo: number): Promise<RangeSize> {
    const filter = { _id: idPrefix(groupMembershipsPrefix(accountId, groupId)), accountId };
    const caps = await this.capabilities();
    if (caps.indexedCounts)
      return { count: await this.memberships.countDocuments(filter).exec(), kind: 'exact' };
    // Per bound: a count shown with one precision stays the same while it is paged through.
    const key = `members:${exactUpTo}:${accountId}:${groupId}`;
    const known = this.estimates.get(key);
    if (known !== undefined) return known;
    const query = this.memberships
      .find(filter)
      .select({ _id: 0, memberId: 1 })
      .limit(exactUpTo + 1);
    const keys = await inKeyOrder(query, caps).lean<Pick<MembershipDocument, 'memberId'>[]>().exec();
    const next = keys[exactUpTo];
    return next === undefined
      ? { count: keys.length, kind: 'exact' }
      : this.estimates.keep(key, estimateFromMth(exactUpTo + 1, next.memberId));
  }

  /**
   * The member counts of several groups (a page of the groups list), at most
   * MEMBER_COUNTS_AT_ONCE at a time: a page of 200 groups must not take the whole connection pool,
   * which the account's other reads share.
   */
  async memberCounts(
    accountId: string,
    groupIds: readonly string[],
    exactUpTo: number,
  ): Promise<RangeSize[]> {
    const counts: RangeSize[] = [];
    for (const chunk of chunksOf(groupIds, MEMBER_COUNTS_AT_ONCE))
      counts.push(...(await Promise.all(chunk.map((id) => this.memberCount(accountId, id, exactUpTo)))));
    return counts;
  }

  /** One page of the group's members, in member id order. */
  async members(accountId: string, groupId: string, page: Page): Promise<Member[]> {
    if (page.limit === 0) return [];
    const query = this.memberships
      .find({ _id: idPrefix(groupMembershipsPrefix(accountId, groupId)), accountId })
      .select({ _id: 0, memberId: 1, type: 1 })
      .skip(page.skip)
      .limit(page.limit);
    const docs = await inKeyOrder(query, await this.capabilities())
      .lean<Pick<MembershipDocument, 'memberId' | 'type'>[]>()
      .exec();
    return docs.map((doc) => ({ value: doc.memberId, type: doc.type }));
  }

  /** The account's key range (and its id, checked on every document). */
  private accountFilter(accountId: string): { _id: { $gte: string; $lt: string }; accountId: string } {
    return { _id: idPrefix(accountResourcesPrefix(accountId)), accountId };
  }

  private namesFilter(accountId: string, prefix: string): QueryFilter<NameClaimDocument> {
    const wanted = nameClaimKey(accountId, prefix);
    // Account ids are plain, so the run holds at least `<accountId>:`.
    const plain = PLAIN_KEY.exec(wanted)?.[0] ?? `${accountId}:`;
    const range = idPrefix(plain);
    // Beside the range the store narrows by, the full prefix is matched on the key itself.
    const rest = plain === wanted ? {} : { $regex: `^${escapeRegex(wanted)}` };
    return { _id: { ...range, ...rest }, accountId };
  }
}

/**
 * Asks for key order where the store sorts by `_id` from the index; Roster's FerretDB build reads
 * a range in key order unasked. (Not async: a mongoose query is thenable and would run.)
 */
const inKeyOrder = <Q extends { sort(order: Record<string, 1>): Q }>(query: Q, caps: StoreCapabilities): Q =>
  caps.idRangesReadInOrder ? query : query.sort({ _id: 1 });
