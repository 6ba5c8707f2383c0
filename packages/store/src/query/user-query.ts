import { matchesFilter, ok, type Filter, type Result, type ScimError } from '@roster/scim';
import type { UserSearch } from '../repositories/user.repository.ts';
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

/** The storage search for a parsed SCIM filter over Users; no filter matches every user. */
export function userSearch(filter: Filter | undefined): Result<UserSearch, ScimError> {
  if (filter === undefined) return ok({ query: {}, exact: true, matches: () => true });
  const translated = filterToMongo(filter, resolveUserAttribute);
  if (!translated.ok) return translated;
  return ok({
    query: translated.value.query,
    exact: translated.value.exact,
    matches: (user) => matchesFilter(scimView(user), filter, USER_SCHEMAS),
  });
}
