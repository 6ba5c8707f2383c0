import type { Model } from 'mongoose';
import { reverseDigits, type ProvisioningLogDocument } from '../models/provisioning-log.model.ts';
import { idPrefix } from '../query/id-prefix.ts';
import { blockAt, childrenOf, MAX_BLOCK_LEVEL, type TimeBlock } from '../query/time-blocks.ts';
import { chunksOf, writeInChunks, yieldToOthers } from './chunked-bulk-write.ts';

/** Entries deleted per round (one read of their ids, then their deletion). */
const PURGE_BATCH = 500;
/** Keys per `deleteMany` statement (an `_id` set, answered from the index). */
const DELETES_PER_STATEMENT = 50;
/**
 * Blocks this small (10^5 ms, 100 s) that hold the cutoff are purged with a key bound checked by
 * the store on the block's rows, instead of being split further.
 */
const SPLIT_DOWN_TO_LEVEL = 5;

/**
 * Deletes one account's entries older than the cutoff (reverse time > `cutoff`). The account's
 * time is walked as decimal blocks (query/time-blocks.ts), each an `_id` key-prefix range: a
 * block wholly older than the cutoff is emptied, one wholly newer is skipped unread, and the one
 * block per level that holds the cutoff is split into its ten sub-blocks: at most nine indexed
 * reads per level, none of them sorted. A range "older than the cutoff" would be no prefix,
 * and FerretDB would answer it by reading every account's log (docs/ferretdb.md §3).
 * @returns how many entries were deleted.
 */
/** An account's log, or one of its outcome spaces (`space` is the key prefix, provisioning-log.model.ts). */
export interface LogKeySpace {
  accountId: string;
  space: string;
}

export async function purgeAccountLog(
  model: Model<ProvisioningLogDocument>,
  keys: LogKeySpace,
  cutoff: number,
  idSetsIndexed: boolean,
): Promise<number> {
  const purge = async (block: TimeBlock): Promise<number> => {
    if (block.start > cutoff) return deleteBlock(model, keys, block.digits, undefined, idSetsIndexed);
    if (block.end <= cutoff) return 0;
    if (block.level <= SPLIT_DOWN_TO_LEVEL) {
      const newest = `${keys.space}:${reverseDigits(cutoff)}:~`;
      return deleteBlock(model, keys, block.digits, newest, idSetsIndexed);
    }
    let deleted = 0;
    for (const child of childrenOf(block)) deleted += await purge(child);
    return deleted;
  };
  return purge(blockAt(0, MAX_BLOCK_LEVEL));
}

/**
 * Deletes the entries of one block (after key `after`, when given) in rounds of PURGE_BATCH:
 * read a batch of ids (no sort, a limit), delete them by `_id`, pause for half as long as the
 * round took (chunked-bulk-write.ts), so a purge of millions of entries never holds the store.
 */
async function deleteBlock(
  model: Model<ProvisioningLogDocument>,
  { accountId, space }: LogKeySpace,
  digits: string,
  after: string | undefined,
  idSetsIndexed: boolean,
): Promise<number> {
  const range = { ...idPrefix(`${space}:${digits}`), ...(after === undefined ? {} : { $gt: after }) };
  let deleted = 0;
  for (;;) {
    const started = performance.now();
    const batch = await model
      .find({ _id: range, accountId })
      .select({ _id: 1 })
      .limit(PURGE_BATCH)
      .lean<{ _id: string }[]>()
      .exec();
    if (batch.length === 0) return deleted;
    const keys = batch.map((doc) => doc._id);
    if (idSetsIndexed) {
      await model.bulkWrite(
        chunksOf(keys, DELETES_PER_STATEMENT).map((chunk) => ({
          deleteMany: { filter: { _id: { $in: chunk } } },
        })),
        { ordered: false },
      );
    } else {
      await writeInChunks(model, keys, (key) => ({ deleteOne: { filter: { _id: key } } }));
    }
    deleted += keys.length;
    if (batch.length < PURGE_BATCH) return deleted;
    await yieldToOthers(performance.now() - started);
  }
}
