import { matchesFilter, ok, urnEquals, USER_SCHEMA, type CompareFilter, type Filter, type Result, type ScimError } from '@roster/scim';
import type { UserAnchor, UserSearch } from '../repositories/user.repository.ts';
import type { UserRecord } from '../user-record.ts';
import { ExtensionSlots } from '../extension-slots.ts';
import { filterToMongo } from './filter-to-mongo.ts';
import { USER_SCHEMAS, userAttributeResolver } from './user-attributes.ts';

const defaultSlots = new ExtensionSlots();
const resolveUserAttribute = userAttributeResolver(USER_SCHEMAS, (urn) => defaultSlots.slotOf(urn));

/** The SCIM view a filter is evaluated against: attributes by name, extensions by URN. */
const scimView = (user: UserRecord): Record<string, unknown> => ({
  id: user.id,
  ...user.core,
  ...user.extensions,
  meta: { created: user.meta.created, lastModified: user.meta.lastModified },
});

/** `id eq "…"` or `userName eq "…"`: a comparison that names at most one user. */
function anchorOf(filter: CompareFilter): UserAnchor | undefined {
  const { path, op, value } = filter;
  if (op !== 'eq' || typeof value !== 'string' || path.subAttr !== undefined) return undefined;
  if (path.schema !== undefined && !urnEquals(path.schema, USER_SCHEMA)) return undefined;
  const attr = path.attr.toLowerCase();
  if (attr === 'id') return { kind: 'id', id: value };
  if (attr === 'username') return { kind: 'userName', userName: value };
  return undefined;
}

/**
 * The filter itself, or any conjunct of a top-level `and`, that names one user. Entra's
 * matching probes (`userName eq`, and the legacy `id eq … and manager eq …`) take this path:
 * O(1) `_id` lookups on any store, the rest of the filter checked on the candidate.
 */
function findAnchor(filter: Filter): UserAnchor | undefined {
  if (filter.kind === 'compare') return anchorOf(filter);
  if (filter.kind !== 'and') return undefined;
  for (const conjunct of filter.filters) {
    const anchor = conjunct.kind === 'compare' ? anchorOf(conjunct) : undefined;
    if (anchor !== undefined) return anchor;
  }
  return undefined;
}

/** The storage search for a parsed SCIM filter over Users; no filter matches every user. */
export function userSearch(filter: Filter | undefined): Result<UserSearch, ScimError> {
  if (filter === undefined) return ok({ query: {}, exact: true, matches: () => true });
  const translated = filterToMongo(filter, resolveUserAttribute);
  if (!translated.ok) return translated;
  const anchor = findAnchor(filter);
  return ok({
    ...(anchor === undefined ? {} : { anchor }),
    query: translated.value.query,
    exact: translated.value.exact,
    matches: (user) => matchesFilter(scimView(user), filter, USER_SCHEMAS),
  });
}
