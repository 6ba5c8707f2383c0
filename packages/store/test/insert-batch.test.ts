import { describe, expect, it } from 'vitest';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { batchedInserter, InsertOutcomeUnknownError } from '../src/repositories/insert-batch.ts';

interface Doc {
  _id: string;
}

/** A collection whose `insertMany` answers as the driver would in one situation. */
const collectionAnswering = (answer: (docs: Doc[]) => Promise<{ insertedCount: number }>) => ({
  insertMany: answer as never,
});

/** What the driver throws for an unordered insert the server partly refused. */
const bulkError = (
  writeErrors: { index: number; code: number }[],
  insertedCount: number,
  extra: Record<string, unknown> = {},
): MongoBulkWriteError =>
  new MongoBulkWriteError(
    { message: 'bulk write failed', code: writeErrors[0]?.code ?? 0, writeErrors, ...extra } as never,
    { insertedCount } as never,
  );

/** The write error of a duplicate key (E11000) at `index` of the batch. */
const duplicateAt = (index: number) => ({ index, code: 11000 });

const docs: Doc[] = [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }];

/**
 * Submits the three documents as one batch: a warm-up document is written first (and
 * answered as inserted), and the three arrive while it is in flight, so group commit sends
 * them together to `answer`.
 */
async function insertAll(answer: (docs: Doc[]) => Promise<{ insertedCount: number }>) {
  const insert = batchedInserter<Doc>(
    collectionAnswering((batch) =>
      batch.length === 1 && batch[0]?._id === 'warm-up'
        ? Promise.resolve({ insertedCount: 1 })
        : answer(batch),
    ),
    { maxBatch: 10, maxInFlight: 1 },
  );
  const warmUp = insert({ _id: 'warm-up' });
  const settled = await Promise.allSettled(docs.map((doc) => insert(doc)));
  expect(await warmUp).toBe('inserted');
  return settled;
}

const outcomes = (settled: PromiseSettledResult<unknown>[]) =>
  settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).name));

describe('batched inserts believe only an outcome that accounts for every document', () => {
  it('inserts all when the server reports every document inserted', async () => {
    expect(outcomes(await insertAll(() => Promise.resolve({ insertedCount: 3 })))).toEqual([
      'inserted',
      'inserted',
      'inserted',
    ]);
  });

  it('reports duplicates per document when inserted + duplicates = batch size', async () => {
    const settled = await insertAll(() => Promise.reject(bulkError([duplicateAt(1)], 2)));
    expect(outcomes(settled)).toEqual(['inserted', 'duplicate', 'inserted']);
  });

  it('fails the batch for a bulk error with no per-document errors (connection lost mid-batch)', async () => {
    const settled = await insertAll(() => Promise.reject(bulkError([], 1)));
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
    const reason = (settled[0] as PromiseRejectedResult).reason as InsertOutcomeUnknownError;
    expect(reason.cause).toBeInstanceOf(MongoBulkWriteError);
  });

  it.each<[string, (docs: Doc[]) => Promise<{ insertedCount: number }>]>([
    ['when a success reports fewer documents than sent', () => Promise.resolve({ insertedCount: 2 })],
    [
      'when duplicates are mixed with another error',
      () => Promise.reject(bulkError([duplicateAt(0), { index: 2, code: 121 }], 1)),
    ],
    [
      'when the counts do not add up (documents unaccounted for)',
      () => Promise.reject(bulkError([duplicateAt(0)], 1)),
    ],
    [
      'for a repeated write error index',
      () => Promise.reject(bulkError([duplicateAt(0), duplicateAt(0)], 1)),
    ],
    ['for an out-of-range write error index', () => Promise.reject(bulkError([duplicateAt(7)], 2))],
    [
      'when a write concern error comes with the duplicates',
      () =>
        Promise.reject(
          bulkError([duplicateAt(1)], 2, { writeConcernError: { code: 64, errmsg: 'wtimeout' } }),
        ),
    ],
    [
      'for a network error, before or after the server applied part of it',
      () => Promise.reject(new MongoNetworkError('connection reset')),
    ],
    [
      'for a server error that is not a bulk write error',
      () => Promise.reject(new MongoServerError({ message: 'interrupted', code: 11601 })),
    ],
  ])('fails the batch %s', async (_, answer) => {
    expect(outcomes(await insertAll(answer))).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });
});
