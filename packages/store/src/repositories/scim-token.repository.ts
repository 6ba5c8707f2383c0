import type { Model } from 'mongoose';
import type { ScimTokenDocument } from '../models/scim-token.model.ts';
import { TOKEN_SLOTS, tokenSlotKey, type TokenSlotDocument } from '../models/token-slot.model.ts';
import { isDuplicateKeyError } from './mongo-errors.ts';

export interface StoredScimToken {
  tokenId: string;
  accountId: string;
  secretHash: string;
  revoked: boolean;
  expiresAt: Date | null;
}

/** What an admin sees of a token: never its secret or hash. */
export interface ScimTokenSummary {
  tokenId: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Tokens listed for an account, newest first: its active ones and the latest revoked. */
const MAX_LISTED_TOKENS = 50;

export type TokenInsertOutcome = { kind: 'inserted' } | { kind: 'limitReached'; limit: number };

/**
 * How long a slot may name a token that does not exist before another token takes it: the
 * slot is claimed first and the token stored second, so a crash between them leaves a claim
 * without its token; a claim this old is such a leftover, not a generation in progress.
 */
const ABANDONED_SLOT_AGE_MS = 60_000;

/**
 * SCIM tokens. At most TOKEN_SLOTS of an account's tokens are active: generating one claims a
 * free slot first (token-slot.model.ts), revoking one frees its slot.
 */
export class ScimTokenRepository {
  constructor(
    private readonly tokens: Model<ScimTokenDocument>,
    private readonly slots: Model<TokenSlotDocument>,
  ) {}

  async insert(token: {
    tokenId: string;
    accountId: string;
    secretHash: string;
    expiresAt?: Date;
    createdBy?: string;
  }): Promise<TokenInsertOutcome> {
    if (!(await this.claimSlot(token.accountId, token.tokenId)))
      return { kind: 'limitReached', limit: TOKEN_SLOTS };
    await this.tokens.create({
      _id: token.tokenId,
      accountId: token.accountId,
      secretHash: token.secretHash,
      createdAt: new Date(),
      createdBy: token.createdBy ?? 'cli',
      revokedAt: null,
      expiresAt: token.expiresAt ?? null,
      lastUsedAt: null,
    });
    return { kind: 'inserted' };
  }

  async findById(tokenId: string): Promise<StoredScimToken | null> {
    const doc = await this.tokens.findById(tokenId).lean<ScimTokenDocument>().exec();
    if (doc === null) return null;
    return {
      tokenId: doc._id,
      accountId: doc.accountId,
      secretHash: doc.secretHash,
      revoked: doc.revokedAt !== null,
      expiresAt: doc.expiresAt ?? null,
    };
  }

  /**
   * The account's tokens, newest first. FerretDB v1 answers this by reading the token
   * collection (it indexes only `_id`); tokens are few per account and admins list them rarely.
   */
  async list(accountId: string): Promise<ScimTokenSummary[]> {
    const docs = await this.tokens
      .find({ accountId })
      .select({ secretHash: 0 })
      .lean<Omit<ScimTokenDocument, 'secretHash'>[]>()
      .exec();
    return docs
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, MAX_LISTED_TOKENS)
      .map((doc) => ({
        tokenId: doc._id,
        createdBy: doc.createdBy ?? 'cli',
        createdAt: doc.createdAt.toISOString(),
        lastUsedAt: doc.lastUsedAt?.toISOString() ?? null,
        expiresAt: doc.expiresAt?.toISOString() ?? null,
        revokedAt: doc.revokedAt?.toISOString() ?? null,
      }));
  }

  /** Records a use; never moves the time back (`$max`), so concurrent processes cannot undo each other. */
  async markUsed(tokenId: string, at: Date): Promise<void> {
    await this.tokens.updateOne({ _id: tokenId }, { $max: { lastUsedAt: at } }).exec();
  }

  /** Revokes the token (it stops verifying) and frees its slot. False when it was not active. */
  async revoke(accountId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens
      .updateOne({ _id: tokenId, accountId, revokedAt: null }, { $set: { revokedAt: new Date() } })
      .exec();
    // Freed even when the token was revoked before: a retry after a crash between the two steps.
    const slots = Array.from({ length: TOKEN_SLOTS }, (_, slot) => tokenSlotKey(accountId, slot));
    await this.slots.deleteMany({ _id: { $in: slots }, tokenId }).exec();
    return result.modifiedCount === 1;
  }

  /** Takes a free slot, or one whose token is revoked or was never stored; false when all are held. */
  private async claimSlot(accountId: string, tokenId: string): Promise<boolean> {
    for (let slot = 0; slot < TOKEN_SLOTS; slot++) {
      const _id = tokenSlotKey(accountId, slot);
      try {
        await this.slots.create({ _id, accountId, tokenId, claimedAt: new Date() });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.slots.findById(_id).lean<TokenSlotDocument>().exec();
      if (held === null || !(await this.isVacated(held))) continue;
      // Compare-and-set on the holder: of two generations taking over one slot, one wins.
      const taken = await this.slots
        .updateOne({ _id, tokenId: held.tokenId }, { $set: { tokenId, claimedAt: new Date() } })
        .exec();
      if (taken.modifiedCount === 1) return true;
    }
    return false;
  }

  private async isVacated(held: TokenSlotDocument): Promise<boolean> {
    const holder = await this.tokens.findById(held.tokenId).lean<ScimTokenDocument>().exec();
    // A revoked or expired token no longer works: its slot is free for a new one.
    if (holder !== null)
      return (
        holder.revokedAt !== null || (holder.expiresAt !== null && holder.expiresAt.getTime() <= Date.now())
      );
    return Date.now() - held.claimedAt.getTime() > ABANDONED_SLOT_AGE_MS;
  }
}
