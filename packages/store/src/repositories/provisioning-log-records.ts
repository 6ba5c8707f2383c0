import {
  logEntryId,
  logKey,
  type LoggedValue,
  type MemberDelta,
  type ProvisionedResourceType,
  type ProvisioningLogDocument,
  type ProvisioningLogSource,
  type ProvisioningOperation,
  type ProvisioningOutcome,
} from '../models/provisioning-log.model.ts';

/** What changed in an applied write (docs/provisioning-log.md, "Change summary"). */
export interface ChangeSummary {
  /** SCIM attribute paths whose value changed (`name.givenName`, `<urn>:department`, `members`). */
  attributes: string[];
  /**
   * New values of changed custom fields (`fields.<id>`) and mapped app columns (`app.<column>`),
   * null when cleared. Nothing else, and never a password or token.
   */
  values?: Record<string, string | number | boolean | null>;
  members?: MemberDelta;
}

/** One entry to append. */
export interface ProvisioningLogEntry {
  /** When the request was received; orders the log. */
  at: Date;
  accountId: string;
  source: ProvisioningLogSource;
  /** The id of the SCIM token that made the request (never the token itself). */
  tokenId?: string | undefined;
  requestId: string;
  bulkIndex?: number | undefined;
  method: string;
  resourceType: ProvisionedResourceType;
  resourceId?: string | undefined;
  userName?: string | undefined;
  displayName?: string | undefined;
  operation: ProvisioningOperation;
  outcome: ProvisioningOutcome;
  /** The HTTP status the client got (or gets, for a write still running when ingress gave up). */
  status: number;
  scimType?: string | undefined;
  detail?: string | undefined;
  durationMs: number;
  changes?: ChangeSummary | undefined;
}

/** A stored entry as the admin API returns it: plain JSON, ISO time, `id` within the account. */
export interface ProvisioningLogRecord extends Omit<ProvisioningLogDocument, '_id' | 'at' | 'changes'> {
  id: string;
  at: string;
  changes?: ChangeSummary;
}

const MAX_TEXT = 256;
const MAX_DETAIL = 300;
const MAX_ATTRIBUTES = 100;
const MAX_VALUES = 50;

const clip = (text: string, max = MAX_TEXT): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** A value as stored: a JSON primitive, strings clipped; anything else as clipped JSON text. */
function storedValue(value: unknown): LoggedValue['value'] {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return clip(value);
  if (value instanceof Date) return value.toISOString();
  return clip(JSON.stringify(value) ?? 'null');
}

/** The unique part of an entry's id: its request (and /Bulk operation) and its writer. */
function uniqueOf(entry: ProvisioningLogEntry): string {
  const request = entry.requestId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
  const operation = entry.bulkIndex === undefined ? '' : `-${entry.bulkIndex}`;
  return `${request}${operation}.${entry.source === 'worker' ? 'w' : 'i'}`;
}

/** Copies only the defined optional fields: an undefined would be stored as null. */
function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

export function toDocument(entry: ProvisioningLogEntry): ProvisioningLogDocument {
  const { changes } = entry;
  return {
    _id: logKey(entry.accountId, logEntryId(entry.at, uniqueOf(entry))),
    accountId: entry.accountId,
    at: entry.at,
    source: entry.source,
    requestId: entry.requestId,
    method: entry.method,
    resourceType: entry.resourceType,
    operation: entry.operation,
    outcome: entry.outcome,
    status: entry.status,
    durationMs: Math.max(0, Math.round(entry.durationMs)),
    ...defined({
      tokenId: entry.tokenId,
      bulkIndex: entry.bulkIndex,
      resourceId: entry.resourceId === undefined ? undefined : clip(entry.resourceId, 100),
      userName: entry.userName === undefined ? undefined : clip(entry.userName),
      displayName: entry.displayName === undefined ? undefined : clip(entry.displayName),
      scimType: entry.scimType,
      detail: entry.detail === undefined ? undefined : clip(entry.detail, MAX_DETAIL),
    }),
    ...(changes === undefined
      ? {}
      : {
          changes: {
            attributes: changes.attributes.slice(0, MAX_ATTRIBUTES).map((path) => clip(path)),
            ...(changes.values === undefined
              ? {}
              : {
                  values: Object.entries(changes.values)
                    .slice(0, MAX_VALUES)
                    .map(([name, value]) => ({ name: clip(name, 100), value: storedValue(value) })),
                }),
            ...(changes.members === undefined ? {} : { members: changes.members }),
          },
        }),
  };
}

export function toRecord(doc: ProvisioningLogDocument): ProvisioningLogRecord {
  const { changes } = doc;
  return {
    // After the key space (the account, or its outcome space): the same id in both.
    id: doc._id.slice(doc._id.indexOf(':') + 1),
    at: doc.at.toISOString(),
    accountId: doc.accountId,
    source: doc.source,
    requestId: doc.requestId,
    method: doc.method,
    resourceType: doc.resourceType,
    operation: doc.operation,
    outcome: doc.outcome,
    status: doc.status,
    durationMs: doc.durationMs,
    ...defined({
      tokenId: doc.tokenId ?? undefined,
      bulkIndex: doc.bulkIndex ?? undefined,
      resourceId: doc.resourceId ?? undefined,
      userName: doc.userName ?? undefined,
      displayName: doc.displayName ?? undefined,
      scimType: doc.scimType ?? undefined,
      detail: doc.detail ?? undefined,
    }),
    ...(changes === undefined || changes === null
      ? {}
      : {
          changes: {
            attributes: changes.attributes,
            ...(changes.values === undefined
              ? {}
              : {
                  values: Object.fromEntries(
                    changes.values.map((value): [string, LoggedValue['value']] => [value.name, value.value]),
                  ),
                }),
            ...(changes.members === undefined ? {} : { members: changes.members }),
          },
        }),
  };
}
