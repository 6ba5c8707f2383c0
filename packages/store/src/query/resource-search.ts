import {
  matchesFilter,
  ok,
  urnEquals,
  type CompareFilter,
  type Filter,
  type Result,
  type ScimError,
} from '@roster/scim';
import type { ResourceAnchor, ResourceSearch } from '../repositories/resource.repository.ts';
import { scimView } from '../resource-record.ts';
import type { ResourceKind } from '../resource-kinds.ts';
import { filterToMongo, type AttributeResolver } from './filter-to-mongo.ts';
import { resourceAttributeResolver } from './resource-attributes.ts';
import { membershipConditions } from './membership-conditions.ts';

/** `id eq "…"` or `<name> eq "…"`: a comparison that names at most one resource. */
function anchorOf(filter: CompareFilter, kind: ResourceKind): ResourceAnchor | undefined {
  const { path, op, value } = filter;
  if (op !== 'eq' || typeof value !== 'string' || path.subAttr !== undefined) return undefined;
  if (path.schema !== undefined && !urnEquals(path.schema, kind.schemas.core.id)) return undefined;
  const attr = path.attr.toLowerCase();
  if (attr === 'id') return { kind: 'id', id: value };
  if (attr === kind.nameAttribute.toLowerCase()) return { kind: 'name', name: value };
  return undefined;
}

/**
 * The filter itself, or any conjunct of a top-level `and`, that names one resource. Entra's
 * matching probes (`userName eq`, `displayName eq`, the legacy `id eq … and manager eq …`)
 * take this path: O(1) `_id` lookups on any store, the whole filter checked on the candidate.
 */
function findAnchor(filter: Filter, kind: ResourceKind): ResourceAnchor | undefined {
  if (filter.kind === 'compare') return anchorOf(filter, kind);
  if (filter.kind !== 'and') return undefined;
  for (const conjunct of filter.filters) {
    const anchor = conjunct.kind === 'compare' ? anchorOf(conjunct, kind) : undefined;
    if (anchor !== undefined) return anchor;
  }
  return undefined;
}

const resolvers = new WeakMap<ResourceKind, AttributeResolver>();

const resolverOf = (kind: ResourceKind): AttributeResolver => {
  let resolver = resolvers.get(kind);
  if (resolver === undefined) {
    resolver = resourceAttributeResolver(kind);
    resolvers.set(kind, resolver);
  }
  return resolver;
};

/** The storage search for a parsed SCIM filter over one resource kind; no filter matches all. */
export function resourceSearch(
  kind: ResourceKind,
  filter: Filter | undefined,
): Result<ResourceSearch, ScimError> {
  if (filter === undefined || kind.name !== 'Group') return documentSearch(kind, filter);
  // A Group's members are not on its document: membership conditions go to the memberships.
  const conditions = membershipConditions(filter);
  if (!conditions.ok) return conditions;
  const { memberIds, rest } = conditions.value;
  if (memberIds.length === 0) return documentSearch(kind, filter);
  const search = documentSearch(kind, rest);
  return search.ok ? ok({ ...search.value, memberIds }) : search;
}

/** The search of a filter on attributes stored on the resource's own document. */
function documentSearch(kind: ResourceKind, filter: Filter | undefined): Result<ResourceSearch, ScimError> {
  if (filter === undefined) return ok({ query: {}, exact: true, matches: () => true });
  const translated = filterToMongo(filter, resolverOf(kind));
  if (!translated.ok) return translated;
  const anchor = findAnchor(filter, kind);
  return ok({
    ...(anchor === undefined ? {} : { anchor }),
    query: translated.value.query,
    exact: translated.value.exact,
    matches: (resource) => matchesFilter(scimView(resource), filter, kind.schemas),
  });
}
