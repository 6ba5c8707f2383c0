import type { Connection, Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/** An account admin's role; `operator` is the deployment's own staff, outside any account. */
export const ACCOUNT_ROLES = ['owner', 'super_admin', 'user_admin', 'member'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export type AdminRole = AccountRole | 'operator';

/**
 * Operators belong to no account; their documents live under this scope, which can never be
 * an account id (account ids start with a letter or digit).
 */
export const OPERATOR_SCOPE = '_operators';

/**
 * Someone who may sign in to the admin console or API. `_id` is `<scope>:<adminId>`, scope
 * being the account id (or OPERATOR_SCOPE), so an account's admins are one `_id` range and a
 * lookup by an id taken from a URL can only ever find an admin of the account in that URL.
 */
export interface AdminDocument {
  _id: string;
  adminId: string;
  accountId: string | null;
  /** Lower-cased; unique across the deployment (admin-email claims). */
  email: string;
  displayName: string;
  role: AdminRole;
  /** scrypt hash (password-hash.ts); null: signs in by link or API key only. */
  passwordHash: string | null;
  createdAt: Date;
}

const adminSchema = collectionSchema<AdminDocument>({
  _id: { type: String, required: true },
  adminId: { type: String, required: true },
  accountId: { type: String, default: null },
  email: { type: String, required: true },
  displayName: { type: String, required: true },
  role: { type: String, required: true },
  passwordHash: { type: String, default: null },
  createdAt: { type: Date, required: true },
});

export const adminKey = (accountId: string | null, adminId: string): string =>
  `${accountId ?? OPERATOR_SCOPE}:${adminId}`;

export const adminModel = (connection: Connection): Model<AdminDocument> =>
  connection.model<AdminDocument>('Admin', adminSchema, 'admins');
