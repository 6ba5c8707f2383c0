/**
 * Helpers for the values of multi-valued attributes during PATCH: equality, the "one primary"
 * rule, and turning a value filter or a listed value into something that selects or creates
 * elements.
 */
import type { CompareFilter, CompareValue, Filter } from '../filter/ast.ts';
import { isJsonObject } from '../resource/values.ts';
import { findSubAttribute } from '../schemas/lookup.ts';
import type { AttributeDefinition } from '../schemas/types.ts';

type Json = Record<string, unknown>;

/** Deep equality of JSON values; object key order does not matter. */
export const jsonEquals = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    const right: readonly unknown[] = b;
    return a.every((item, index) => jsonEquals(item, right[index]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key], b[key]));
};

/**
 * RFC 7644 §3.5.2: "a PATCH operation that sets a value's 'primary' sub-attribute to 'true' SHALL
 * cause the server to automatically set 'primary' to 'false' for any other values in the array."
 *
 * @param touched - indexes of the elements the operation wrote.
 */
export const keepOnePrimary = (
  list: readonly unknown[],
  touched: ReadonlySet<number>,
  definition: AttributeDefinition,
): readonly unknown[] => {
  const primary = findSubAttribute(definition, 'primary');
  if (primary === undefined) return list;
  const isPrimary = (element: unknown): boolean => isJsonObject(element) && element[primary.name] === true;
  if (![...touched].some((index) => isPrimary(list[index]))) return list;
  return list.map((element, index) =>
    !touched.has(index) && isJsonObject(element) && isPrimary(element)
      ? { ...element, [primary.name]: false }
      : element,
  );
};

/**
 * The element a filter describes, for filtered `add`/`replace` that match nothing: Entra expects
 * `emails[type eq "work"].value` to create the work email (docs/entra.md §2.5, §7 check 8). Only
 * `eq` comparisons joined by `and` describe an element; for anything else `undefined`.
 */
export const elementFromFilter = (filter: Filter): Json | undefined => {
  const clauses = filter.kind === 'and' ? filter.filters : [filter];
  const seed: Json = {};
  for (const clause of clauses) {
    if (clause.kind !== 'compare' || clause.op !== 'eq' || clause.value === null) return undefined;
    if (clause.path.schema !== undefined || clause.path.subAttr !== undefined) return undefined;
    const name = clause.path.attr;
    if (Object.hasOwn(seed, name) && seed[name] !== clause.value) return undefined;
    // `name` is a canonical sub-attribute name (the filter was canonicalized), never `__proto__`.
    seed[name] = clause.value;
  }
  return seed;
};

/**
 * A filter selecting the elements that equal `listed` in every sub-attribute it has, so a listed
 * `{ "value": "a@x" }` selects the element whose value is `a@x` (case as the attribute says).
 * `undefined` when `listed` has no comparable sub-attribute.
 */
export const filterFromListed = (listed: Json): Filter | undefined => {
  const clauses: CompareFilter[] = [];
  for (const [name, value] of Object.entries(listed)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const compared: CompareValue = value;
    clauses.push({ kind: 'compare', path: { attr: name }, op: 'eq', value: compared });
  }
  const [first, second, ...rest] = clauses;
  if (first === undefined) return undefined;
  return second === undefined ? first : { kind: 'and', filters: [first, second, ...rest] };
};
