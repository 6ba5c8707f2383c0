import mongoose from 'mongoose';
import { freshDatabaseUrl } from './support/fresh-store.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idPrefix } from '@roster/store';

/**
 * `{_id: …}` lookups must use the `_id` index: every hot-path read in Roster is one (README,
 * "Point lookups by `_id` only"), and the benchmark numbers rest on it. FerretDB v1.24.2's
 * SQLite backend queried `_id` with another expression than its index's, so each lookup
 * scanned the collection; our build carries scripts/ferretdb/id-lookups-use-the-index.patch. It
 * also narrowed by `_id` only a filter that is `{_id}` alone: a version-guarded write's
 * `{_id, …}`, a members check's `{_id: {$in: […]}}` and a group's members by key-prefix
 * range scanned (id-filters-use-the-index.patch).
 *
 * Measured as a shape, not an absolute time, so a slow or busy machine does not decide it:
 * the median lookup in a 20,000-document collection against the median in a 100-document
 * one, interleaved. With the index both take about a millisecond; scanning, a lookup of a
 * recently inserted document (the scan's last rows) takes tens of milliseconds. On MongoDB
 * the index is always used, so this passes there too.
 */
const LARGE = 20_000;
const SMALL = 100;
const LOOKUPS = 50;

let connection: mongoose.Connection;

beforeAll(async () => {
  connection = await mongoose.createConnection(freshDatabaseUrl()).asPromise();
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

type Doc = { _id: string; n: number; name: string };

const fill = async (name: string, count: number): Promise<mongoose.mongo.Collection<Doc>> => {
  const collection = connection.collection<Doc>(name);
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const docs = Array.from({ length: size }, (_, i) => ({
      _id: `doc-${start + i}`,
      n: start + i,
      name: `user ${start + i}`,
    }));
    await collection.insertMany(docs, { ordered: false });
  }
  return collection;
};

/** One query that names documents by `_id`, and how to check it found them. */
interface IdQuery {
  title: string;
  /** The query for the document numbered `n` (and its neighbours); resolves to how many it found. */
  run(collection: mongoose.mongo.Collection<Doc>, n: number): Promise<number>;
  /** How many it should find in a collection of `size` documents. */
  expected(n: number, size: number): number;
}

const ID_QUERIES: IdQuery[] = [
  {
    title: 'findOne({_id})',
    run: async (collection, n) => ((await collection.findOne({ _id: `doc-${n}` })) === null ? 0 : 1),
    expected: () => 1,
  },
  {
    // The version-guarded write's filter: the `_id` and one more condition.
    title: 'updateOne({_id, n})',
    run: async (collection, n) =>
      (await collection.updateOne({ _id: `doc-${n}`, n }, { $set: { name: `user ${n}` } })).matchedCount,
    expected: () => 1,
  },
  {
    // A group's new members checked at once.
    title: 'find({_id: {$in: [20 ids]}})',
    run: async (collection, n) =>
      (
        await collection
          .find({ _id: { $in: Array.from({ length: 20 }, (_, k) => `doc-${n - k}`) } })
          .toArray()
      ).length,
    expected: () => 20,
  },
  {
    // One group's members: the `_id` range of the `<account>:<group>:` key prefix (id-prefix.ts).
    title: 'find({_id: {$gte: prefix, $lt: next prefix}})',
    run: async (collection, n) => (await collection.find({ _id: idPrefix(`doc-${n}`) }).toArray()).length,
    expected: (n, size) =>
      Array.from({ length: size }, (_, i) => `doc-${i}`).filter((id) => id.startsWith(`doc-${n}`)).length,
  },
];

const timed = async (
  query: IdQuery,
  collection: mongoose.mongo.Collection<Doc>,
  size: number,
  n: number,
): Promise<number> => {
  const started = performance.now();
  const found = await query.run(collection, n);
  const elapsed = performance.now() - started;
  expect(found).toBe(query.expected(n, size));
  return elapsed;
};

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let large: mongoose.mongo.Collection<Doc>;
let small: mongoose.mongo.Collection<Doc>;
beforeAll(async () => {
  large = await fill('large', LARGE);
  small = await fill('small', SMALL);
});

it.each(ID_QUERIES)(
  `$title in a ${LARGE}-document collection is about as fast as in a ${SMALL}-document one`,
  async (query) => {
    await timed(query, large, LARGE, LARGE - 1); // first query of a collection pays for warming up
    await timed(query, small, SMALL, SMALL - 1);
    const largeTimes: number[] = [];
    const smallTimes: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      // The newest documents: a scan in insertion order reaches them last.
      largeTimes.push(await timed(query, large, LARGE, LARGE - 1 - i));
      smallTimes.push(await timed(query, small, SMALL, SMALL - 1 - (i % (SMALL - 20))));
    }
    const [largeMs, smallMs] = [median(largeTimes), median(smallTimes)];
    const limit = Math.max(8, 4 * smallMs);
    expect(
      largeMs,
      `median ${query.title}: ${largeMs.toFixed(2)} ms at ${LARGE} documents vs ${smallMs.toFixed(2)} ms at ${SMALL}: ` +
        'the query scans the collection instead of using the _id index (a FerretDB build without ' +
        'scripts/ferretdb/id-lookups-use-the-index.patch and id-filters-use-the-index.patch, e.g. ROSTER_FERRETDB_PATCH=0?)',
    ).toBeLessThan(limit);
  },
);
