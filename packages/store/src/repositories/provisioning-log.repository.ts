import type { Model, mongo } from 'mongoose';
import type { AccountDocument } from '../models/account.model.ts';
import {
  INDEXED_OUTCOMES,
  logKey,
  outcomeKeySpace,
  REVERSE_TIME_BASE,
  REVERSE_TIME_DIGITS,
  reverseDigits,
  reverseTimeOf,
  type ProvisioningLogDocument,
  type ProvisioningOutcome,
} from '../models/provisioning-log.model.ts';
import { idPrefix } from '../query/id-prefix.ts';
import { blockAt, MAX_BLOCK_LEVEL, type TimeBlock } from '../query/time-blocks.ts';
import type { StoreCapabilities } from '../store-capabilities.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';
import type { BatchingOptions } from './resource.repository.ts';
import { purgeAccountLog } from './provisioning-log-purge.ts';
import {
  toDocument,
  toRecord,
  type ProvisioningLogEntry,
  type ProvisioningLogRecord,
} from './provisioning-log-records.ts';

/** What `list` returns, newest first (JSON-ready). */
export interface ProvisioningLogPage {
  entries: ProvisioningLogRecord[];
  /**
   * Pass it back as `cursor` for the next page; absent when the range holds nothing more. Also
   * set when the page stopped at its scan budget before it was full (`scanLimited`).
   */
  nextCursor?: string;
  /** The page stopped reading at its scan budget: more entries may match past `nextCursor`. */
  scanLimited: boolean;
  /** Entries read for this page (matching or not). */
  scanned: number;
}

export interface ProvisioningLogQuery {
  /** Entries at or after this time. */
  from?: Date | undefined;
  /** Entries before this time. */
  to?: Date | undefined;
  outcome?: ProvisioningOutcome | readonly ProvisioningOutcome[] | undefined;
  resourceId?: string | undefined;
  /** The user's userName as of the write, any letter case. */
  userName?: string | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Entries per page, 1–200; default 50. */
  limit?: number | undefined;
}

/** Bounds on one page's work: past any of them the page ends early with a continuation cursor. */
const PAGE_BUDGET = { scanned: 5_000, queries: 200, ms: 3_000 };
/** A block is read whole when it holds at most this many entries; a fuller one is split. */
const BLOCK_FITS = 256;
/** The entries per block read the walk aims at, from the density it has seen so far. */
const BLOCK_TARGET = 64;
/** Blocks of 10^6 ms (about 17 minutes) to start with; the walk adapts to the log's density. */
const START_LEVEL = 6;
/**
 * Without `to`, entries up to ten minutes ahead of this clock are listed (another host's clock
 * may run a little ahead); the walk does not start at the far end of the key space. Wider costs
 * every first page: with a day, the walk over the empty future read 257 entries it did not show.
 */
const FUTURE_MARGIN_MS = 10 * 60_000;
/** Entry ids and cursors: the reverse time, then optionally `:<unique>` (see logEntryId). */
const ENTRY_ID_PATTERN = `\\d{${REVERSE_TIME_DIGITS}}(?::[A-Za-z0-9._-]{1,160})?`;
const ENTRY_ID = new RegExp(`^${ENTRY_ID_PATTERN}$`);
/**
 * Cursors: `<reverse time>:[<unique>]-L<block level>`, where the walk stopped and at what
 * granularity (an entry id never ends in `-L<digits>`: it ends in `.w` or `.i`). An entry id is a
 * cursor too: the next page starts after it. Every cursor is also entry-id shaped.
 */
const CURSOR = new RegExp(`^(\\d{${REVERSE_TIME_DIGITS}}(?::[A-Za-z0-9._-]*?)?)(?:-L(\\d{1,2}))?$`);

export const isProvisioningLogEntryId = (value: string): boolean => ENTRY_ID.test(value);
export const isProvisioningLogCursor = (value: string): boolean => value.length <= 200 && CURSOR.test(value);

/**
 * The provisioning log of every account (docs/provisioning-log.md). Appends go through group
 * commit: the worker appends one entry per job, and concurrent jobs share one `insertMany`.
 * Reads never ask the store to sort or to scan beyond one account's key-prefix ranges.
 */
export class ProvisioningLogRepository {
  private readonly insert: (doc: ProvisioningLogDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly model: Model<ProvisioningLogDocument>,
    private readonly accounts: Model<AccountDocument>,
    batching: BatchingOptions,
    private readonly capabilities: () => Promise<StoreCapabilities>,
  ) {
    this.insert = batchedInserter(
      model.collection as unknown as mongo.Collection<ProvisioningLogDocument>,
      batching,
    );
  }

  /**
   * Stores entries. An entry's `_id` is fixed by its time, request and writer, so appending the
   * same entry again (a retried job) stores it once.
   */
  async append(entries: readonly ProvisioningLogEntry[]): Promise<void> {
    const docs = entries.flatMap((entry) => {
      const doc = toDocument(entry);
      if (!INDEXED_OUTCOMES.includes(entry.outcome)) return [doc];
      const space = outcomeKeySpace(entry.accountId, entry.outcome);
      return [doc, { ...doc, _id: `${space}${doc._id.slice(entry.accountId.length)}` }];
    });
    await Promise.all(docs.map((doc) => this.insert(doc)));
  }

  async get(accountId: string, entryId: string): Promise<ProvisioningLogRecord | null> {
    if (!isProvisioningLogEntryId(entryId)) return null;
    const doc = await this.model.findById(logKey(accountId, entryId)).lean<ProvisioningLogDocument>().exec();
    return doc !== null && doc.accountId === accountId ? toRecord(doc) : null;
  }

  /**
   * One page of an account's entries, newest first, filtered. The account's time range is read
   * in decimal-aligned blocks of time (query/time-blocks.ts), each one `_id` key-prefix range
   * read with a limit and no sort; a block holding more than BLOCK_FITS entries is split into
   * its ten sub-blocks instead, and the next block's size follows the density seen (nextLevel).
   * Entries are ordered and filtered here. A page reads at most PAGE_BUDGET, so a rare filter
   * over a long log answers in bounded time with a cursor to continue from.
   */
  async list(accountId: string, query: ProvisioningLogQuery = {}): Promise<ProvisioningLogPage> {
    // One indexed outcome asked for: walk its own key space, where every entry matches.
    const outcome =
      typeof query.outcome === 'string'
        ? query.outcome
        : query.outcome?.length === 1
          ? query.outcome[0]
          : undefined;
    const space =
      outcome !== undefined && INDEXED_OUTCOMES.includes(outcome)
        ? outcomeKeySpace(accountId, outcome)
        : accountId;
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 200);
    // at < to  <=>  reverse >= reverse(to) + 1;  at >= from  <=>  reverse <= reverse(from).
    const to = query.to?.getTime() ?? Date.now() + FUTURE_MARGIN_MS;
    const first = reverseTimeOf(to) + 1;
    const last = query.from === undefined ? REVERSE_TIME_BASE : reverseTimeOf(query.from.getTime());
    const upper = `${space}:${reverseDigits(last)}:~`;
    let lower = `${space}:${reverseDigits(first)}`;
    let level = START_LEVEL;
    if (query.cursor !== undefined) {
      const [, cursorKey, cursorLevel] =
        (isProvisioningLogCursor(query.cursor) ? CURSOR.exec(query.cursor) : null) ?? [];
      if (cursorKey === undefined) throw new RangeError('invalid provisioning log cursor');
      if (cursorLevel !== undefined) level = Math.min(Number(cursorLevel), MAX_BLOCK_LEVEL);
      const resumed = logKey(space, cursorKey);
      if (resumed > lower) lower = resumed;
    }
    const matches = entryMatcher(query);
    const entries: ProvisioningLogRecord[] = [];
    const cursorOf = (key: string): string => {
      const rest = key.slice(space.length + 1);
      return `${rest}${rest.includes(':') ? '' : ':'}-L${level}`;
    };
    const started = Date.now();
    let position = Number(lower.slice(space.length + 1, space.length + 1 + REVERSE_TIME_DIGITS));
    // Blocks found too full, innermost last: until the walk is past one, it reads finer blocks.
    const tooFull: TimeBlock[] = [];
    let scanned = 0;
    let queries = 0;
    let resuming = true;
    while (position <= last) {
      if (
        scanned >= PAGE_BUDGET.scanned ||
        queries >= PAGE_BUDGET.queries ||
        Date.now() - started >= PAGE_BUDGET.ms
      )
        return { entries, nextCursor: cursorOf(lower), scanLimited: true, scanned };
      while ((tooFull.at(-1)?.end ?? Infinity) < position) tooFull.pop();
      // Past the first block, a block starts where the walk is: a store reads the rows of a key
      // range before filtering them, and the ones before `lower` would be read for nothing.
      const aligned = resuming ? MAX_BLOCK_LEVEL : alignmentOf(position);
      level = Math.min(level, aligned, (tooFull.at(-1)?.level ?? MAX_BLOCK_LEVEL + 1) - 1);
      const block = blockAt(position, level);
      const spanStart = Math.max(block.start, position);
      const filter = {
        _id: { ...idPrefix(`${space}:${block.digits}`), $gt: lower, $lte: upper },
        accountId,
      };
      queries += 1;
      let docs = await this.model
        .find(filter)
        .limit(BLOCK_FITS + 1)
        .lean<ProvisioningLogDocument[]>()
        .exec();
      scanned += docs.length;
      let complete = true;
      if (docs.length > BLOCK_FITS && level > 0) {
        tooFull.push(block);
        continue;
      }
      if (docs.length > BLOCK_FITS) {
        // More than BLOCK_FITS entries in one millisecond: read them in order, a bounded range.
        queries += 1;
        docs = await this.model
          .find(filter)
          .sort({ _id: 1 })
          .limit(BLOCK_FITS)
          .lean<ProvisioningLogDocument[]>()
          .exec();
        complete = docs.length < BLOCK_FITS;
      } else {
        docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
      }
      for (const doc of docs) {
        lower = doc._id;
        if (doc.accountId !== accountId || !matches(doc)) continue;
        entries.push(toRecord(doc));
        if (entries.length === limit)
          return { entries, nextCursor: cursorOf(lower), scanLimited: false, scanned };
      }
      if (!complete) continue;
      resuming = false;
      level = nextLevel(level, docs.length, block.end - spanStart + 1);
      position = block.end + 1;
      lower = `${space}:${reverseDigits(position)}`;
    }
    return { entries, scanLimited: false, scanned };
  }

  /**
   * Deletes every entry older than `cutoff`, account by account, in batches of bounded size
   * with pauses between them (provisioning-log-purge.ts). Safe to run concurrently with appends
   * and with another purge.
   */
  async purgeOlderThan(cutoff: Date): Promise<{ accounts: number; deleted: number }> {
    // The accounts collection holds one small document per tenant: read their ids at once.
    const accounts = await this.accounts.find({}).select({ _id: 1 }).lean<{ _id: string }[]>().exec();
    const idSetsIndexed = (await this.capabilities()).idSetsIndexed;
    let deleted = 0;
    const cutoffTime = reverseTimeOf(cutoff.getTime());
    for (const { _id: accountId } of accounts) {
      const purged = await purgeAccountLog(
        this.model,
        { accountId, space: accountId },
        cutoffTime,
        idSetsIndexed,
      );
      deleted += purged;
      // The outcome spaces hold copies of entries in the log, deleted too and not counted again:
      // nothing is old there when nothing was here (a copy whose entry was never stored goes with
      // the next purge that deletes anything in the account).
      if (purged === 0) continue;
      for (const outcome of INDEXED_OUTCOMES)
        await purgeAccountLog(
          this.model,
          { accountId, space: outcomeKeySpace(accountId, outcome) },
          cutoffTime,
          idSetsIndexed,
        );
    }
    return { accounts: accounts.length, deleted };
  }
}

/** The largest level whose blocks start at `position`. */
function alignmentOf(position: number): number {
  let level = 0;
  while (level < MAX_BLOCK_LEVEL && position % 10 ** (level + 1) === 0) level += 1;
  return level;
}

/**
 * The level of the next block: the one expected to hold about BLOCK_TARGET entries at the density
 * just seen (`count` entries in `span` ms), at most one level coarser than this one, so a burst
 * after a quiet stretch costs at most one oversized read.
 */
function nextLevel(level: number, count: number, span: number): number {
  if (count === 0) return Math.min(level + 1, MAX_BLOCK_LEVEL);
  const ideal = Math.floor(Math.log10((BLOCK_TARGET * span) / count));
  return Math.max(0, Math.min(ideal, level + 1, MAX_BLOCK_LEVEL));
}

/** The in-memory filter of a page: every condition the key range does not already express. */
function entryMatcher(query: ProvisioningLogQuery): (doc: ProvisioningLogDocument) => boolean {
  const outcomes =
    query.outcome === undefined
      ? undefined
      : new Set<string>(typeof query.outcome === 'string' ? [query.outcome] : query.outcome);
  const userName = query.userName?.toLowerCase();
  return (doc) =>
    (outcomes === undefined || outcomes.has(doc.outcome)) &&
    (query.resourceId === undefined || doc.resourceId === query.resourceId) &&
    (userName === undefined || doc.userName?.toLowerCase() === userName);
}
