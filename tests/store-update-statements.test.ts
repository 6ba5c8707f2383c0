import mongoose from 'mongoose';
import { freshDatabaseUrl } from './support/fresh-store.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * The store must answer an `update` command of many matching statements. FerretDB v1.24.2
 * kept every matched statement's query open (one SQLite connection each, 100 per database)
 * until the command ended, so a command of 100+ matching statements waited forever for a
 * connection and the database stopped answering everyone (docs/ferretdb.md). Our FerretDB
 * build carries the fix; on a vanilla build this test times out. Roster itself never sends
 * more than 50 statements per command (chunked-bulk-write.ts), so this guards the store.
 */
const STATEMENTS = 150;

let connection: mongoose.Connection;

beforeAll(async () => {
  connection = await mongoose.createConnection(freshDatabaseUrl(), { socketTimeoutMS: 20_000 }).asPromise();
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

it(`applies one update command of ${STATEMENTS} matching statements, and the database still answers`, async () => {
  const collection = connection.collection<{ _id: string; n: number }>('docs');
  const ids = Array.from({ length: STATEMENTS }, (_, i) => `doc-${i}`);
  await collection.insertMany(ids.map((_id) => ({ _id, n: 0 })));

  const started = performance.now();
  const result = await collection.bulkWrite(
    ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })),
    { ordered: false },
  );
  const elapsed = performance.now() - started;

  expect(result.modifiedCount).toBe(STATEMENTS);
  expect(elapsed).toBeLessThan(10_000);
  expect(await collection.countDocuments({ n: 1 })).toBe(STATEMENTS);
}, 30_000);
