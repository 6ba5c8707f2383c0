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

  it('fails the batch when a success reports fewer documents than sent', async () => {
    expect(outcomes(await insertAll(() => Promise.resolve({ insertedCount: 2 })))).toEqual(
      Array(3).fill('InsertOutcomeUnknownError'),
    );
  });

  it('reports duplicates per document when inserted + duplicates = batch size', async () => {
    const settled = await insertAll(() => Promise.reject(bulkError([{ index: 1, code: 11000 }], 2)));
    expect(outcomes(settled)).toEqual(['inserted', 'duplicate', 'inserted']);
  });

  it('fails the batch for a bulk error with no per-document errors (connection lost mid-batch)', async () => {
    const settled = await insertAll(() => Promise.reject(bulkError([], 1)));
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
    const reason = (settled[0] as PromiseRejectedResult).reason as InsertOutcomeUnknownError;
    expect(reason.cause).toBeInstanceOf(MongoBulkWriteError);
  });

  it('fails the batch when duplicates are mixed with another error', async () => {
    const settled = await insertAll(() =>
      Promise.reject(
        bulkError(
          [
            { index: 0, code: 11000 },
            { index: 2, code: 121 },
          ],
          1,
        ),
      ),
    );
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });

  it('fails the batch when the counts do not add up (documents unaccounted for)', async () => {
    const settled = await insertAll(() => Promise.reject(bulkError([{ index: 0, code: 11000 }], 1)));
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });

  it('fails the batch for a repeated or out-of-range write error index', async () => {
    const repeated = await insertAll(() =>
      Promise.reject(
        bulkError(
          [
            { index: 0, code: 11000 },
            { index: 0, code: 11000 },
          ],
          1,
        ),
      ),
    );
    expect(outcomes(repeated)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
    const outOfRange = await insertAll(() => Promise.reject(bulkError([{ index: 7, code: 11000 }], 2)));
    expect(outcomes(outOfRange)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });

  it('fails the batch when a write concern error comes with the duplicates', async () => {
    const settled = await insertAll(() =>
      Promise.reject(
        bulkError([{ index: 1, code: 11000 }], 2, { writeConcernError: { code: 64, errmsg: 'wtimeout' } }),
      ),
    );
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });

  it('fails the batch for a network error, before or after the server applied part of it', async () => {
    const settled = await insertAll(() => Promise.reject(new MongoNetworkError('connection reset')));
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });

  it('fails the batch for a server error that is not a bulk write error', async () => {
    const settled = await insertAll(() =>
      Promise.reject(new MongoServerError({ message: 'interrupted', code: 11601 })),
    );
    expect(outcomes(settled)).toEqual(Array(3).fill('InsertOutcomeUnknownError'));
  });
});
