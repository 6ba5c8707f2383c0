import type { mongo } from 'mongoose';

/**
 * What the connected store does fast, found out once at start-up so one code path serves
 * MongoDB and FerretDB (docs/ferretdb.md).
 */
export interface StoreCapabilities {
  /**
   * `{_id: {$in: [...]}}` is answered from the `_id` index. Always on MongoDB; on FerretDB v1
   * only with Roster's build (scripts/ferretdb/id-filters-use-the-index.patch), without which
   * it scans the collection: a 50-id lookup then takes ~0.5 s on 20,000 documents, slower than
   * 50 single `_id` lookups.
   */
  idSetsIndexed: boolean;
  /**
   * An update or delete filtered on a version field is a compare-and-set: it matches only if
   * the document still has that version when it is written. Always on MongoDB; on FerretDB v1
   * only with Roster's build (scripts/ferretdb/writes-are-atomic.patch), which is recognised by
   * the `_id` set plan the same build has. Without it the worker also locks each User it writes.
   */
  atomicGuardedWrites: boolean;
  /**
   * A key-prefix range read without a sort comes back in `_id` order: Roster's FerretDB build
   * reads the range from the `_id` index, while asking FerretDB to sort reads and sorts every
   * document of the range in memory (~30 s for 100,000 users). False on MongoDB (which sorts
   * by `_id` from the index at no cost, so readers ask it to) and on a vanilla FerretDB build.
   */
  idRangesReadInOrder: boolean;
  /**
   * Counting a range is answered from the index. Always on MongoDB; FerretDB v1 reads every
   * document it counts (a few thousand a second), so readers there count up to a bound.
   */
  indexedCounts: boolean;
}

/** Ids per `_id` set query: FerretDB narrows at most this many by the index (the patch's bound). */
export const MAX_ID_SET = 1_000;

/** Asks the server for the plan of an `_id` set lookup; FerretDB names itself in `serverInfo`. */
export async function detectCapabilities(db: mongo.Db, collection: string): Promise<StoreCapabilities> {
  const plan = (await db.command({
    explain: { find: collection, filter: { _id: { $in: ['capability-probe-1', 'capability-probe-2'] } } },
  })) as { serverInfo?: { ferretdbVersion?: unknown }; queryPlanner?: unknown };
  if (plan.serverInfo?.ferretdbVersion === undefined)
    return {
      idSetsIndexed: true,
      atomicGuardedWrites: true,
      idRangesReadInOrder: false,
      indexedCounts: true,
    };
  const rostersBuild = JSON.stringify(plan.queryPlanner ?? '').includes('USING INDEX');
  return {
    idSetsIndexed: rostersBuild,
    atomicGuardedWrites: rostersBuild,
    idRangesReadInOrder: rostersBuild,
    indexedCounts: false,
  };
}
