/**
 * The store's raw single-operation rates on this machine, measured in the bench's own run so
 * Roster's numbers can be read against them: `findOne({_id})`, `updateOne({_id})`,
 * `insertMany` of 1,000, and a 50-id `$in` (an index lookup on MongoDB; on FerretDB it is one
 * only with Roster's patch, see docs/ferretdb.md).
 */
import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';

const DOCUMENTS = 20_000;
const SECONDS_PER_PROBE = 2;

export interface StoreRates {
  insertManyDocsPerSecond: number;
  findOnePerSecond: number;
  updateOnePerSecond: number;
  findIn50PerSecond: number;
}

/** Runs `operation` from `concurrency` loops for a fixed time; operations per second. */
async function rateOf(concurrency: number, operation: (n: number) => Promise<unknown>): Promise<number> {
  const until = performance.now() + SECONDS_PER_PROBE * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await operation(done++);
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export async function measureStoreRates(db: mongo.Db, concurrency: number): Promise<StoreRates> {
  const collection = db.collection<{ _id: string; accountId: string; n: number }>(`raw_${randomUUID()}`);
  const ids = Array.from({ length: DOCUMENTS }, () => randomUUID());
  const insertStarted = performance.now();
  for (let i = 0; i < DOCUMENTS; i += 1_000)
    await collection.insertMany(
      ids.slice(i, i + 1_000).map((id, j) => ({ _id: id, accountId: 'raw', n: i + j })),
    );
  const insertManyDocsPerSecond = DOCUMENTS / ((performance.now() - insertStarted) / 1000);
  const idAt = (n: number): string => ids[(n * 7919) % DOCUMENTS] ?? '';
  const findOnePerSecond = await rateOf(concurrency, (n) => collection.findOne({ _id: idAt(n) }));
  const updateOnePerSecond = await rateOf(concurrency, (n) =>
    collection.updateOne({ _id: idAt(n) }, { $inc: { n: 1 } }),
  );
  const findIn50PerSecond = await rateOf(concurrency, (n) =>
    collection.find({ _id: { $in: Array.from({ length: 50 }, (_, k) => idAt(n * 50 + k)) } }).toArray(),
  );
  await collection.drop();
  return { insertManyDocsPerSecond, findOnePerSecond, updateOnePerSecond, findIn50PerSecond };
}
