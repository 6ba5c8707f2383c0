import type { Model } from 'mongoose';
import type { AccountDocument } from '../models/account.model.ts';
import { isDuplicateKeyError } from './mongo-errors.ts';

export interface AccountRecord {
  id: string;
  name: string;
  createdAt: string;
}

export type CreateAccountOutcome = { kind: 'created'; account: AccountRecord } | { kind: 'exists' };

const toRecord = (doc: AccountDocument): AccountRecord => ({
  id: doc._id,
  name: doc.name,
  createdAt: doc.createdAt.toISOString(),
});

export class AccountRepository {
  constructor(private readonly accounts: Model<AccountDocument>) {}

  async create(id: string, name: string): Promise<CreateAccountOutcome> {
    try {
      const doc = await this.accounts.create({ _id: id, name, createdAt: new Date() });
      return { kind: 'created', account: toRecord(doc.toObject()) };
    } catch (error) {
      if (isDuplicateKeyError(error)) return { kind: 'exists' };
      throw error;
    }
  }

  async get(id: string): Promise<AccountRecord | null> {
    const doc = await this.accounts.findById(id).lean<AccountDocument>().exec();
    return doc === null ? null : toRecord(doc);
  }
}
