import { REVERSE_TIME_BASE, REVERSE_TIME_DIGITS, reverseDigits } from '../models/provisioning-log.model.ts';

/**
 * Decimal-aligned spans of reverse time ("blocks"). A block of level `j` holds 10^j consecutive
 * reverse-time values starting at a multiple of 10^j: the keys whose reverse-time digits share
 * their first 13 - j digits, i.e. one key-prefix range (`<accountId>:<digits>`), which both
 * stores answer from the `_id` index. Level 0 is one millisecond; level 13 the whole account.
 */
export interface TimeBlock {
  level: number;
  /** First and last reverse time in the block (inclusive). */
  start: number;
  end: number;
  /** The block's reverse-time digits: the key prefix after `<accountId>:`. */
  digits: string;
}

export const MAX_BLOCK_LEVEL = REVERSE_TIME_DIGITS;

/** The block of `level` that contains reverse time `reverse`. */
export function blockAt(reverse: number, level: number): TimeBlock {
  const size = 10 ** level;
  const start = Math.floor(reverse / size) * size;
  return {
    level,
    start,
    end: Math.min(start + size - 1, REVERSE_TIME_BASE),
    digits: reverseDigits(start).slice(0, REVERSE_TIME_DIGITS - level),
  };
}

/** The ten blocks one level down that make up `block`, in key order. */
export function childrenOf(block: TimeBlock): TimeBlock[] {
  if (block.level === 0) throw new Error('a one-millisecond block has no children');
  const size = 10 ** (block.level - 1);
  return Array.from({ length: 10 }, (_, digit) =>
    blockAt(block.start + digit * size, block.level - 1),
  ).filter((child) => child.start <= REVERSE_TIME_BASE);
}
