import { isDeepStrictEqual } from 'node:util';
import type { ChangeSummary, MemberDelta } from '@roster/store';
import { findUrn } from '@roster/scim';

/** A resource's attributes as a handler saw them before or after its write. */
export interface ObservedState {
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  /** The app's columns mapped from the user (app-fields.ts); Users only. */
  app?: Record<string, unknown> | undefined;
}

export interface SummaryOptions {
  /** The account's own extension URN (Users): values of its fields are shown as `fields.<id>`. */
  customUrn?: string | undefined;
}

/** Never listed: RFC 7643's write-only attribute (Roster never stores it anyway) and server-owned ones. */
const HIDDEN = new Set(['password', 'schemas', 'id', 'meta']);
/** Custom fields and app columns named like this are listed as changed, their values withheld. */
const SECRET_NAME = /password|secret|token/i;

type Values = NonNullable<ChangeSummary['values']>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Stored values are JSON or Dates (typed custom fields): node compares both. */
const sameValue = isDeepStrictEqual;

/** Both sides' attributes by lower-cased name (SCIM names are case-insensitive), the newer spelling kept. */
function pairs(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { name: string; before: unknown; after: unknown }[] {
  const byKey = new Map<string, { name: string; before: unknown; after: unknown }>();
  for (const [name, value] of Object.entries(before))
    byKey.set(name.toLowerCase(), { name, before: value, after: undefined });
  for (const [name, value] of Object.entries(after)) {
    const known = byKey.get(name.toLowerCase());
    byKey.set(name.toLowerCase(), { name, before: known?.before, after: value });
  }
  return [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Paths of the attributes that differ, one level of sub-attributes deep (`name.givenName`), as
 * SCIM complex attributes are; multi-valued attributes (`emails`) are named as a whole.
 */
function changedPaths(
  prefix: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const paths: string[] = [];
  for (const pair of pairs(before, after)) {
    if (HIDDEN.has(pair.name.toLowerCase()) || sameValue(pair.before, pair.after)) continue;
    if (isObject(pair.before) || isObject(pair.after)) {
      const subBefore = isObject(pair.before) ? pair.before : {};
      const subAfter = isObject(pair.after) ? pair.after : {};
      for (const sub of pairs(subBefore, subAfter))
        if (!sameValue(sub.before, sub.after)) paths.push(`${prefix}${pair.name}.${sub.name}`);
    } else {
      paths.push(`${prefix}${pair.name}`);
    }
  }
  return paths;
}

/** A value as the log shows it: JSON primitives, dates as ISO text, anything else as JSON text. */
function shown(value: unknown): Values[string] {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** New values of the entries of `after` that differ from `before`, named `<label>.<name>`. */
function changedValues(
  label: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  into: Values,
): void {
  for (const pair of pairs(before, after)) {
    if (sameValue(pair.before, pair.after) || SECRET_NAME.test(pair.name)) continue;
    into[`${label}.${pair.name}`] = shown(pair.after);
  }
}

const extensionOf = (state: ObservedState | null, urn: string): Record<string, unknown> => {
  if (state === null) return {};
  const key = findUrn(Object.keys(state.extensions), urn);
  return key === undefined ? {} : (state.extensions[key] ?? {});
};

/**
 * What an applied write changed: the attribute paths that differ between the resource before
 * (null: it was created) and after, the new values of the account's custom fields and of the
 * app's mapped columns (and of nothing else), and a Group's member delta. Pure.
 */
export function summarizeChange(
  before: ObservedState | null,
  after: ObservedState | null,
  options: SummaryOptions = {},
  members?: MemberDelta,
): ChangeSummary {
  const attributes = changedPaths('', before?.core ?? {}, after?.core ?? {});
  const urns = pairs(before?.extensions ?? {}, after?.extensions ?? {}).map((pair) => pair.name);
  for (const urn of urns)
    attributes.push(...changedPaths(`${urn}:`, extensionOf(before, urn), extensionOf(after, urn)));
  const values: Values = {};
  if (options.customUrn !== undefined)
    changedValues(
      'fields',
      extensionOf(before, options.customUrn),
      extensionOf(after, options.customUrn),
      values,
    );
  changedValues('app', before?.app ?? {}, after?.app ?? {}, values);
  const membersChanged = members !== undefined && (members.added > 0 || members.removed !== 0);
  if (membersChanged) attributes.push('members');
  return {
    attributes,
    ...(Object.keys(values).length === 0 ? {} : { values }),
    ...(membersChanged ? { members } : {}),
  };
}
