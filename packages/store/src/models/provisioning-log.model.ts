import { Schema, type Connection, type Model } from 'mongoose';
import { collectionSchema } from './collection-schema.ts';

/** Who wrote an entry: the worker (every write a job decided) or ingress (writes refused before a job). */
export type ProvisioningLogSource = 'worker' | 'ingress';
export type ProvisioningOperation = 'create' | 'replace' | 'patch' | 'delete' | 'bulk';
export type ProvisioningOutcome = 'applied' | 'rejected' | 'failed' | 'timedOut';
export type ProvisionedResourceType = 'User' | 'Group' | 'Bulk';

/** A Group's member change: members named in add / remove operations ("all": the list was emptied). */
export interface MemberDelta {
  added: number;
  removed: number | 'all';
}

/** A stored value of a custom field (`fields.<id>`) or an app column (`app.<column>`). */
export interface LoggedValue {
  name: string;
  /** JSON primitives only (objects are stored as truncated JSON text): no client keys in the document. */
  value: string | number | boolean | null;
}

/**
 * One SCIM request that changed or tried to change data (docs/provisioning-log.md).
 *
 * `_id` is `<accountId>:<reverse time>:<unique>`: the reverse time is 13 zero-padded digits of
 * REVERSE_TIME_BASE - epoch ms, so one account's entries are one key-prefix range in newest-first
 * order, and every decimal-aligned span of time (10 s, 100 s, …) is a key-prefix range of its own
 * (`<accountId>:<first digits>`): the only range FerretDB v1 answers from an index (docs/ferretdb.md
 * §3). Lists and the purge read such spans and nothing else; the store never sorts.
 */
export interface ProvisioningLogDocument {
  _id: string;
  accountId: string;
  at: Date;
  source: ProvisioningLogSource;
  tokenId?: string;
  requestId: string;
  /** The operation's index in its /Bulk request. */
  bulkIndex?: number;
  method: string;
  resourceType: ProvisionedResourceType;
  resourceId?: string;
  userName?: string;
  displayName?: string;
  operation: ProvisioningOperation;
  outcome: ProvisioningOutcome;
  status: number;
  scimType?: string;
  detail?: string;
  durationMs: number;
  changes?: { attributes: string[]; values?: LoggedValue[]; members?: MemberDelta };
}

const provisioningLogSchema = collectionSchema<ProvisioningLogDocument>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  at: { type: Date, required: true },
  source: { type: String, required: true },
  tokenId: { type: String },
  requestId: { type: String, required: true },
  bulkIndex: { type: Number },
  method: { type: String, required: true },
  resourceType: { type: String, required: true },
  resourceId: { type: String },
  userName: { type: String },
  displayName: { type: String },
  operation: { type: String, required: true },
  outcome: { type: String, required: true },
  status: { type: Number, required: true },
  scimType: { type: String },
  detail: { type: String },
  durationMs: { type: Number, required: true },
  changes: { type: Schema.Types.Mixed },
});
// No secondary index: every read is a key-prefix range of `_id` (see above), on both stores.

/** Digits of the reverse time: epoch ms up to the year 2286. */
export const REVERSE_TIME_DIGITS = 13;
export const REVERSE_TIME_BASE = 10 ** REVERSE_TIME_DIGITS - 1;

/** The reverse time of `ms` as a number (0 = the far future, REVERSE_TIME_BASE = 1970). */
export const reverseTimeOf = (ms: number): number =>
  REVERSE_TIME_BASE - Math.min(Math.max(Math.trunc(ms), 0), REVERSE_TIME_BASE);

export const reverseDigits = (reverse: number): string => String(reverse).padStart(REVERSE_TIME_DIGITS, '0');

/** `<reverse time>:<unique>`: an entry's id within its account (what the admin API shows). */
export const logEntryId = (at: Date, unique: string): string =>
  `${reverseDigits(reverseTimeOf(at.getTime()))}:${unique}`;

export const logKey = (accountId: string, entryId: string): string => `${accountId}:${entryId}`;

/**
 * Outcomes an admin looks for among many applied writes. Each such entry is stored twice: in the
 * account's log, and under a key space of its own, `<accountId>@<outcome>` (`@` is in no account
 * id, and is one of the characters whose key prefixes Roster's FerretDB answers from its index), so "rejected only" reads rejected entries and nothing else, however long the log.
 */
export const INDEXED_OUTCOMES: readonly ProvisioningOutcome[] = ['rejected', 'failed', 'timedOut'];

/** The key space entries of `outcome` are also stored in (see INDEXED_OUTCOMES). */
export const outcomeKeySpace = (accountId: string, outcome: ProvisioningOutcome): string =>
  `${accountId}@${outcome}`;

export const provisioningLogModel = (connection: Connection): Model<ProvisioningLogDocument> =>
  connection.model<ProvisioningLogDocument>('ProvisioningLog', provisioningLogSchema, 'provisioning_log');
