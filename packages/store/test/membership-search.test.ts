import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GROUP_SCHEMA, parseFilter, type Filter } from '@roster/scim';
import {
  GROUP_KIND,
  resourceSearch,
  type ResourceAnchor,
  type ResourceRecord,
  type ResourceSearch,
} from '../src/index.ts';
import { membershipConditions } from '../src/query/membership-conditions.ts';
import { searchByMembers, type MembershipLookup } from '../src/repositories/member-search.ts';

const parse = (text: string): Filter => {
  const parsed = parseFilter(text, { knownSchemas: [GROUP_SCHEMA] });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
};

const search = (text: string): ResourceSearch => {
  const result = resourceSearch(GROUP_KIND, parse(text));
  if (!result.ok) throw result.error;
  return result.value;
};

describe('membershipConditions', () => {
  it.each([
    ['members[value eq "u1"]', ['u1'], undefined],
    ['members.value eq "u1"', ['u1'], undefined],
    ['Members EQ "u1"', ['u1'], undefined],
    [`${GROUP_SCHEMA}:members[Value eq "u1"]`, ['u1'], undefined],
    ['id eq "g1" and members[value eq "u1"]', ['u1'], 'id eq "g1"'],
    ['members eq "u1" and displayName sw "S" and members eq "u2"', ['u1', 'u2'], 'displayName sw "S"'],
    ['displayName eq "x" and externalId eq "e"', [], 'displayName eq "x" and externalId eq "e"'],
  ])('%s', (text, memberIds, rest) => {
    const split = membershipConditions(parse(text));
    if (!split.ok) throw split.error;
    expect(split.value.memberIds).toEqual(memberIds);
    expect(split.value.rest).toEqual(rest === undefined ? undefined : parse(rest));
  });

  it.each([
    'members[value co "u"]',
    'members[value eq "u" and type eq "User"]',
    'members.display eq "Alice"',
    'members.type eq "User"',
    'members pr',
    'members eq null',
    'members[value eq "u"] or displayName eq "x"',
    'not (members eq "u")',
    'displayName eq "x" and (members eq "u" or members eq "v")',
  ])('refuses %s with a 400 naming the supported forms', (text) => {
    const split = membershipConditions(parse(text));
    expect(split.ok).toBe(false);
    if (split.ok) return;
    expect([split.error.status, split.error.scimType]).toEqual([400, 'invalidFilter']);
    expect(split.error.detail).toMatchInlineSnapshot(
      `"Unsupported filter on members; supported are members[value eq "<id>"], members.value eq "<id>" and members eq "<id>", alone or joined to other conditions by a top-level "and""`,
    );
  });

  it('resourceSearch keeps the anchor of the rest and evaluates only the rest in memory', () => {
    const found = search('id eq "g1" and members[value eq "u1"]');
    expect(found.memberIds).toEqual(['u1']);
    expect(found.anchor).toEqual({ kind: 'id', id: 'g1' });
    expect(found.matches(group('g1'))).toBe(true);
    expect(found.matches(group('g2'))).toBe(false);
    expect(search('displayName eq "x"').memberIds).toBeUndefined();
  });
});

function group(id: string, displayName = `G ${id}`): ResourceRecord {
  return {
    id,
    accountId: 'a',
    core: { displayName },
    extensions: {},
    meta: { created: new Date(0), lastModified: new Date(0), version: 1 },
  } as unknown as ResourceRecord;
}

/** Fake stores that count every lookup, so the cost of a probe is visible. */
function fakes(memberships: Record<string, string[]>, groupIds: string[]) {
  const calls = { findById: 0, findByName: 0, groupsOf: 0, holds: 0 };
  const groups = new Map(groupIds.map((id) => [id, group(id)]));
  const lookup: MembershipLookup = {
    groupsOf: (_accountId, memberId) => {
      calls.groupsOf += 1;
      return Promise.resolve(
        Object.entries(memberships)
          .filter(([, members]) => members.includes(memberId))
          .map(([groupId]) => groupId),
      );
    },
    holds: (_accountId, groupId, memberId) => {
      calls.holds += 1;
      return Promise.resolve(memberships[groupId]?.includes(memberId) ?? false);
    },
  };
  const findById = (_accountId: string, id: string) => {
    calls.findById += 1;
    return Promise.resolve(groups.get(id) ?? null);
  };
  const findByName = (_accountId: string, name: string) => {
    calls.findByName += 1;
    return Promise.resolve([...groups.values()].find((g) => g.core.displayName === name) ?? null);
  };
  const reads = {
    findById,
    findByAnchor: (accountId: string, anchor: ResourceAnchor) =>
      anchor.kind === 'id' ? findById(accountId, anchor.id) : findByName(accountId, anchor.name),
  };
  return { calls, lookup, reads };
}

describe('searchByMembers', () => {
  // Group ids in id order, member ids as Roster issues them (UUIDs).
  const g1 = '10000000-0000-4000-8000-000000000000';
  const g2 = '20000000-0000-4000-8000-000000000000';
  const g3 = '30000000-0000-4000-8000-000000000000';
  const u1 = randomUUID();
  const u2 = randomUUID();
  // g1 is large: its size must not matter to a probe.
  const big = [u1, u2, ...Array.from({ length: 10_000 }, () => randomUUID())];
  const run = (text: string, stores = fakes({ [g1]: big, [g2]: [u1] }, [g1, g2, g3])) => {
    const probe = search(text);
    if (probe.memberIds === undefined) throw new Error(`${text} has no membership condition`);
    const page = { skip: 0, limit: 100 };
    return searchByMembers(
      stores.reads,
      stores.lookup,
      'a',
      { ...probe, memberIds: probe.memberIds },
      page,
      undefined,
      5_000,
    );
  };

  it('an id-anchored probe is one group read and one membership lookup, whatever the group size', async () => {
    const stores = fakes({ [g1]: big }, [g1, g2, g3]);
    const result = await run(`id eq "${g1}" and members[value eq "${u2}"]`, stores);
    expect(result).toMatchObject({ kind: 'page', total: 1, resources: [{ id: g1 }] });
    expect(stores.calls).toEqual({ findById: 1, findByName: 0, groupsOf: 0, holds: 1 });
    expect(await run(`id eq "${g2}" and members[value eq "${u2}"]`)).toMatchObject({ total: 0 });
  });

  it('a name-anchored probe reads the group by name', async () => {
    const stores = fakes({ [g2]: [u1] }, [g1, g2, g3]);
    const result = await run(`displayName eq "G ${g2}" and members eq "${u1}"`, stores);
    expect(result).toMatchObject({ total: 1, resources: [{ id: g2 }] });
    expect(stores.calls).toEqual({ findById: 0, findByName: 1, groupsOf: 0, holds: 1 });
  });

  it("a member alone lists that member's groups, in id order, other members confirmed by _id", async () => {
    const stores = fakes({ [g1]: big, [g2]: [u1] }, [g1, g2, g3]);
    expect(await run(`members[value eq "${u1}"]`, stores)).toMatchObject({
      total: 2,
      resources: [{ id: g1 }, { id: g2 }],
    });
    expect(stores.calls).toEqual({ findById: 2, findByName: 0, groupsOf: 1, holds: 0 });
    expect(await run(`members[value eq "${u1}"] and members[value eq "${u2}"]`)).toMatchObject({
      total: 1,
      resources: [{ id: g1 }],
    });
    expect(await run(`members[value eq "${u1}"] and displayName eq "nope"`)).toMatchObject({ total: 0 });
  });

  it('an id Roster never issues matches nothing without a lookup', async () => {
    const stores = fakes({}, []);
    expect(await run('members[value eq "not-an-id"]', stores)).toMatchObject({ total: 0 });
    expect(stores.calls).toEqual({ findById: 0, findByName: 0, groupsOf: 0, holds: 0 });
  });
});
