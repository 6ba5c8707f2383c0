/**
 * After a replay: does the store hold exactly what the replay's acknowledged writes said?
 * Read straight from the store (not through ingress), so a lost or doubled write shows.
 */
import type { LaunchedRoster } from './launch.ts';

export interface ExpectedState {
  users: { id: string; displayName: string; active: boolean }[];
  groups: { id: string; members: string[] }[];
}

/** Each difference between the store and `expected`, described; empty when they agree. */
export async function verifyFinalState(roster: LaunchedRoster, expected: ExpectedState): Promise<string[]> {
  const { store, accountId } = roster;
  const problems: string[] = [];
  for (const user of expected.users) {
    const stored = await store.users.findById(accountId, user.id);
    if (stored === null) problems.push(`user ${user.id} missing`);
    else if (stored.core.displayName !== user.displayName || stored.core.active !== user.active)
      problems.push(`user ${user.id} is ${String(stored.core.displayName)}/${String(stored.core.active)}`);
  }
  for (const group of expected.groups) {
    const stored = new Set<string>();
    for await (const member of store.memberships.members(accountId, group.id)) stored.add(member.value);
    const wanted = new Set(group.members);
    const missing = [...wanted].filter((id) => !stored.has(id)).length;
    const extra = [...stored].filter((id) => !wanted.has(id)).length;
    if (missing + extra > 0) problems.push(`group ${group.id}: ${missing} members missing, ${extra} extra`);
  }
  return problems;
}
