import type { mongo } from 'mongoose';
import { GroupCommit } from '../group-commit.ts';

/** Per document: written, or refused because its `_id` (or another unique key) exists. */
export type InsertOutcome = 'inserted' | 'duplicate';

interface BulkWriteErrorLike {
  writeErrors?: { index: number; code: number }[] | { index: number; code: number };
}

const writeErrorsOf = (error: unknown): { index: number; code: number }[] | undefined => {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return undefined;
  const { writeErrors } = error as BulkWriteErrorLike;
  if (writeErrors === undefined) return undefined;
  return Array.isArray(writeErrors) ? writeErrors : [writeErrors];
};

/**
 * Inserts documents through group commit with `ordered: false`: one command per batch,
 * duplicates reported per document, any other failure fails the whole batch (the jobs are
 * retried; inserts are idempotent because every `_id` is fixed before the first attempt).
 */
export function batchedInserter<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  options: { maxBatch: number; maxInFlight: number },
): (doc: mongo.OptionalUnlessRequiredId<T>) => Promise<InsertOutcome> {
  const commit = new GroupCommit<mongo.OptionalUnlessRequiredId<T>, InsertOutcome>({
    ...options,
    write: async (docs) => {
      const outcomes: InsertOutcome[] = docs.map(() => 'inserted');
      try {
        await collection.insertMany([...docs], { ordered: false });
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors === undefined || writeErrors.some((e) => e.code !== 11000)) throw error;
        for (const { index } of writeErrors) outcomes[index] = 'duplicate';
      }
      return outcomes;
    },
  });
  return (doc) => commit.submit(doc);
}
