import type { mongo } from 'mongoose';
import { GroupCommit } from '../group-commit.ts';
import { isDuplicateKeyError } from './mongo-errors.ts';

/** Per document: written, or refused because its `_id` (or another unique key) exists. */
export type InsertOutcome = 'inserted' | 'duplicate';

/**
 * What the server said about one `insertMany` that did not fail as a whole. Only an answer
 * that accounts for every document (inserted + duplicates = batch size) is believed.
 */
type InsertReport =
  { kind: 'accounted'; duplicates: ReadonlySet<number> } | { kind: 'unaccounted'; reason: string };

/** The batch's fate is unknown: some documents may or may not be stored. The jobs retry. */
export class InsertOutcomeUnknownError extends Error {
  override readonly name = 'InsertOutcomeUnknownError';
  constructor(reason: string, options?: { cause: unknown }) {
    super(`insert batch outcome unknown: ${reason}`, options);
  }
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * Reads a failed `insertMany` (ordered: false). Believed only when every write error is a
 * duplicate key, no write concern error is reported, the indexes are distinct and in range,
 * and the server's inserted count plus the duplicates is the batch size. Anything else (a
 * connection dropped mid-batch: empty `writeErrors`; a mix with other errors; a count that
 * does not add up) leaves the outcome unknown.
 */
export function readInsertFailure(error: unknown, batchSize: number): InsertReport {
  if (typeof error !== 'object' || error === null)
    return { kind: 'unaccounted', reason: 'not an error object' };
  const { writeErrors, result, writeConcernError, err } = error as {
    writeErrors?: unknown;
    result?: { insertedCount?: unknown };
    writeConcernError?: unknown;
    err?: unknown;
  };
  if (!Array.isArray(writeErrors) || writeErrors.length === 0)
    return { kind: 'unaccounted', reason: 'no per-document errors (connection lost mid-batch?)' };
  if (writeConcernError !== undefined || (err !== undefined && err !== null))
    return { kind: 'unaccounted', reason: 'write concern error' };
  const duplicates = new Set<number>();
  for (const writeError of writeErrors as unknown[]) {
    if (!isDuplicateKeyError(writeError))
      return { kind: 'unaccounted', reason: 'a write error is not a duplicate key' };
    const index = numberOr((writeError as { index?: unknown }).index, -1);
    if (!Number.isInteger(index) || index < 0 || index >= batchSize || duplicates.has(index))
      return { kind: 'unaccounted', reason: `write error index ${index} out of range or repeated` };
    duplicates.add(index);
  }
  const inserted = numberOr(result?.insertedCount, -1);
  if (inserted + duplicates.size !== batchSize)
    return {
      kind: 'unaccounted',
      reason: `server reported ${inserted} inserted + ${duplicates.size} duplicates for ${batchSize} documents`,
    };
  return { kind: 'accounted', duplicates };
}

/**
 * Inserts documents through group commit with `ordered: false`: one command per batch,
 * duplicates reported per document. The outcome is taken from what the server reports and
 * checked to account for every document; any other failure fails the whole batch (the jobs
 * are retried; inserts are idempotent because every `_id` is fixed before the first attempt).
 */
export function batchedInserter<T extends mongo.Document>(
  collection: Pick<mongo.Collection<T>, 'insertMany'>,
  options: { maxBatch: number; maxInFlight: number },
): (doc: mongo.OptionalUnlessRequiredId<T>) => Promise<InsertOutcome> {
  const commit = new GroupCommit<mongo.OptionalUnlessRequiredId<T>, InsertOutcome>({
    ...options,
    write: async (docs) => {
      let report: InsertReport;
      try {
        const result = await collection.insertMany([...docs], { ordered: false });
        report =
          result.insertedCount === docs.length
            ? { kind: 'accounted', duplicates: new Set() }
            : {
                kind: 'unaccounted',
                reason: `server reported ${result.insertedCount} inserted for ${docs.length} documents`,
              };
      } catch (error) {
        report = readInsertFailure(error, docs.length);
        if (report.kind === 'unaccounted')
          throw new InsertOutcomeUnknownError(report.reason, { cause: error });
      }
      if (report.kind === 'unaccounted') throw new InsertOutcomeUnknownError(report.reason);
      const { duplicates } = report;
      return docs.map((_, i) => (duplicates.has(i) ? 'duplicate' : 'inserted'));
    },
  });
  return (doc) => commit.submit(doc);
}
