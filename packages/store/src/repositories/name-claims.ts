import type { Model, mongo } from 'mongoose';
import { nameClaimKey, type NameClaimDocument } from '../models/name-claim.model.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';

/**
 * A claim whose owner no longer holds the name can only be left by a write that failed for
 * good half-way; younger claims may belong to a create still in flight.
 */
const ABANDONED_CLAIM_AGE_MS = 60_000;

/** Does the owner still hold this name? (The resource document has the final word.) */
export type OwnerHolds = (accountId: string, ownerId: string, nameKey: string) => Promise<boolean>;

/**
 * Unique names per account through claim documents keyed by `_id` (see name-claim.model.ts).
 * Writers claim before they store a name and release after they drop it, so a crash between
 * the two steps leaves a state the retried job completes.
 */
export class NameClaims {
  private readonly insert: (doc: NameClaimDocument) => Promise<InsertOutcome>;

  constructor(
    private readonly claims: Model<NameClaimDocument>,
    private readonly ownerHolds: OwnerHolds,
    batching: { maxBatch: number; maxInFlight: number },
  ) {
    this.insert = batchedInserter(
      claims.collection as unknown as mongo.Collection<NameClaimDocument>,
      batching,
    );
  }

  /** The owner id holding the name with this key, or null. One `_id` lookup. */
  async ownerOf(accountId: string, key: string): Promise<string | null> {
    const claim = await this.claims.findById(nameClaimKey(accountId, key)).lean<NameClaimDocument>().exec();
    return claim?.ownerId ?? null;
  }

  /** @returns whether `ownerId` now holds the name (also when it already did: a retry). */
  async claim(accountId: string, key: string, ownerId: string): Promise<boolean> {
    const _id = nameClaimKey(accountId, key);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if ((await this.insert({ _id, accountId, ownerId, claimedAt: new Date() })) === 'inserted') return true;
      const claim = await this.claims.findById(_id).lean<NameClaimDocument>().exec();
      if (claim === null) continue; // released meanwhile: try again
      if (claim.ownerId === ownerId) return true;
      if (Date.now() - claim.claimedAt.getTime() < ABANDONED_CLAIM_AGE_MS) return false;
      if (await this.ownerHolds(accountId, claim.ownerId, key)) return false;
      // Conditional on the abandoned owner, so a claim taken meanwhile is never removed.
      // This filter is not an `_id`-only lookup, but the path only runs after a failed write.
      await this.claims.deleteOne({ _id, ownerId: claim.ownerId }).exec();
    }
    return false;
  }

  /** Drops `ownerId`'s claim on the name with this key, if it holds it. */
  async release(accountId: string, key: string, ownerId: string): Promise<void> {
    const _id = nameClaimKey(accountId, key);
    const claim = await this.claims.findById(_id).lean<NameClaimDocument>().exec();
    if (claim?.ownerId === ownerId) await this.claims.deleteOne({ _id }).exec();
  }
}
