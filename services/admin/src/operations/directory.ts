import { parseAttributePath, ScimError, type SortOrder } from '@roster/scim';
import {
  accountSchema,
  GROUP_KIND,
  isResourceId,
  type AccountSchema,
  type ResourceKind,
  type TableRecord,
} from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { requireAccount } from './accounts.ts';
import { knownSchemasOf, tableFilter, type TableFilter } from './directory-query.ts';
import { listRecords, type Listing } from './directory-listing.ts';
import {
  columnsOf,
  groupRow,
  memberRow,
  userRow,
  type DirectoryColumns,
  type GroupRow,
  type MemberRow,
  type TotalKind,
  type UserRow,
} from './directory-rows.ts';

/**
 * The account's users and groups for the admin API and console: the user management table
 * (paged, searched, filtered with the SCIM filter grammar, custom field and app columns), one
 * user, groups with member counts, and a group's members. Reads only; see directory-listing.ts
 * for how a page stays fast on a 100,000-user account.
 */

/** Rows per page at most. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Rows skipped at most: deeper pages are reached by narrowing the search instead. */
export const MAX_START_INDEX = 10_001;
/** Members counted exactly per group in the groups list, and on a group's own page. */
const LIST_MEMBER_COUNT_EXACT = 100;
const PAGE_MEMBER_COUNT_EXACT = 500;

export interface Paging {
  /** 1-based; default 1, at most MAX_START_INDEX. */
  startIndex?: number | undefined;
  /** Default DEFAULT_PAGE_SIZE, at most MAX_PAGE_SIZE. */
  count?: number | undefined;
}

export interface ListUsersQuery extends TableFilter, Paging {
  /** A SCIM attribute path (RFC 7644 §3.4.2.3); honoured on at most SORTABLE_MAX users. */
  sortBy?: string | undefined;
  sortOrder?: SortOrder | undefined;
}

export type ListGroupsQuery = Omit<TableFilter, 'active'> & Paging;

interface PageInfo {
  totalResults: number;
  /** `exact`, an `estimate` (large accounts on FerretDB), or `atLeast` (counting stopped there). */
  totalKind: TotalKind;
  startIndex: number;
  itemsPerPage: number;
}

export interface UserPage extends PageInfo {
  /** What the rows are ordered by: userName, id (filtered lists), or the requested sortBy. */
  sortBy: string;
  sortOrder: SortOrder;
  columns: DirectoryColumns;
  rows: UserRow[];
}

export interface UserDetail extends UserRow {
  columns: DirectoryColumns;
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  meta: { created: string; lastModified: string; version: number };
  groups: { id: string; displayName: string | null }[];
}

export interface GroupPage extends PageInfo {
  rows: GroupRow[];
}

export interface GroupMembersPage extends PageInfo {
  group: GroupRow;
  rows: MemberRow[];
}

/** Paging within bounds (the API validates; the console and CLI pass what they have). */
function pageOf(paging: Paging): { startIndex: number; skip: number; limit: number } {
  const startIndex = Math.min(Math.max(Math.trunc(paging.startIndex ?? 1), 1), MAX_START_INDEX);
  const limit = Math.min(Math.max(Math.trunc(paging.count ?? DEFAULT_PAGE_SIZE), 0), MAX_PAGE_SIZE);
  return { startIndex, skip: startIndex - 1, limit };
}

async function schemaOf(ctx: AdminContext, accountId: string): Promise<AccountSchema> {
  return accountSchema(ctx.customNamespace, await requireAccount(ctx, accountId));
}

function pageInfo(listing: Listing, startIndex: number): PageInfo {
  return {
    totalResults: listing.total.count,
    totalKind: listing.total.kind,
    startIndex,
    itemsPerPage: listing.records.length,
  };
}

async function list(
  ctx: AdminContext,
  accountId: string,
  kind: ResourceKind,
  query: ListUsersQuery,
): Promise<{ listing: Listing; startIndex: number }> {
  const { startIndex, skip, limit } = pageOf(query);
  const filter = tableFilter(kind, query);
  const sortBy =
    query.sortBy === undefined
      ? undefined
      : parseAttributePath(query.sortBy, { knownSchemas: knownSchemasOf(kind), scimType: 'invalidValue' });
  if (sortBy !== undefined && !sortBy.ok) throw sortBy.error;
  const listing = await listRecords(ctx.store, accountId, {
    kind,
    filter,
    ...(sortBy === undefined ? {} : { sortBy: sortBy.value }),
    sortOrder: query.sortOrder ?? 'ascending',
    skip,
    limit,
  });
  return { listing, startIndex };
}

export async function listUsers(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  query: ListUsersQuery,
): Promise<UserPage> {
  permit(ctx, principal, 'directory:read', accountId);
  const account = await schemaOf(ctx, accountId);
  const { listing, startIndex } = await list(ctx, accountId, account.userKind, query);
  const columns = columnsOf(account);
  return {
    ...pageInfo(listing, startIndex),
    sortBy: listing.sortBy,
    sortOrder: listing.sortOrder,
    columns,
    rows: listing.records.map((record) => userRow(record, columns)),
  };
}

const notFound = (what: string, id: string, accountId: string): ScimError =>
  ScimError.notFound(`Account "${accountId}" has no ${what} "${id}"`);

/** One resource of this account; another account's (or none) is the same 404. */
async function recordOf(
  ctx: AdminContext,
  kind: 'User' | 'Group',
  accountId: string,
  id: string,
): Promise<TableRecord> {
  const record = isResourceId(id) ? await ctx.store.directory.get(kind, accountId, id) : null;
  if (record === null) throw notFound(kind === 'User' ? 'user' : 'group', id, accountId);
  return record;
}

export async function getUser(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  userId: string,
): Promise<UserDetail> {
  permit(ctx, principal, 'directory:read', accountId);
  const account = await schemaOf(ctx, accountId);
  const record = await recordOf(ctx, 'User', accountId, userId);
  const groupIds = await ctx.store.memberships.groupsOf(accountId, record.id);
  const groups = await ctx.store.directory.byIds('Group', accountId, groupIds.slice(0, MAX_PAGE_SIZE));
  const columns = columnsOf(account);
  return {
    ...userRow(record, columns),
    columns,
    core: record.core,
    extensions: record.extensions,
    meta: record.meta,
    groups: groups.map((group) => ({
      id: group.id,
      displayName: typeof group.core.displayName === 'string' ? group.core.displayName : null,
    })),
  };
}

export async function listGroups(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  query: ListGroupsQuery,
): Promise<GroupPage> {
  permit(ctx, principal, 'directory:read', accountId);
  await requireAccount(ctx, accountId);
  const { listing, startIndex } = await list(ctx, accountId, GROUP_KIND, query);
  const counts = await ctx.store.directory.memberCounts(
    accountId,
    listing.records.map((group) => group.id),
    LIST_MEMBER_COUNT_EXACT,
  );
  return {
    ...pageInfo(listing, startIndex),
    rows: listing.records.map((group, index) =>
      groupRow(group, counts[index] ?? { count: 0, kind: 'atLeast' }),
    ),
  };
}

export async function groupMembers(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  groupId: string,
  paging: Paging,
): Promise<GroupMembersPage> {
  permit(ctx, principal, 'directory:read', accountId);
  await requireAccount(ctx, accountId);
  const group = await recordOf(ctx, 'Group', accountId, groupId);
  const { startIndex, skip, limit } = pageOf(paging);
  const { directory } = ctx.store;
  const [members, total] = await Promise.all([
    directory.members(accountId, group.id, { skip, limit }),
    directory.memberCount(accountId, group.id, PAGE_MEMBER_COUNT_EXACT),
  ]);
  const idsOf = (type: 'User' | 'Group'): string[] =>
    members.filter((member) => member.type === type).map((member) => member.value);
  const [users, groups] = await Promise.all([
    directory.byIds('User', accountId, idsOf('User')),
    directory.byIds('Group', accountId, idsOf('Group')),
  ]);
  const records = new Map([...users, ...groups].map((record) => [record.id, record]));
  return {
    group: groupRow(group, total),
    totalResults: total.count,
    totalKind: total.kind,
    startIndex,
    itemsPerPage: members.length,
    rows: members.map((member) => memberRow(member, records.get(member.value))),
  };
}
