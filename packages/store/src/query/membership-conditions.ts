/**
 * Group filters on `members` (RFC 7644 §3.4.2.2), i.e. membership probes such as
 * `id eq "g" and members[value eq "u"]`, which clients send to learn whether a user is already
 * in a group. A group's members are not on its document: they live in the memberships
 * collection, one document per member keyed `<account>:<group>:<member>`. So these conditions
 * are taken out of the filter and answered by `_id` lookups there (see
 * repositories/member-search.ts), never by reading the group's members; the rest of the filter
 * is answered as any other.
 */
import {
  err,
  GROUP_SCHEMA,
  ok,
  ScimError,
  urnEquals,
  walkFilter,
  type AttributePath,
  type Filter,
  type Result,
} from '@roster/scim';

/** The membership filters Roster answers, for the 400 that refuses the others. */
export const SUPPORTED_MEMBERSHIP_FILTERS =
  'members[value eq "<id>"], members.value eq "<id>" and members eq "<id>", alone or joined to other conditions by a top-level "and"';

export interface MembershipConditions {
  /** Ids the group must hold as members, one per membership conjunct, in filter order. */
  memberIds: readonly string[];
  /** The filter without those conjuncts; undefined when nothing else was asked. */
  rest: Filter | undefined;
}

const isMembersPath = (path: AttributePath): boolean =>
  path.attr.toLowerCase() === 'members' &&
  (path.schema === undefined || urnEquals(path.schema, GROUP_SCHEMA));

const isValueEquality = (filter: Filter): filter is Filter & { kind: 'compare'; value: string } =>
  filter.kind === 'compare' && filter.op === 'eq' && typeof filter.value === 'string';

/**
 * The member id a conjunct probes for: `members[value eq "u"]`, `members.value eq "u"`, or
 * `members eq "u"` (a complex attribute compared directly means its `value`, RFC 7644 §3.4.2.2).
 */
function probedMember(filter: Filter): string | undefined {
  if (filter.kind === 'valuePath' && isMembersPath(filter.path)) {
    const inner = filter.filter;
    const onValue =
      isValueEquality(inner) && inner.path.attr.toLowerCase() === 'value' && inner.path.subAttr === undefined;
    return onValue ? inner.value : undefined;
  }
  if (isValueEquality(filter) && isMembersPath(filter.path)) {
    const sub = filter.path.subAttr;
    return sub === undefined || sub.toLowerCase() === 'value' ? filter.value : undefined;
  }
  return undefined;
}

/** Whether `filter` names `members` anywhere outside a value filter's own element paths. */
function mentionsMembers(filter: Filter): boolean {
  let found = false;
  walkFilter(filter, (node, element) => {
    if (element === undefined && node.kind !== 'and' && node.kind !== 'or' && node.kind !== 'not')
      found ||= isMembersPath(node.path);
  });
  return found;
}

/**
 * Splits a Group filter into the members it requires and the rest. Any other use of
 * `members` (`members[value co "x"]`, `members.display eq …`, a probe under `or` or `not`)
 * is a 400 `invalidFilter` naming the supported forms: answering it would mean reading
 * every member of every group.
 */
export function membershipConditions(filter: Filter): Result<MembershipConditions, ScimError> {
  const conjuncts = filter.kind === 'and' ? filter.filters : [filter];
  const memberIds: string[] = [];
  const rest: Filter[] = [];
  for (const conjunct of conjuncts) {
    const memberId = probedMember(conjunct);
    if (memberId !== undefined) memberIds.push(memberId);
    else if (mentionsMembers(conjunct))
      return err(
        ScimError.badRequest(
          'invalidFilter',
          `Unsupported filter on members; supported are ${SUPPORTED_MEMBERSHIP_FILTERS}`,
        ),
      );
    else rest.push(conjunct);
  }
  const [first, second, ...more] = rest;
  return ok({
    memberIds,
    rest:
      first === undefined
        ? undefined
        : second === undefined
          ? first
          : { kind: 'and', filters: [first, second, ...more] },
  });
}
