import { ok, type Filter, type Result, type ScimError } from '@roster/scim';
import type { UserQuery } from '../repositories/user.repository.ts';
import { ExtensionSlots } from '../extension-slots.ts';
import { filterToMongo } from './filter-to-mongo.ts';
import { USER_SCHEMAS, userAttributeResolver } from './user-attributes.ts';

const defaultSlots = new ExtensionSlots();
const resolveUserAttribute = userAttributeResolver(USER_SCHEMAS, (urn) => defaultSlots.slotOf(urn));

/** The storage query for a parsed SCIM filter over Users; no filter matches every user. */
export const userQuery = (filter: Filter | undefined): Result<UserQuery, ScimError> =>
  filter === undefined ? ok({}) : (filterToMongo(filter, resolveUserAttribute) as Result<UserQuery, ScimError>);
