import { parseFilter, ScimError, urnEquals, type AttributePath, type Filter } from '@roster/scim';
import { isResourceId, type ResourceKind } from '@roster/store';

/**
 * The table's search box, active switch and SCIM filter as one parsed SCIM filter, and the name
 * prefix in it that the store can answer from its name keys. Pure; errors are ScimErrors.
 */

/** What the table asks for, besides paging and sorting. */
export interface TableFilter {
  /** SCIM filter text (RFC 7644 §3.4.2.2), as ingress accepts it. */
  filter?: string | undefined;
  /** The search box: a name prefix (any letter case), or a resource id. */
  search?: string | undefined;
  /** Users only: active (`active` not false) or inactive users. */
  active?: boolean | undefined;
}

export const knownSchemasOf = (kind: ResourceKind): string[] => [
  kind.schemas.core.id,
  ...kind.schemas.extensions.map((schema) => schema.id),
];

/**
 * The search box as filter text: an id finds that resource; anything else is a prefix of the
 * unique name (userName, a group's displayName), the one text search the store answers from an
 * index at any size. A JSON string literal is a SCIM filter string (RFC 7644 §3.4.2.2), so
 * quotes, backslashes and control characters are escaped by `JSON.stringify`.
 */
export function searchFilterText(kind: ResourceKind, search: string): string | undefined {
  const text = search.trim();
  if (text === '') return undefined;
  if (isResourceId(text.toLowerCase())) return `id eq ${JSON.stringify(text.toLowerCase())}`;
  return `${kind.nameAttribute} sw ${JSON.stringify(text)}`;
}

/**
 * Active users are those whose `active` is not false: a user provisioned without the attribute
 * is shown active, and listed with them.
 */
export const activeFilterText = (active: boolean): string =>
  active ? 'not (active eq false)' : 'active eq false';

const parse = (text: string, kind: ResourceKind): Filter => {
  const parsed = parseFilter(text, { knownSchemas: knownSchemasOf(kind) });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
};

/** `and` of the given filters, flattened as the parser does (none: no filter). */
export function allOf(filters: readonly Filter[]): Filter | undefined {
  const conjuncts = filters.flatMap((filter) => (filter.kind === 'and' ? filter.filters : [filter]));
  const [first, second, ...rest] = conjuncts;
  if (first === undefined) return undefined;
  return second === undefined ? first : { kind: 'and', filters: [first, second, ...rest] };
}

/** The one filter of a table request; a bad `filter` is the 400 `invalidFilter` ingress answers. */
export function tableFilter(kind: ResourceKind, request: TableFilter): Filter | undefined {
  const parts: Filter[] = [];
  if (request.filter !== undefined && request.filter.trim() !== '') parts.push(parse(request.filter, kind));
  const search = request.search === undefined ? undefined : searchFilterText(kind, request.search);
  if (search !== undefined) parts.push(parse(search, kind));
  if (request.active !== undefined) {
    if (kind.name !== 'User') throw ScimError.badRequest('invalidValue', 'active applies to users only');
    parts.push(parse(activeFilterText(request.active), kind));
  }
  return allOf(parts);
}

/** Whether `path` names the kind's unique name attribute (userName, a group's displayName). */
export function isNameAttribute(path: AttributePath, kind: ResourceKind): boolean {
  return (
    path.subAttr === undefined &&
    path.attr.toLowerCase() === kind.nameAttribute.toLowerCase() &&
    (path.schema === undefined || urnEquals(path.schema, kind.schemas.core.id))
  );
}

/** A `<name> sw "…"` the store answers from name keys, and whether the filter holds more. */
export interface NamePrefix {
  /** Lower-cased, as name keys are. */
  prefix: string;
  /** The filter has conditions beyond the prefix. */
  residual: boolean;
}

/**
 * The name prefix the filter requires: the filter itself or a conjunct of its top-level `and`
 * being `<name> sw "p"` (the longest, when there are several).
 */
export function namePrefixOf(filter: Filter | undefined, kind: ResourceKind): NamePrefix | undefined {
  if (filter === undefined) return undefined;
  const conjuncts = filter.kind === 'and' ? filter.filters : [filter];
  let prefix: string | undefined;
  for (const conjunct of conjuncts) {
    if (conjunct.kind !== 'compare' || conjunct.op !== 'sw' || typeof conjunct.value !== 'string') continue;
    if (!isNameAttribute(conjunct.path, kind)) continue;
    const candidate = conjunct.value.toLowerCase();
    if (prefix === undefined || candidate.length > prefix.length) prefix = candidate;
  }
  return prefix === undefined ? undefined : { prefix, residual: conjuncts.length > 1 };
}
