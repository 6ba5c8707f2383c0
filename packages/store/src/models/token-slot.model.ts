import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/**
 * One of an account's active-token slots: `_id` `<accountId>:<slot>`, slot 0 or 1. A token is
 * active only while it holds a slot, so inserting the slot document is what makes the "at most
 * two active tokens" rule atomic on a store without transactions (two admins generating at once
 * cannot both take the last slot: one insert is a duplicate key).
 */
export interface TokenSlotDocument {
  _id: string;
  accountId: string;
  tokenId: string;
  claimedAt: Date;
}

const tokenSlotSchema = collectionSchema<TokenSlotDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  tokenId: { type: String, required: true },
  claimedAt: { type: Date, required: true },
});

/** Active tokens an account may hold at once: a new one can be pasted before the old one goes. */
export const TOKEN_SLOTS = 2;

export const tokenSlotKey = (accountId: string, slot: number): string => `${accountId}:${slot}`;

export const tokenSlotModel = (connection: Connection): Model<TokenSlotDocument> =>
  connection.model<TokenSlotDocument>('TokenSlot', tokenSlotSchema, 'token_slots');
