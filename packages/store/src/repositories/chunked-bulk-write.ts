import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';

/** One statement of `model.bulkWrite`, typed as mongoose types it for that model. */
type Statement<D> = Parameters<Model<D>['bulkWrite']>[0][number];

/**
 * Statements per bulk write command. FerretDB v1 (SQLite) keeps each matched statement of an
 * `update` command open on its own SQLite connection until the whole command ends, from a
 * pool of 100 per database; a command of 100 matching statements then waits forever for a
 * 101st and the database stops answering every account (docs/ferretdb.md). Our FerretDB
 * build fixes that, but Roster must not depend on it: commands stay far below the pool, and
 * the cost per statement is already flat at this size (≈ 0.47 ms vs 1.0 ms one by one).
 */
export const STATEMENTS_PER_COMMAND = 50;

/** Pause after each command of a long run, as a share of the command's own time. */
const YIELD_RATIO = 0.5;

/** `items` in consecutive slices of at most `size`. */
export const chunksOf = <I>(items: readonly I[], size: number): I[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, n) => items.slice(n * size, (n + 1) * size));

/**
 * Pauses for half as long as the command that just ran took. A store with one writer (SQLite
 * under FerretDB) would otherwise serve a long run of commands (a 5,000-member group deleted)
 * back to back while other accounts' writes back off and wait; the pauses give them a third of
 * the store's time at least, and the long run takes about 1.5 times as long.
 */
export const yieldToOthers = (commandMs: number): Promise<void> => sleep(commandMs * YIELD_RATIO);

/**
 * Applies one statement per item, unordered, in commands of at most STATEMENTS_PER_COMMAND.
 * Every statement is idempotent by construction (callers write by `_id` with `$set`-style
 * updates), so a retry after a failure in the middle repeats harmlessly.
 */
export async function writeInChunks<D, I>(
  model: Model<D>,
  items: readonly I[],
  statement: (item: I) => Statement<D>,
): Promise<void> {
  for (const chunk of chunksOf(items, STATEMENTS_PER_COMMAND))
    await model.bulkWrite(chunk.map(statement), { ordered: false });
}
