import type { Model } from 'mongoose';
import type { FieldDefinition } from '@roster/scim';
import type { AccountDocument, AppFieldMapping, StoredRateLimit } from '../models/account.model.ts';
import { isDuplicateKeyError } from './mongo-errors.ts';

export interface AccountRecord {
  id: string;
  name: string;
  createdAt: string;
  fields: FieldDefinition[];
  mappings: AppFieldMapping[];
  settingsVersion: number;
  disabledAt: string | null;
  rateLimit: StoredRateLimit | null;
}

export type CreateAccountOutcome = { kind: 'created'; account: AccountRecord } | { kind: 'exists' };
export type FieldChangeOutcome = 'changed' | 'noAccount' | 'exists' | 'missing';

const toRecord = (doc: AccountDocument): AccountRecord => ({
  id: doc._id,
  name: doc.name,
  createdAt: doc.createdAt.toISOString(),
  fields: doc.fields ?? [],
  mappings: doc.mappings ?? [],
  settingsVersion: doc.settingsVersion ?? 0,
  disabledAt: doc.disabledAt?.toISOString() ?? null,
  rateLimit: doc.rateLimit ?? null,
});

/** Accounts listed per page by an operator. */
export const MAX_ACCOUNTS_PER_PAGE = 200;

/**
 * Accounts and their settings (custom fields, app field mappings). Settings change rarely
 * and by an admin, so they are read-modify-write on the one account document, guarded by
 * `settingsVersion` so two concurrent changes cannot overwrite each other.
 */
export class AccountRepository {
  constructor(private readonly accounts: Model<AccountDocument>) {}

  async create(id: string, name: string): Promise<CreateAccountOutcome> {
    try {
      const doc = await this.accounts.create({
        _id: id,
        name,
        createdAt: new Date(),
        fields: [],
        mappings: [],
        settingsVersion: 0,
        disabledAt: null,
        ownerCount: 0,
        rateLimit: null,
      });
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

  /** One page of accounts in id order, after `after` (keyset paging: each page is one range read). */
  async list(after: string | undefined, limit: number): Promise<AccountRecord[]> {
    const docs = await this.accounts
      .find(after === undefined ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(Math.min(limit, MAX_ACCOUNTS_PER_PAGE))
      .lean<AccountDocument[]>()
      .exec();
    return docs.map(toRecord);
  }

  /** Disables (or enables) the account; false when there is no such account. */
  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const result = await this.accounts
      .updateOne({ _id: id }, { $set: { disabledAt: disabled ? new Date() : null } })
      .exec();
    return result.matchedCount === 1;
  }

  /** Sets the account's request rate (null: the default again); false when there is no such account. */
  async setRateLimit(id: string, rateLimit: StoredRateLimit | null): Promise<boolean> {
    const result = await this.accounts.updateOne({ _id: id }, { $set: { rateLimit } }).exec();
    return result.matchedCount === 1;
  }

  async addField(accountId: string, field: FieldDefinition): Promise<FieldChangeOutcome> {
    return this.changeSettings(accountId, (account) => {
      if (account.fields.some((existing) => existing.id.toLowerCase() === field.id.toLowerCase()))
        return 'exists';
      return { fields: [...account.fields, field], mappings: withTarget(account.mappings, field) };
    });
  }

  /** Changes a field's definition (same id); its stored values stay and are read with the new type. */
  async replaceField(accountId: string, field: FieldDefinition): Promise<FieldChangeOutcome> {
    return this.changeSettings(accountId, (account) => {
      const at = account.fields.findIndex((existing) => existing.id.toLowerCase() === field.id.toLowerCase());
      if (at === -1) return 'missing';
      const fields = account.fields.map((existing, index) => (index === at ? field : existing));
      return { fields, mappings: withTarget(withoutSource(account.mappings, field.id), field) };
    });
  }

  /** Stored values of a removed field stay in user documents (readable) until purged. */
  async removeField(accountId: string, fieldId: string): Promise<FieldChangeOutcome> {
    return this.changeSettings(accountId, (account) => {
      const fields = account.fields.filter((field) => field.id.toLowerCase() !== fieldId.toLowerCase());
      if (fields.length === account.fields.length) return 'missing';
      return { fields, mappings: withoutSource(account.mappings, fieldId) };
    });
  }

  async setMapping(accountId: string, mapping: AppFieldMapping): Promise<FieldChangeOutcome> {
    return this.changeSettings(accountId, (account) => ({
      fields: account.fields,
      mappings: [...account.mappings.filter((m) => m.target !== mapping.target), mapping],
    }));
  }

  private async changeSettings(
    accountId: string,
    change: (account: AccountRecord) => Pick<AccountRecord, 'fields' | 'mappings'> | 'exists' | 'missing',
  ): Promise<FieldChangeOutcome> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const account = await this.get(accountId);
      if (account === null) return 'noAccount';
      const next = change(account);
      if (next === 'exists' || next === 'missing') return next;
      const result = await this.accounts
        .updateOne(
          { _id: accountId, settingsVersion: account.settingsVersion },
          {
            $set: {
              fields: next.fields,
              mappings: next.mappings,
              settingsVersion: account.settingsVersion + 1,
            },
          },
        )
        .exec();
      if (result.modifiedCount === 1) return 'changed';
    }
    throw new Error(`account ${accountId} settings kept changing under us`);
  }
}

/** The JSONPath of a custom field's typed value in the mapping view (see app-fields.ts). */
export const fieldSource = (fieldId: string): string => `$.fields.${fieldId}`;

/** The mappings without the field as a source; a mapping left with no source goes. */
function withoutSource(mappings: AppFieldMapping[], fieldId: string): AppFieldMapping[] {
  const source = fieldSource(fieldId);
  return mappings
    .map((mapping) => ({ ...mapping, sources: mapping.sources.filter((s) => s !== source) }))
    .filter((mapping) => mapping.sources.length > 0);
}

function withTarget(mappings: AppFieldMapping[], field: FieldDefinition): AppFieldMapping[] {
  if (field.target === undefined) return mappings;
  const existing = mappings.find((mapping) => mapping.target === field.target);
  if (existing === undefined)
    return [...mappings, { target: field.target, sources: [fieldSource(field.id)] }];
  return mappings.map((mapping) =>
    mapping === existing ? { ...mapping, sources: [fieldSource(field.id), ...mapping.sources] } : mapping,
  );
}
