/**
 * What one `add`, `replace` or `remove` does to the attribute a resolved path names (RFC 7644
 * §3.5.2.1-§3.5.2.3), with the client dialects of docs/entra.md §2.4-§2.9 and §3:
 *
 * - `add` on a single-valued attribute sets it (Entra sends `Add` for anything our GET did not
 *   return); `add` on a multi-valued attribute appends values not already present.
 * - `replace` of a multi-valued attribute replaces the list; `add`/`replace` of a complex
 *   single-valued attribute with an object merges sub-attributes (§3.5.2.1, §3.5.2.3), while a
 *   shorthand (`"manager": "id"`, `[{"value": "id"}]`) replaces the whole value.
 * - `null` or `""` as the value of `add`/`replace` clears the target (Entra's "replace with empty").
 * - a filtered `add`/`replace` that matches nothing creates the element the filter describes
 *   (docs/entra.md §7 check 8) instead of RFC 7644's `noTarget`.
 * - `remove` of something absent, or with a filter matching nothing, changes nothing.
 *
 * Values are checked and coerced with the POST/PUT rules (`resource/attributes.ts`) before they are
 * written, so objects only ever receive canonical attribute names.
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import { matchesValueFilter } from '../filter/evaluate.ts';
import type { Filter } from '../filter/ast.ts';
import { validateValue, type ValidationContext } from '../resource/attributes.ts';
import { describeJsonType, isJsonObject } from '../resource/values.ts';
import { err, ok, type Result } from '../result.ts';
import { findSubAttribute } from '../schemas/lookup.ts';
import type { AttributeDefinition } from '../schemas/types.ts';
import { elementFromFilter, filterFromListed, jsonEquals, keepOnePrimary } from './elements.ts';
import type { PatchOp } from './parse.ts';
import type { PatchTarget } from './target.ts';

/** The mutable working copy of a view, private to one `applyPatch` call. */
export type Json = Record<string, unknown>;
type Checked<T> = Result<T, ScimError>;
type Done = Checked<undefined>;

const DONE: Done = ok(undefined);

const invalidValue = (detail: string): Checked<never> => err(ScimError.badRequest('invalidValue', detail));

/** `null` and `""` mean "clear" in `add`/`replace` (docs/entra.md §2.9, §3.3 rule 7). */
export const isClear = (value: unknown): boolean => value === null || value === undefined || value === '';

const asJson = (value: unknown): Json | undefined => (isJsonObject(value) ? value : undefined);

/** Sets `container[name]`, or deletes it when `value` is undefined. `name` is always canonical. */
const write = (container: Json, name: string, value: unknown): void => {
  if (value === undefined) Reflect.deleteProperty(container, name);
  else container[name] = value;
};

/** The object holding the target: the view itself, or its extension object (created on demand). */
const containerOf = (state: Json, target: PatchTarget, create: boolean): Json | undefined => {
  if (!target.inExtension) return state;
  const existing = asJson(state[target.schema.id]);
  if (existing !== undefined || !create) return existing;
  const created: Json = {};
  state[target.schema.id] = created;
  return created;
};

const requiredError = (target: PatchTarget, op: PatchOp): Checked<never> =>
  invalidValue(
    `Attribute ${quoteForDetail(target.label, 128)} is required; it cannot be ${op === 'remove' ? 'removed' : 'cleared'}.`,
  );

/** One element of `definition` (one value even when the attribute is multi-valued), checked. */
const checkElement = (
  raw: unknown,
  definition: AttributeDefinition,
  context: ValidationContext,
  label: string,
): Checked<unknown> => {
  if (!definition.multiValued) return validateValue(raw, definition, context, label);
  const list = validateValue([raw], definition, context, label);
  return list.ok ? ok(Array.isArray(list.value) ? list.value[0] : undefined) : list;
};

/**
 * `current` with the checked sub-attributes of `incoming` written over it, and those `raw` sets to
 * `null`/`""` removed (RFC 7644 §3.5.2.3: sub-attributes not given are left unchanged).
 */
const merge = (
  current: unknown,
  incoming: unknown,
  raw: unknown,
  definition: AttributeDefinition,
): Json | undefined => {
  const result: Json = { ...asJson(current) };
  for (const [name, value] of Object.entries(asJson(incoming) ?? {})) result[name] = value;
  for (const [key, value] of Object.entries(asJson(raw) ?? {})) {
    const sub = findSubAttribute(definition, key);
    if (sub !== undefined && sub.mutability !== 'readOnly' && isClear(value))
      Reflect.deleteProperty(result, sub.name);
  }
  return Object.keys(result).length === 0 ? undefined : result;
};

/** Stores a multi-valued list (absent when empty) after applying the one-primary rule. */
const writeList = (
  container: Json,
  definition: AttributeDefinition,
  list: readonly unknown[],
  touched: ReadonlySet<number>,
): void => {
  write(
    container,
    definition.name,
    list.length === 0 ? undefined : keepOnePrimary(list, touched, definition),
  );
};

const sameSimple = (a: unknown, b: unknown, definition: AttributeDefinition): boolean =>
  typeof a === 'string' && typeof b === 'string' && !definition.caseExact
    ? a.toLowerCase() === b.toLowerCase()
    : a === b;

/**
 * `remove` of a multi-valued attribute with a value removes only the listed values, the way Entra
 * removes group members (docs/entra.md §2.13): RFC 7644 §3.5.2.2 ignores the value and empties the
 * list, which is never what such a client meant. A listed object selects the elements equal to it
 * in every sub-attribute it gives.
 */
const removeListed = (
  container: Json,
  target: PatchTarget,
  value: unknown,
  context: ValidationContext,
): Done => {
  const { attribute } = target;
  const current = container[attribute.name];
  if (!Array.isArray(current)) return DONE;
  const selectors: ((element: unknown) => boolean)[] = [];
  for (const item of Array.isArray(value) ? (value as readonly unknown[]) : [value]) {
    if (item === null) continue;
    const element = checkElement(item, attribute, context, target.label);
    if (!element.ok) return element;
    if (element.value === undefined) continue;
    if (attribute.type !== 'complex') {
      selectors.push((candidate) => sameSimple(candidate, element.value, attribute));
      continue;
    }
    const filter = filterFromListed(asJson(element.value) ?? {});
    if (filter !== undefined) selectors.push((candidate) => matchesValueFilter(candidate, filter, attribute));
  }
  const kept = (current as readonly unknown[]).filter(
    (element) => !selectors.some((selects) => selects(element)),
  );
  writeList(container, attribute, kept, new Set());
  return DONE;
};

/** Applies one operation to the attribute `target` names, in `state`; the value is not trusted. */
type Assigner = (
  state: Json,
  op: PatchOp,
  target: PatchTarget,
  value: unknown,
  context: ValidationContext,
) => Done;

/** Path names an attribute, without sub-attribute or filter. */
const assignWhole: Assigner = (state, op, target, value, context) => {
  const { attribute, label } = target;
  const clearing = op === 'remove' || isClear(value);
  const container = containerOf(state, target, !clearing);
  if (clearing) {
    if (op === 'remove' && attribute.multiValued && !isClear(value)) {
      return container === undefined ? DONE : removeListed(container, target, value, context);
    }
    if (attribute.required) return requiredError(target, op);
    if (container !== undefined) write(container, attribute.name, undefined);
    return DONE;
  }
  if (container === undefined) return DONE;
  const current = container[attribute.name];
  if (attribute.multiValued) {
    const incoming = validateValue(Array.isArray(value) ? value : [value], attribute, context, label);
    if (!incoming.ok) return incoming;
    const items: readonly unknown[] = Array.isArray(incoming.value) ? incoming.value : [];
    if (op === 'replace') {
      writeList(container, attribute, items, new Set(items.keys()));
      return DONE;
    }
    const list: unknown[] = Array.isArray(current) ? [...(current as readonly unknown[])] : [];
    const touched = new Set<number>();
    for (const item of items) {
      // RFC 7644 §3.5.2.1: adding a value that is already there changes nothing.
      if (list.some((existing) => jsonEquals(existing, item))) continue;
      touched.add(list.length);
      list.push(item);
    }
    writeList(container, attribute, list, touched);
    return DONE;
  }
  const incoming = validateValue(value, attribute, context, label);
  if (!incoming.ok) return incoming;
  const merges = attribute.type === 'complex' && isJsonObject(value);
  write(
    container,
    attribute.name,
    merges ? merge(current, incoming.value, value, attribute) : incoming.value,
  );
  return DONE;
};

/** Path names a sub-attribute without a filter: `name.givenName`, or every element's `emails.value`. */
const assignSub = (
  state: Json,
  op: PatchOp,
  target: PatchTarget,
  sub: AttributeDefinition,
  value: unknown,
  context: ValidationContext,
): Done => {
  const { attribute } = target;
  const clearing = op === 'remove' || isClear(value);
  const container = containerOf(state, target, !clearing);
  if (container === undefined) return DONE;
  const incoming = clearing ? ok(undefined) : validateValue(value, sub, context, target.label);
  if (!incoming.ok) return incoming;
  const update = (element: unknown): Json | undefined => {
    const copy: Json = { ...asJson(element) };
    write(copy, sub.name, incoming.value);
    return Object.keys(copy).length === 0 ? undefined : copy;
  };
  const current = container[attribute.name];
  if (!attribute.multiValued) {
    if (!(clearing && current === undefined)) write(container, attribute.name, update(current));
    return DONE;
  }
  const list: readonly unknown[] = Array.isArray(current) ? current : [];
  const seeded = list.length === 0 && !clearing ? [undefined] : list;
  const next = seeded.map(update).filter((element) => element !== undefined);
  writeList(container, attribute, next, new Set(next.keys()));
  return DONE;
};

/** Path has a value filter: `emails[type eq "work"].value`, `members[value eq "x"]`, `manager[…]`. */
const assignFiltered = (
  state: Json,
  op: PatchOp,
  target: PatchTarget,
  filter: Filter,
  value: unknown,
  context: ValidationContext,
): Done => {
  const { attribute, subAttribute: sub, label } = target;
  const clearing = op === 'remove' || isClear(value);
  const container = containerOf(state, target, !clearing);
  if (container === undefined) return DONE;
  const current = container[attribute.name];
  const list: readonly unknown[] = attribute.multiValued
    ? Array.isArray(current)
      ? current
      : []
    : current === undefined
      ? []
      : [current];
  const matched = list.map((element) => matchesValueFilter(element, filter, attribute));
  const store = (next: readonly unknown[], touched: ReadonlySet<number>): Done => {
    const kept = next.filter((element) => element !== undefined);
    if (attribute.multiValued) writeList(container, attribute, kept, touched);
    else write(container, attribute.name, kept[0]);
    return DONE;
  };

  if (clearing) {
    if (!matched.includes(true)) return DONE;
    if (sub !== undefined) {
      return store(
        list.map((element, index) =>
          matched[index] ? merge(element, {}, { [sub.name]: null }, attribute) : element,
        ),
        new Set(),
      );
    }
    if (!attribute.multiValued && attribute.required) return requiredError(target, op);
    return store(
      list.filter((_, index) => !matched[index]),
      new Set(),
    );
  }

  const incoming =
    sub === undefined
      ? checkElement(value, attribute, context, label)
      : validateValue(value, sub, context, label);
  if (!incoming.ok) return incoming;
  if (sub === undefined && !isJsonObject(incoming.value)) {
    if (incoming.value === undefined) return DONE;
    return invalidValue(
      `Attribute ${quoteForDetail(label, 128)} needs an object of sub-attributes; got ${describeJsonType(value)}.`,
    );
  }
  const patch = (element: unknown, merging: boolean): Json | undefined => {
    if (sub !== undefined) return { ...asJson(element), [sub.name]: incoming.value };
    return merging ? merge(element, incoming.value, value, attribute) : asJson(incoming.value);
  };

  if (matched.includes(true)) {
    const touched = new Set(matched.flatMap((hit, index) => (hit ? [index] : [])));
    return store(
      list.map((element, index) => (matched[index] ? patch(element, op === 'add') : element)),
      touched,
    );
  }
  // Nothing matched: create the element the filter describes (docs/entra.md §2.5, §7 check 8).
  const name = quoteForDetail(`${target.inExtension ? `${target.schema.id}:` : ''}${attribute.name}`, 128);
  if (!attribute.multiValued && list.length > 0) {
    const detail = `The value of ${name} does not match the filter, and a single-valued attribute has room for no other.`;
    return err(ScimError.badRequest('noTarget', detail));
  }
  const described = elementFromFilter(filter);
  if (described === undefined) {
    const detail = `No value of ${name} matches the filter, and the filter does not describe one to create (only 'eq' comparisons joined by 'and' do).`;
    return err(ScimError.badRequest('noTarget', detail));
  }
  const seed = checkElement(described, attribute, context, label);
  if (!seed.ok) return seed;
  return store([...list, patch(seed.value, true)], new Set([list.length]));
};

/** Applies one operation to the attribute `target` names; the value is not trusted. */
export const assign: Assigner = (state, op, target, value, context) => {
  if (target.writeOnly) return DONE;
  if (target.filter !== undefined) return assignFiltered(state, op, target, target.filter, value, context);
  if (target.subAttribute !== undefined)
    return assignSub(state, op, target, target.subAttribute, value, context);
  return assignWhole(state, op, target, value, context);
};
