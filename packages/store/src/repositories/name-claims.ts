import type { Model, mongo } from 'mongoose';
import { nameClaimKey, type NameClaimDocument } from '../models/name-claim.model.ts';
import { batchedInserter, type InsertOutcome } from './insert-batch.ts';

/**
 * A claim whose owner no longer holds the name can only be left by a write that failed for
 * good half-way (its job gave up, or the store lost the owner's document); younger claims may
 * belong to a create still in flight. This is the longest a name stays blocked by a claim
 * nobody holds: the next writer that wants the name after this age takes it over.
 */
export const ABANDONED_CLAIM_AGE_MS = 60_000;

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

  /**
   * Claims the name for `ownerId`.
   * @returns when the claim was made if `ownerId` now holds the name (also when it already
   *   did: a retry), or null when another owner holds it.
   */
  async claim(accountId: string, key: string, ownerId: string): Promise<Date | null> {
    const _id = nameClaimKey(accountId, key);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const claimedAt = new Date();
      if ((await this.insert({ _id, accountId, ownerId, claimedAt })) === 'inserted') return claimedAt;
      const claim = await this.claims.findById(_id).lean<NameClaimDocument>().exec();
      if (claim === null) continue; // released meanwhile: try again
      if (claim.ownerId === ownerId) return claim.claimedAt;
      if (!isOldEnoughToAbandon(claim.claimedAt)) return null;
      if (await this.ownerHolds(accountId, claim.ownerId, key)) return null;
      // Conditional on the abandoned owner, so a claim taken meanwhile is never removed.
      // This filter is not an `_id`-only lookup, but the path only runs after a failed write.
      await this.claims.deleteOne({ _id, ownerId: claim.ownerId }).exec();
    }
    return null;
  }

  /** Drops `ownerId`'s claim on the name with this key, if it holds it. */
  async release(accountId: string, key: string, ownerId: string): Promise<void> {
    const _id = nameClaimKey(accountId, key);
    const claim = await this.claims.findById(_id).lean<NameClaimDocument>().exec();
    if (claim?.ownerId === ownerId) await this.claims.deleteOne({ _id }).exec();
  }
}

/**
 * Whether a claim made at `claimedAt` may be taken over (by this process's clock). A writer
 * whose own claim is half that old re-checks it after storing its document (see
 * ResourceRepository.create), which leaves room for clock skew between processes.
 */
export const isOldEnoughToAbandon = (claimedAt: Date): boolean =>
  Date.now() - claimedAt.getTime() >= ABANDONED_CLAIM_AGE_MS;

/** A writer holding a claim this old must confirm it still holds it after writing. */
export const needsFencing = (claimedAt: Date): boolean =>
  Date.now() - claimedAt.getTime() >= ABANDONED_CLAIM_AGE_MS / 2;
