import type { FieldType } from '@roster/scim';
import type { AccountSchema, RangeSize, TableRecord } from '@roster/store';

/** The table's configurable columns: the account's custom fields, then its mapped app columns. */
export interface DirectoryColumns {
  fields: { id: string; label: string; type: FieldType }[];
  app: string[];
}

/** How far to trust a count: `estimate` is within a few percent, `atLeast` a lower bound. */
export type TotalKind = RangeSize['kind'];

export interface UserRow {
  id: string;
  userName: string;
  displayName: string | null;
  /** False only when `active` is false: a user provisioned without it counts as active. */
  active: boolean;
  /** The primary email, else the first. */
  email: string | null;
  externalId: string | null;
  /** Field id → typed value (Date fields as `YYYY-MM-DD`, DateTime as ISO 8601), for every defined field. */
  fields: Record<string, unknown>;
  /** App column → value, for every mapped column. */
  app: Record<string, unknown>;
  lastModified: string;
}

export interface GroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
  memberCountKind: TotalKind;
  lastModified: string;
}

export interface MemberRow {
  id: string;
  type: 'User' | 'Group';
  /** Users only. */
  userName: string | null;
  displayName: string | null;
  /** False when the member is no longer stored (deleted while the group still listed it). */
  exists: boolean;
}

export function columnsOf(account: AccountSchema): DirectoryColumns {
  return {
    fields: account.fields.map(({ id, label, type }) => ({ id, label, type })),
    app: [...new Set(account.mappings.map((mapping) => mapping.target))],
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A stored value as JSON: Dates as ISO 8601 (a `Date` field's as its day), the rest as stored. */
export function jsonValue(value: unknown, type?: FieldType): unknown {
  if (value instanceof Date) return type === 'Date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => jsonValue(item));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonValue(item)]));
  return value ?? null;
}

/** The primary email's value, else the first one's (RFC 7643 §2.4). */
export function emailOf(core: Record<string, unknown>): string | null {
  const emails = Array.isArray(core.emails) ? (core.emails as unknown[]) : [];
  const values = emails.filter(
    (email): email is Record<string, unknown> => typeof email === 'object' && email !== null,
  );
  const primary = values.find((email) => email.primary === true) ?? values[0];
  return text(primary?.value);
}

export function userRow(record: TableRecord, columns: DirectoryColumns): UserRow {
  const { core } = record;
  return {
    id: record.id,
    userName: text(core.userName) ?? '',
    displayName: text(core.displayName),
    active: core.active !== false,
    email: emailOf(core),
    externalId: text(core.externalId),
    fields: Object.fromEntries(
      columns.fields.map((field) => [field.id, jsonValue(record.fields[field.id], field.type)]),
    ),
    app: Object.fromEntries(columns.app.map((column) => [column, jsonValue(record.app[column])])),
    lastModified: record.meta.lastModified,
  };
}

export function groupRow(record: TableRecord, members: RangeSize): GroupRow {
  return {
    id: record.id,
    displayName: text(record.core.displayName) ?? '',
    externalId: text(record.core.externalId),
    memberCount: members.count,
    memberCountKind: members.kind,
    lastModified: record.meta.lastModified,
  };
}

export function memberRow(
  member: { value: string; type: 'User' | 'Group' },
  record: TableRecord | undefined,
): MemberRow {
  return {
    id: member.value,
    type: member.type,
    userName: member.type === 'User' ? text(record?.core.userName) : null,
    displayName: text(record?.core.displayName),
    exists: record !== undefined,
  };
}
