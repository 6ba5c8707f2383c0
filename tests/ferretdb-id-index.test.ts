import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

/**
 * `{_id: …}` lookups must use the `_id` index: every hot-path read in Roster is one (README,
 * "Point lookups by `_id` only"), and the benchmark numbers rest on it. FerretDB v1.24.2's
 * SQLite backend queried `_id` with another expression than its index's, so each lookup
 * scanned the collection; our build carries scripts/ferretdb/id-lookups-use-the-index.patch.
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
  const url = new URL(inject('mongoUrl'));
  url.pathname = `/t_${randomBytes(5).toString('hex')}`;
  connection = await mongoose.createConnection(url.toString()).asPromise();
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

const timed = async (collection: mongoose.mongo.Collection<Doc>, _id: string): Promise<number> => {
  const started = performance.now();
  const found = await collection.findOne({ _id });
  const elapsed = performance.now() - started;
  expect(found?._id).toBe(_id);
  return elapsed;
};

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it(`finds a document by _id in a ${LARGE}-document collection about as fast as in a ${SMALL}-document one`, async () => {
  const large = await fill('large', LARGE);
  const small = await fill('small', SMALL);
  await timed(large, 'doc-0'); // first query of a collection pays for warming up
  await timed(small, 'doc-0');

  const largeTimes: number[] = [];
  const smallTimes: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    // The newest documents: a scan in insertion order reaches them last.
    largeTimes.push(await timed(large, `doc-${LARGE - 1 - i}`));
    smallTimes.push(await timed(small, `doc-${SMALL - 1 - (i % SMALL)}`));
  }
  const [largeMs, smallMs] = [median(largeTimes), median(smallTimes)];
  const limit = Math.max(8, 4 * smallMs);
  expect(
    largeMs,
    `median _id lookup: ${largeMs.toFixed(2)} ms at ${LARGE} documents vs ${smallMs.toFixed(2)} ms at ${SMALL}: ` +
      'the lookup scans the collection instead of using the _id index (a FerretDB build without ' +
      'scripts/ferretdb/id-lookups-use-the-index.patch, e.g. ROSTER_FERRETDB_PATCH=0?)',
  ).toBeLessThan(limit);
});
