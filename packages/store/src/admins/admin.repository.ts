import type { Model } from 'mongoose';
import type { AccountDocument } from '../models/account.model.ts';
import { adminKey, OPERATOR_SCOPE, type AdminDocument, type AdminRole } from '../models/admin.model.ts';
import type { NameClaimDocument } from '../models/name-claim.model.ts';
import { idPrefix } from '../query/id-prefix.ts';
import { isDuplicateKeyError } from '../repositories/mongo-errors.ts';
import { newPublicId } from '../tokens/keyed-secret.ts';

export interface AdminRecord {
  adminId: string;
  /** null for an operator. */
  accountId: string | null;
  email: string;
  displayName: string;
  role: AdminRole;
  hasPassword: boolean;
  createdAt: string;
}

export interface NewAdmin {
  accountId: string | null;
  email: string;
  displayName: string;
  role: AdminRole;
  passwordHash?: string;
}

export type CreateAdminOutcome =
  { kind: 'created'; admin: AdminRecord } | { kind: 'emailTaken' } | { kind: 'noAccount' };
export type AdminChangeOutcome = 'changed' | 'missing' | 'lastOwner';

/** An account holds at most this many admins; listing them is one bounded range read. */
export const MAX_ADMINS_PER_ACCOUNT = 1_000;
/** A claim without its admin this old is a crashed creation's leftover, not one in progress. */
const ABANDONED_CLAIM_AGE_MS = 60_000;

const toRecord = (doc: AdminDocument): AdminRecord => ({
  adminId: doc.adminId,
  accountId: doc.accountId,
  email: doc.email,
  displayName: doc.displayName,
  role: doc.role,
  hasPassword: doc.passwordHash !== null,
  createdAt: doc.createdAt.toISOString(),
});

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Admins and the one rule that spans documents: an account always keeps an owner. The count
 * of owners lives on the account (`ownerCount`) and is changed by guarded single-document
 * updates, ordered so that the count never exceeds the real number of owners: a demotion
 * takes the count down first (refused at 1), a promotion raises it last. A crash in between
 * leaves the count low, which can only refuse a demotion, never allow the last owner to go.
 * Emails are unique deployment-wide through claim documents keyed by the email (FerretDB v1
 * enforces uniqueness reliably only on `_id`).
 */
export class AdminRepository {
  constructor(
    private readonly admins: Model<AdminDocument>,
    private readonly emails: Model<NameClaimDocument>,
    private readonly accounts: Model<AccountDocument>,
  ) {}

  async create(input: NewAdmin): Promise<CreateAdminOutcome> {
    if (input.accountId !== null && (await this.accounts.exists({ _id: input.accountId })) === null)
      return { kind: 'noAccount' };
    const adminId = newPublicId();
    const key = adminKey(input.accountId, adminId);
    const email = normaliseEmail(input.email);
    if (!(await this.claimEmail(email, key, input.accountId))) return { kind: 'emailTaken' };
    const doc: AdminDocument = {
      _id: key,
      adminId,
      accountId: input.accountId,
      email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: input.passwordHash ?? null,
      createdAt: new Date(),
    };
    await this.admins.create(doc);
    if (input.role === 'owner' && input.accountId !== null) await this.countOwner(input.accountId, 1);
    return { kind: 'created', admin: toRecord(doc) };
  }

  async get(accountId: string | null, adminId: string): Promise<AdminRecord | null> {
    const doc = await this.document(adminKey(accountId, adminId));
    return doc === null ? null : toRecord(doc);
  }

  /** The admin behind a credential or session (`adminKey`), with the password hash for sign-in. */
  async byKey(key: string): Promise<(AdminRecord & { passwordHash: string | null }) | null> {
    const doc = await this.document(key);
    return doc === null ? null : { ...toRecord(doc), passwordHash: doc.passwordHash };
  }

  async byEmail(email: string): Promise<(AdminRecord & { passwordHash: string | null; key: string }) | null> {
    const claim = await this.emails.findById(normaliseEmail(email)).lean<NameClaimDocument>().exec();
    if (claim === null) return null;
    const doc = await this.document(claim.ownerId);
    if (doc === null || doc.email !== normaliseEmail(email)) return null;
    return { ...toRecord(doc), passwordHash: doc.passwordHash, key: doc._id };
  }

  async list(accountId: string): Promise<AdminRecord[]> {
    const docs = await this.admins
      .find({ _id: idPrefix(`${accountId}:`) })
      .sort({ _id: 1 })
      .limit(MAX_ADMINS_PER_ACCOUNT)
      .lean<AdminDocument[]>()
      .exec();
    return docs.map(toRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async setPassword(key: string, passwordHash: string): Promise<boolean> {
    const result = await this.admins.updateOne({ _id: key }, { $set: { passwordHash } }).exec();
    return result.matchedCount === 1;
  }

  async changeRole(accountId: string, adminId: string, role: AdminRole): Promise<AdminChangeOutcome> {
    const key = adminKey(accountId, adminId);
    const current = await this.document(key);
    if (current === null) return 'missing';
    if (current.role === role) return 'changed';
    if (current.role === 'owner' && !(await this.uncountOwner(accountId))) return 'lastOwner';
    const result = await this.admins.updateOne({ _id: key, role: current.role }, { $set: { role } }).exec();
    if (result.modifiedCount !== 1) {
      // Changed or removed meanwhile: give the owner count back and let the caller look again.
      if (current.role === 'owner') await this.countOwner(accountId, 1);
      return 'missing';
    }
    if (role === 'owner') await this.countOwner(accountId, 1);
    return 'changed';
  }

  /** Removes the admin; its API keys and sessions stop working with it (they name the admin). */
  async remove(accountId: string, adminId: string): Promise<AdminChangeOutcome> {
    const key = adminKey(accountId, adminId);
    const current = await this.document(key);
    if (current === null) return 'missing';
    if (current.role === 'owner' && !(await this.uncountOwner(accountId))) return 'lastOwner';
    const result = await this.admins.deleteOne({ _id: key, role: current.role }).exec();
    if (result.deletedCount !== 1) {
      if (current.role === 'owner') await this.countOwner(accountId, 1);
      return 'missing';
    }
    await this.emails.deleteOne({ _id: current.email, ownerId: key }).exec();
    return 'changed';
  }

  private document(key: string): Promise<AdminDocument | null> {
    return this.admins.findById(key).lean<AdminDocument>().exec();
  }

  private async countOwner(accountId: string, by: number): Promise<void> {
    await this.accounts.updateOne({ _id: accountId }, { $inc: { ownerCount: by } }).exec();
  }

  /** Takes one owner off the count unless it is the last; false when it is. */
  private async uncountOwner(accountId: string): Promise<boolean> {
    const result = await this.accounts
      .updateOne({ _id: accountId, ownerCount: { $gte: 2 } }, { $inc: { ownerCount: -1 } })
      .exec();
    return result.modifiedCount === 1;
  }

  private async claimEmail(email: string, key: string, accountId: string | null): Promise<boolean> {
    const claim = { _id: email, accountId: accountId ?? OPERATOR_SCOPE, ownerId: key, claimedAt: new Date() };
    try {
      await this.emails.create(claim);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await this.emails.findById(email).lean<NameClaimDocument>().exec();
    if (held === null) return false;
    const holderExists = (await this.document(held.ownerId)) !== null;
    if (holderExists || Date.now() - held.claimedAt.getTime() < ABANDONED_CLAIM_AGE_MS) return false;
    const taken = await this.emails
      .updateOne({ _id: email, ownerId: held.ownerId }, { $set: { ownerId: key, claimedAt: new Date() } })
      .exec();
    return taken.modifiedCount === 1;
  }
}
