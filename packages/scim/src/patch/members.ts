/**
 * Group membership changes, pulled out of a PATCH before the rest is applied to the group
 * document: memberships live in their own collection and are written one member at a time
 * (insert-if-absent / delete), never as a read-modify-write of the whole list, because Entra sends
 * several membership PATCHes for one group in parallel (docs/entra.md §2.12).
 *
 * Shapes understood (docs/entra.md §2.12, §2.13, §3; docs/okta.md §5.2):
 * - `add members [{value, $ref?, type?, display?}]` → add those members
 * - `remove members [{value}]` → remove only those (Entra's default mode; an RFC-literal reading
 *   would empty the group, see docs/entra.md §2.13, "The trap in the default mode")
 * - `remove members` without a value → remove all (RFC 7644 §3.5.2.2)
 * - `remove members[value eq "a" or value eq "b"]` → remove a and b (Entra's flag mode)
 * - `replace members [...]` → replace the whole list (Okta)
 * - path-less `add`/`replace` whose value has a `members` key → as the path forms above
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import type { Filter } from '../filter/ast.ts';
import type { PatchPath } from '../filter/parser.ts';
import { describeJsonType, isJsonObject } from '../resource/values.ts';
import { err, ok, type Result } from '../result.ts';
import { GROUP_SCHEMA, urnEquals } from '../urn.ts';
import type { PatchOp, PatchOperation } from './parse.ts';

/** Most members one operation may add, remove or set. */
export const MAX_MEMBERS_PER_OPERATION = 10_000;
/** Longest member id accepted; our ids are far shorter, so anything longer is not one of ours. */
export const MAX_MEMBER_ID_LENGTH = 256;

/** A member as a client names it. `display` and `$ref` are dropped: we derive both ourselves. */
export interface MemberRef {
  readonly value: string;
  readonly type?: string;
}

export type MemberChange =
  | { readonly kind: 'add'; readonly members: readonly MemberRef[] }
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replaceAll'; readonly members: readonly MemberRef[] };

export interface MemberSplit {
  /** In request order. */
  readonly memberChanges: readonly MemberChange[];
  /** Every other operation, in request order, for `applyPatch`. */
  readonly rest: readonly PatchOperation[];
}

type Checked<T> = Result<T, ScimError>;

const invalidValue = (detail: string): Checked<never> => err(ScimError.badRequest('invalidValue', detail));

const isMembersName = (name: string): boolean =>
  name.toLowerCase() === 'members' || urnEquals(name, `${GROUP_SCHEMA}:members`);

const isMembersPath = (path: PatchPath): boolean =>
  path.attr.toLowerCase() === 'members' &&
  (path.schema === undefined || urnEquals(path.schema, GROUP_SCHEMA));

const isClear = (value: unknown): boolean => value === null || value === undefined || value === '';

/** Reads `name` of a client object in any letter case (`Value` appears in Entra's mappings). */
const readKey = (object: Readonly<Record<string, unknown>>, name: string): unknown => {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
};

const checkId = (raw: unknown, where: string): Checked<string> => {
  if (typeof raw !== 'string' || raw.trim() === '') {
    const got =
      typeof raw === 'string' ? 'a blank string' : raw === undefined ? 'nothing' : describeJsonType(raw);
    return invalidValue(`${where} must be a member id, a non-empty string; got ${got}.`);
  }
  if (raw.length > MAX_MEMBER_ID_LENGTH) {
    return invalidValue(
      `${where} is longer than ${MAX_MEMBER_ID_LENGTH} characters, so it is not a member id.`,
    );
  }
  return ok(raw);
};

const readMember = (raw: unknown, where: string): Checked<MemberRef> => {
  if (!isJsonObject(raw)) {
    return invalidValue(
      `${where} must be an object with the member id in 'value'; got ${describeJsonType(raw)}.`,
    );
  }
  const value = checkId(readKey(raw, 'value'), `${where}.value`);
  if (!value.ok) return value;
  const type = readKey(raw, 'type');
  if (type === undefined || type === null) return ok({ value: value.value });
  if (typeof type !== 'string' || type.length > MAX_MEMBER_ID_LENGTH) {
    return invalidValue(`${where}.type must be a short string such as 'User' or 'Group'.`);
  }
  return ok({ value: value.value, type });
};

/** The members listed in `raw` (an array, or one member object), without repeats and nulls. */
const readMembers = (raw: unknown, where: string): Checked<readonly MemberRef[]> => {
  if (!Array.isArray(raw) && !isJsonObject(raw)) {
    return invalidValue(`${where} must be an array of members; got ${describeJsonType(raw)}.`);
  }
  const items: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  if (items.length > MAX_MEMBERS_PER_OPERATION) {
    return invalidValue(
      `${where} lists ${items.length} members; at most ${MAX_MEMBERS_PER_OPERATION} are allowed per operation.`,
    );
  }
  const members = new Map<string, MemberRef>();
  for (const [index, item] of items.entries()) {
    if (item === null) continue;
    const member = readMember(item, Array.isArray(raw) ? `${where}[${index}]` : where);
    if (!member.ok) return member;
    if (!members.has(member.value.value)) members.set(member.value.value, member.value);
  }
  return ok([...members.values()]);
};

/** Ids named by `value eq "id"` comparisons joined with `or`; `undefined` for any other filter. */
const idsInFilter = (filter: Filter): readonly unknown[] | undefined => {
  if (filter.kind === 'or') {
    const ids: unknown[] = [];
    for (const operand of filter.filters) {
      const inner = idsInFilter(operand);
      if (inner === undefined) return undefined;
      ids.push(...inner);
    }
    return ids;
  }
  const isValueEq =
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.schema === undefined &&
    filter.path.subAttr === undefined &&
    filter.path.attr.toLowerCase() === 'value';
  return isValueEq ? [filter.value] : undefined;
};

const removeByFilter = (filter: Filter, where: string): Checked<MemberChange> => {
  const raw = idsInFilter(filter);
  if (raw === undefined) {
    return err(
      ScimError.badRequest(
        'invalidFilter',
        `${where}: the only filters supported on 'members' are 'value eq "<id>"' comparisons, optionally joined with 'or'.`,
      ),
    );
  }
  const ids = new Set<string>();
  for (const item of raw) {
    const id = checkId(item, `${where}: the filter value`);
    if (!id.ok) return id;
    ids.add(id.value);
  }
  return ok({ kind: 'remove', ids: [...ids] });
};

/**
 * The change one operation on `members` asks for; `undefined` when it changes nothing (adding no
 * members, removing an empty list).
 *
 * @param where - prefix for details, e.g. `Operations[0]`.
 * @param valueWhere - how to name the value in details, e.g. `Operations[0].value`.
 */
const memberChange = (
  op: PatchOp,
  path: PatchPath,
  value: unknown,
  where: string,
  valueWhere: string,
): Checked<MemberChange | undefined> => {
  if (path.subAttr !== undefined) {
    return err(
      ScimError.badRequest(
        'mutability',
        `${where}: members cannot be changed one sub-attribute at a time; add or remove whole members.`,
      ),
    );
  }
  if (path.valueFilter !== undefined) {
    if (op === 'remove') return removeByFilter(path.valueFilter, where);
    return err(
      ScimError.badRequest(
        'invalidPath',
        `${where}: a value filter on 'members' is supported only with 'remove'; use '${op}' with path 'members'.`,
      ),
    );
  }
  if (isClear(value)) {
    // Remove without a value is RFC 7644 §3.5.2.2 "remove all"; replace with null/"" clears, as
    // for any attribute. Add with nothing to add changes nothing.
    return ok(op === 'add' ? undefined : { kind: 'removeAll' });
  }
  const members = readMembers(value, valueWhere);
  if (!members.ok) return members;
  switch (op) {
    case 'add':
      return ok(members.value.length === 0 ? undefined : { kind: 'add', members: members.value });
    case 'replace':
      return ok(
        members.value.length === 0 ? { kind: 'removeAll' } : { kind: 'replaceAll', members: members.value },
      );
    case 'remove': {
      // Entra's default mode: remove only the listed members (docs/entra.md §2.13).
      const ids = members.value.map((member) => member.value);
      return ok(ids.length === 0 ? undefined : { kind: 'remove', ids });
    }
  }
};

/** Splits a path-less operation's `members` key from its other attributes. */
const splitPathless = (
  op: PatchOperation,
  where: string,
): Checked<{ readonly change?: MemberChange; readonly rest?: PatchOperation }> => {
  if (!isJsonObject(op.value)) return ok({ rest: op });
  const value = op.value;
  const keys = Object.keys(value).filter(isMembersName);
  const [key, second] = keys;
  if (key === undefined) return ok({ rest: op });
  if (second !== undefined) {
    return err(
      ScimError.badRequest(
        'invalidSyntax',
        `${where}.value has ${quoteForDetail(key)} and ${quoteForDetail(second)}; send 'members' once.`,
      ),
    );
  }
  const change = memberChange(op.op, { attr: 'members' }, value[key], where, `${where}.value.${key}`);
  if (!change.ok) return change;
  // Object.fromEntries defines keys as own data properties, so even a `__proto__` key could not
  // reach a prototype.
  const others = Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
  return ok({
    ...(change.value === undefined ? {} : { change: change.value }),
    ...(Object.keys(others).length === 0 ? {} : { rest: { op: op.op, value: others } }),
  });
};

/**
 * Separates the membership changes of a Group PATCH from the operations on the group itself.
 * Rejections (400): a member without a non-empty string `value` of at most
 * {@link MAX_MEMBER_ID_LENGTH} characters, or more than {@link MAX_MEMBERS_PER_OPERATION} members
 * in one operation (invalidValue); a filter on `members` other than `value eq` joined by `or`
 * (invalidFilter); a filter with `add`/`replace` (invalidPath); a path to a member sub-attribute
 * (mutability).
 */
export const splitMemberChanges = (ops: readonly PatchOperation[]): Result<MemberSplit, ScimError> => {
  const memberChanges: MemberChange[] = [];
  const rest: PatchOperation[] = [];
  for (const [index, op] of ops.entries()) {
    const where = `Operations[${index}]`;
    // A bare extension URN as the path: its value holds that extension's attributes, never members.
    if (op.schema !== undefined && !urnEquals(op.schema, GROUP_SCHEMA)) {
      rest.push(op);
      continue;
    }
    if (op.path === undefined) {
      const split = splitPathless(op, where);
      if (!split.ok) return split;
      if (split.value.rest !== undefined) rest.push(split.value.rest);
      if (split.value.change !== undefined) memberChanges.push(split.value.change);
      continue;
    }
    if (!isMembersPath(op.path)) {
      rest.push(op);
      continue;
    }
    const change = memberChange(op.op, op.path, op.value, where, `${where}.value`);
    if (!change.ok) return change;
    if (change.value !== undefined) memberChanges.push(change.value);
  }
  return ok({ memberChanges, rest });
};
