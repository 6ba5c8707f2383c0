import type { Model } from 'mongoose';
import type { ScimTokenDocument } from '../models/scim-token.model.ts';

export interface StoredScimToken {
  tokenId: string;
  accountId: string;
  secretHash: string;
  revoked: boolean;
}

export class ScimTokenRepository {
  constructor(private readonly tokens: Model<ScimTokenDocument>) {}

  async insert(token: { tokenId: string; accountId: string; secretHash: string }): Promise<void> {
    await this.tokens.create({
      _id: token.tokenId,
      accountId: token.accountId,
      secretHash: token.secretHash,
      createdAt: new Date(),
      revokedAt: null,
    });
  }

  async findById(tokenId: string): Promise<StoredScimToken | null> {
    const doc = await this.tokens.findById(tokenId).lean<ScimTokenDocument>().exec();
    if (doc === null) return null;
    return {
      tokenId: doc._id,
      accountId: doc.accountId,
      secretHash: doc.secretHash,
      revoked: doc.revokedAt !== null,
    };
  }

  async revoke(accountId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens
      .updateOne({ _id: tokenId, accountId, revokedAt: null }, { $set: { revokedAt: new Date() } })
      .exec();
    return result.modifiedCount === 1;
  }
}
