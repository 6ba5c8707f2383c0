import { isResourceId } from '../ids.ts';
import type { ResourceRecord } from '../resource-record.ts';
import type { Page, ResourceAnchor, ResourceSearch, SearchResult } from './resource.repository.ts';

/** The membership reads a Group search needs (MembershipRepository has them). */
export interface MembershipLookup {
  /** The groups holding `memberId`: one range read of its reverse entries (membership.repository.ts). */
  groupsOf(accountId: string, memberId: string): Promise<string[]>;
  /** Whether the group holds the member: one `_id` lookup of `<account>:<group>:<member>`. */
  holds(accountId: string, groupId: string, memberId: string): Promise<boolean>;
}

/** The group reads a search needs (ResourceRepository has them). */
export interface GroupLookup {
  findById(accountId: string, id: string): Promise<ResourceRecord | null>;
  findByAnchor(accountId: string, anchor: ResourceAnchor): Promise<ResourceRecord | null>;
}

/**
 * A Group search with membership conditions (`members[value eq "u"]`, query/membership-conditions.ts),
 * answered without reading any group's member list, whatever its size:
 * - with an `id eq` or `displayName eq` anchor: that one group, kept if a membership `_id`
 *   lookup per required member finds each (O(1));
 * - otherwise: the groups of the first required member from its reverse entries,
 *   each read by `_id`, then the other required members checked by `_id` (O(groups of u)).
 * The rest of the filter (`search.matches`) is checked in memory on these few candidates.
 */
export async function searchByMembers(
  groups: GroupLookup,
  memberships: MembershipLookup,
  accountId: string,
  search: ResourceSearch & { memberIds: readonly string[] },
  page: Page,
  order: ((a: ResourceRecord, b: ResourceRecord) => number) | undefined,
  maxCandidates: number,
): Promise<SearchResult> {
  const [first, ...others] = search.memberIds;
  // Ids we could not have issued are members of nothing: answered without a lookup.
  if (first === undefined || !search.memberIds.every(isResourceId))
    return { kind: 'page', total: 0, resources: [] };
  let candidates: ResourceRecord[];
  let toConfirm: readonly string[];
  if (search.anchor !== undefined) {
    const anchored = await groups.findByAnchor(accountId, search.anchor);
    candidates = anchored === null ? [] : [anchored];
    toConfirm = search.memberIds;
  } else {
    const groupIds = await memberships.groupsOf(accountId, first);
    if (groupIds.length > maxCandidates) return { kind: 'tooMany', limit: maxCandidates };
    const found = await Promise.all(groupIds.map((id) => groups.findById(accountId, id)));
    candidates = found.filter((group): group is ResourceRecord => group !== null);
    toConfirm = others;
  }
  const kept = await Promise.all(
    candidates.map(async (group) => {
      if (!search.matches(group)) return null;
      const held = await Promise.all(toConfirm.map((id) => memberships.holds(accountId, group.id, id)));
      return held.every(Boolean) ? group : null;
    }),
  );
  const matching = kept.filter((group): group is ResourceRecord => group !== null);
  // Ordered by id like every other search, unless sortBy asked otherwise.
  matching.sort(order ?? ((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return {
    kind: 'page',
    total: matching.length,
    resources: matching.slice(page.skip, page.skip + page.limit),
  };
}
