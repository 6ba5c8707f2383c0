/**
 * `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3) as a comparator over rendered resources, for the
 * cases the store cannot sort itself and for checking that it sorts the same way.
 *
 * - A multi-valued attribute sorts by its primary value, or else its first (§3.4.2.3); a complex
 *   one without a sub-attribute in the path sorts by its `value` sub-attribute.
 * - Strings compare case-insensitively unless the attribute is caseExact, by UTF-16 code unit
 *   ("no specific locale implied"), so the order does not depend on the server's locale.
 * - dateTime values compare as instants when both parse, otherwise as strings.
 * - Resources without a value sort last in both orders, so `descending` never puts them first.
 */
import type { AttributePath } from './attribute-path.ts';
import { instantOf } from './instant.ts';
import { isJsonObject } from './resource/values.ts';
import { findSubAttribute, resolveLenientAttribute, type ResourceSchemas } from './schemas/lookup.ts';
import type { AttributeDefinition } from './schemas/types.ts';

export type SortOrder = 'ascending' | 'descending';

/** Reads a key of a rendered object in any letter case (RFC 7643 §2.1). */
const read = (object: unknown, name: string): unknown => {
  if (!isJsonObject(object)) return undefined;
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
};

interface SortKey {
  readonly value: unknown;
  readonly definition: AttributeDefinition;
}

const sortKey = (
  resource: Readonly<Record<string, unknown>>,
  path: AttributePath,
  schemas: ResourceSchemas,
): SortKey | undefined => {
  const resolved = resolveLenientAttribute(path, schemas, 'invalidPath');
  if (!resolved.ok) return undefined;
  const { schema, attribute, subAttribute } = resolved.value;
  const container = resolved.value.path.schema === undefined ? resource : read(resource, schema.id);
  let value = read(container, attribute.name);
  if (attribute.multiValued) {
    const list: readonly unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
    value = list.find((element) => read(element, 'primary') === true) ?? list[0];
  }
  if (attribute.type !== 'complex') return { value, definition: attribute };
  const leaf = subAttribute ?? findSubAttribute(attribute, 'value');
  return leaf === undefined ? undefined : { value: read(value, leaf.name), definition: leaf };
};

const sign = (difference: number): number => (difference < 0 ? -1 : difference > 0 ? 1 : 0);

const TYPE_RANK: Readonly<Record<string, number>> = { boolean: 0, number: 1, string: 2 };

const compareValues = (a: unknown, b: unknown, definition: AttributeDefinition): number => {
  if (typeof a === 'string' && typeof b === 'string') {
    if (definition.type === 'dateTime') {
      const left = instantOf(a);
      const right = instantOf(b);
      if (left !== undefined && right !== undefined) return sign(left - right);
    }
    const left = definition.caseExact ? a : a.toLowerCase();
    const right = definition.caseExact ? b : b.toLowerCase();
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return sign(Number(a) - Number(b));
  // Mixed types only arise from data stored before a schema change; any fixed order will do.
  return sign((TYPE_RANK[typeof a] ?? 3) - (TYPE_RANK[typeof b] ?? 3));
};

const isMissing = (key: SortKey | undefined): boolean =>
  key === undefined || key.value === undefined || key.value === null;

/**
 * Compares two rendered resources by `path` for `Array.prototype.sort`. A path no schema defines
 * makes every resource equal (validate `sortBy` with `resolveAttributePath` first to reject it).
 */
export const compareForSort = (
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  path: AttributePath,
  schemas: ResourceSchemas,
  order: SortOrder,
): number => {
  const left = sortKey(a, path, schemas);
  const right = sortKey(b, path, schemas);
  if (isMissing(left) || isMissing(right)) return Number(isMissing(left)) - Number(isMissing(right));
  if (left === undefined || right === undefined) return 0;
  const compared = compareValues(left.value, right.value, left.definition);
  return order === 'descending' && compared !== 0 ? -compared : compared;
};
