import {
  compareForSort,
  formatAttributePath,
  ScimError,
  type AttributePath,
  type Filter,
  type SortOrder,
} from '@roster/scim';
import {
  resourceSearch,
  roughly,
  scimView,
  type NameEntry,
  type RangeSize,
  type ResourceKind,
  type ResourceSearch,
  type Store,
  type TableRecord,
} from '@roster/store';
import { isNameAttribute, namePrefixOf } from './directory-query.ts';

/**
 * Answers one page of the user (or group) table on an account of any size, on MongoDB and on
 * FerretDB, where only `_id` key ranges are indexed and counting or sorting reads every document
 * (~65 s to count 100,000 users). Each page picks the cheapest way the store can answer it:
 *
 * | request                                   | answered by                                     | order    |
 * |-------------------------------------------|-------------------------------------------------|----------|
 * | `id eq` / `<name> eq` (and more)          | one or two `_id` lookups                        | —        |
 * | nothing, or only `<name> sw "p"` (search) | the name keys in range, then the page by `_id`  | name     |
 * | a name prefix and more                    | the prefix's resources, checked here (≤ 2,000)  | name     |
 * | any other filter                          | the account's range filtered by the store       | id       |
 * | sortBy other than the name ascending      | at most SORTABLE_MAX candidates, sorted here    | sortBy   |
 *
 * A page that would need more than SCAN_BUDGET of reading is refused with 400 `tooMany` and
 * advice to narrow it, instead of holding the store. Totals beyond cheap bounds are estimates
 * or lower bounds (`RangeSize.kind`).
 */

/** Candidates sorted in memory for a `sortBy` the store cannot answer in order. */
export const SORTABLE_MAX = 500;
/** Resources of one name prefix checked here against the rest of a filter. */
const NAME_SCAN_MAX = 2_000;
/** Names of a prefix counted before the total is shown as "at least". */
const PREFIX_COUNT_CAP = 2_000;
/** Bound on one filtered page's reading. */
const SCAN_BUDGET = { ms: 1_000, maxCandidates: 5_000 };
/** Resources read per `_id` set while checking a name prefix's candidates. */
const BATCH = 200;

export interface ListingRequest {
  kind: ResourceKind;
  filter: Filter | undefined;
  sortBy?: AttributePath | undefined;
  sortOrder: SortOrder;
  skip: number;
  limit: number;
}

export interface Listing {
  records: TableRecord[];
  total: RangeSize;
  /** What the rows are ordered by: the name attribute, `id`, or the requested `sortBy`. */
  sortBy: string;
  sortOrder: SortOrder;
}

const tooSlow = (kind: ResourceKind): ScimError =>
  ScimError.badRequest(
    'tooMany',
    `This filter needs more than ${SCAN_BUDGET.ms} ms of reading on this account; narrow it, e.g. with a ${kind.nameAttribute} prefix in the search`,
  );

export async function listRecords(
  store: Store,
  accountId: string,
  request: ListingRequest,
): Promise<Listing> {
  const { kind, filter, sortBy } = request;
  const translated = resourceSearch(kind, filter);
  if (!translated.ok) throw translated.error;
  const search = translated.value;
  const lister = new Lister(store, accountId, request, search);
  if (search.memberIds !== undefined) return lister.byMembers();
  if (search.anchor !== undefined) return lister.anchored(search.anchor);
  const named = namePrefixOf(filter, kind);
  const prefix = named?.prefix ?? '';
  const nameOrder =
    sortBy === undefined || (isNameAttribute(sortBy, kind) && request.sortOrder === 'ascending');
  if (!nameOrder) return lister.sortedInMemory(prefix, sortBy);
  if (filter === undefined || named?.residual === false) return lister.namePage(prefix);
  if (named !== undefined) {
    const listed = await lister.checkedByName(prefix);
    if (listed !== undefined) return listed;
  }
  // An explicit sortBy is kept or refused, never dropped for id order.
  return sortBy === undefined ? lister.idScan() : lister.sortedInMemory(prefix, sortBy);
}

/** The strategies of `listRecords`, over one request. */
class Lister {
  private readonly kindName: 'User' | 'Group';
  private readonly byName: Pick<Listing, 'sortBy' | 'sortOrder'>;

  constructor(
    private readonly store: Store,
    private readonly accountId: string,
    private readonly request: ListingRequest,
    private readonly search: ResourceSearch,
  ) {
    this.kindName = request.kind.name;
    this.byName = { sortBy: request.kind.nameAttribute, sortOrder: 'ascending' };
  }

  /** A page of `records` known in full. */
  private slice(records: TableRecord[], order: Pick<Listing, 'sortBy' | 'sortOrder'>): Listing {
    const { skip, limit } = this.request;
    return {
      records: records.slice(skip, skip + limit),
      total: { count: records.length, kind: 'exact' },
      ...order,
    };
  }

  /** The resources holding `entries`' names, in their order (a name whose holder changed is skipped). */
  private async holders(entries: readonly NameEntry[]): Promise<TableRecord[]> {
    const records = await this.store.directory.byIds(
      this.kindName,
      this.accountId,
      entries.map((entry) => entry.ownerId),
    );
    const keys = new Map(entries.map((entry) => [entry.ownerId, entry.nameKey]));
    const { nameAttribute } = this.request.kind;
    return records.filter((record) => {
      const name = record.core[nameAttribute];
      return typeof name === 'string' && name.toLowerCase() === keys.get(record.id);
    });
  }

  async anchored(anchor: NonNullable<ResourceSearch['anchor']>): Promise<Listing> {
    const repository = this.kindName === 'User' ? this.store.users : this.store.groups;
    const found = await repository.findByAnchor(this.accountId, anchor);
    const record =
      found === null ? null : await this.store.directory.get(this.kindName, this.accountId, found.id);
    return this.slice(record !== null && this.search.matches(record) ? [record] : [], this.byName);
  }

  /** Groups holding given members (`members[value eq …]`): the groups repository answers it. */
  async byMembers(): Promise<Listing> {
    const { skip, limit } = this.request;
    const result = await this.store.groups.search(this.accountId, this.search, { skip, limit });
    if (result.kind === 'tooMany') throw ScimError.badRequest('tooMany', 'Narrow the members filter');
    return {
      records: result.resources.map((resource) => ({ ...resource, fields: {}, app: {} })),
      total: { count: result.total, kind: 'exact' },
      sortBy: 'id',
      sortOrder: 'ascending',
    };
  }

  async sortedInMemory(prefix: string, sortBy: AttributePath): Promise<Listing> {
    const { kind, sortOrder } = this.request;
    const counted = await this.store.directory.countNames(
      this.kindName,
      this.accountId,
      prefix,
      SORTABLE_MAX + 1,
    );
    if (counted.kind !== 'exact' || counted.count > SORTABLE_MAX) {
      const what = kind.name === 'User' ? 'users' : 'groups';
      throw ScimError.badRequest(
        'tooMany',
        `Sorting by ${formatAttributePath(sortBy)} needs the list narrowed to at most ${SORTABLE_MAX} ${what} by a ${kind.nameAttribute} prefix (the search); without it the list is in ${kind.nameAttribute} order`,
      );
    }
    const entries = await this.store.directory.names(this.kindName, this.accountId, prefix, {
      skip: 0,
      limit: SORTABLE_MAX,
    });
    const views = new Map<TableRecord, Record<string, unknown>>();
    const viewOf = (record: TableRecord): Record<string, unknown> => {
      let view = views.get(record);
      if (view === undefined) views.set(record, (view = scimView(record)));
      return view;
    };
    const matching = (await this.holders(entries)).filter((record) => this.search.matches(record));
    matching.sort((a, b) => compareForSort(viewOf(a), viewOf(b), sortBy, kind.schemas, sortOrder));
    return this.slice(matching, { sortBy: formatAttributePath(sortBy), sortOrder });
  }

  /** Everything, or one name prefix: a page of names, then their resources. */
  async namePage(prefix: string): Promise<Listing> {
    const { skip, limit } = this.request;
    const directory = this.store.directory;
    const [records, total] = await Promise.all([
      directory
        .names(this.kindName, this.accountId, prefix, { skip, limit })
        .then((entries) => this.holders(entries)),
      prefix === ''
        ? directory.size(this.kindName, this.accountId)
        : directory.countNames(this.kindName, this.accountId, prefix, PREFIX_COUNT_CAP),
    ]);
    return { records, total, ...this.byName };
  }

  /**
   * A name prefix and more conditions: the prefix's resources in name order, checked here, up to
   * a full page. Undefined when the prefix holds more than NAME_SCAN_MAX names.
   */
  async checkedByName(prefix: string): Promise<Listing | undefined> {
    const { skip, limit } = this.request;
    const entries = await this.store.directory.names(this.kindName, this.accountId, prefix, {
      skip: 0,
      limit: NAME_SCAN_MAX + 1,
    });
    if (entries.length > NAME_SCAN_MAX) return undefined;
    const deadline = performance.now() + SCAN_BUDGET.ms;
    const page: TableRecord[] = [];
    let before = 0;
    for (let start = 0; start < entries.length; start += BATCH) {
      if (performance.now() > deadline) throw tooSlow(this.request.kind);
      const batch = entries.slice(start, start + BATCH);
      for (const [index, record] of (await this.holders(batch)).entries()) {
        if (!this.search.matches(record)) continue;
        if (before < skip) before += 1;
        else if (page.length < limit) page.push(record);
        else {
          // One match past the page: extrapolate from the share of the prefix read so far.
          const read = start + index + 1;
          const found = before + page.length + 1;
          const count = Math.max(found, roughly((found * entries.length) / read));
          return { records: page, total: { count, kind: 'estimate' }, ...this.byName };
        }
      }
    }
    return { records: page, total: { count: before + page.length, kind: 'exact' }, ...this.byName };
  }

  /** Any other filter: the account's resources in id order, filtered by the store. */
  async idScan(): Promise<Listing> {
    const { skip, limit, kind } = this.request;
    const found = await this.store.directory.scan(
      this.kindName,
      this.accountId,
      this.search,
      { skip, limit },
      SCAN_BUDGET,
    );
    if (found.kind === 'tooSlow') throw tooSlow(kind);
    return { records: found.records, total: found.total, sortBy: 'id', sortOrder: 'ascending' };
  }
}
