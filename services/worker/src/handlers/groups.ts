import type {
  CreateGroupCommand,
  DeleteGroupCommand,
  PatchGroupCommand,
  ReplaceGroupCommand,
} from '@roster/jobs';
import { applyPatch, ScimError, splitMemberChanges, validateResource, type MemberChange } from '@roster/scim';
import {
  attributeView,
  GROUP_KIND,
  type Member,
  type ResourceRecord,
  type Store,
  type WriteInput,
} from '@roster/store';
import {
  missedTarget,
  nameTaken,
  notFound,
  observedState,
  rejected,
  replaceOutcome,
  type Handler,
  type WriteObservation,
} from './handler.ts';
import { retryingStale } from '../stale-retry.ts';

/**
 * Members must be users or groups of the same account (RFC 7643 §4.2): one `_id` set query
 * for the users and, only for ids that are not users, one for the groups (per 1,000 ids).
 */
async function resolveMembers(
  store: Store,
  accountId: string,
  requested: readonly { value: string; type?: string }[],
): Promise<{ ok: true; value: Member[] } | { ok: false; error: ScimError }> {
  const ids = [...new Set(requested.map((member) => member.value))];
  const users = await store.users.existing(accountId, ids);
  const groups = await store.groups.existing(
    accountId,
    ids.filter((id) => !users.has(id)),
  );
  const unknown = ids.filter((id) => !users.has(id) && !groups.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ');
    return {
      ok: false,
      error: ScimError.badRequest(
        'invalidValue',
        `members not found in this account: ${shown}${unknown.length > 5 ? ', …' : ''}`,
      ),
    };
  }
  return { ok: true, value: ids.map((value) => ({ value, type: users.has(value) ? 'User' : 'Group' })) };
}

/** A create or PUT as a store write (a Group's attributes need no completion). */
const groupWrite = (command: CreateGroupCommand | ReplaceGroupCommand, jobId: string): WriteInput => ({
  accountId: command.accountId,
  id: command.groupId,
  jobId,
  attributes: command.attributes,
});

export const createGroup: Handler<CreateGroupCommand> = async (command, { store, jobId, observed }) => {
  const members = await resolveMembers(store, command.accountId, command.members);
  if (!members.ok) return rejected(members.error);
  observed.before = null;
  observed.after = command.attributes;
  observed.members = { added: members.value.length, removed: 0 };
  const outcome = await store.groups.create(groupWrite(command, jobId));
  if (outcome.kind === 'nameTaken') return nameTaken('Group', outcome.holder);
  await store.memberships.add(command.accountId, command.groupId, members.value);
  return { ok: true, status: 201, resource: outcome.resource };
};

/** PUT: attributes replaced, members replaced by the given list (O(old + new members)). */
export const replaceGroup: Handler<ReplaceGroupCommand> = (command, { store, lock, jobId, observed }) =>
  lock.with(command.accountId, command.groupId, () =>
    retryingStale(async () => {
      const members = await resolveMembers(store, command.accountId, command.members);
      if (!members.ok) return rejected(members.error);
      // Read here rather than inside `replace` (the same one read), so the log can tell what changed.
      const target = await store.groups.findForWrite(command.accountId, command.groupId);
      if (target.kind !== 'found') return missedTarget('Group', command.groupId, target);
      observed.before = observedState(target);
      observed.after = command.attributes;
      observed.members = { added: members.value.length, removed: 'all' };
      const outcome = await store.groups.replace({
        ...groupWrite(command, jobId),
        ifVersion: command.ifVersion,
        basis: target.basis,
      });
      if (outcome.kind !== 'replaced') return replaceOutcome('Group', command.groupId, outcome);
      await store.memberships.removeAll(command.accountId, command.groupId);
      await store.memberships.add(command.accountId, command.groupId, members.value);
      return { ok: true, status: 200, resource: outcome.resource };
    }),
  );

/**
 * PATCH: member operations become O(k) membership writes, never a rewrite of a member list;
 * the other operations are applied in memory to the group's attributes and stored as a
 * replace. Everything is checked before anything is written, so a bad operation leaves the
 * group untouched.
 */
export const patchGroup: Handler<PatchGroupCommand> = (command, { store, lock, jobId, observed }) =>
  lock.with(command.accountId, command.groupId, () =>
    retryingStale(async () => {
      const target = await store.groups.findForWrite(command.accountId, command.groupId, command.ifVersion);
      if (target.kind !== 'found') return missedTarget('Group', command.groupId, target);
      observed.before = observedState(target);
      const current = target.resource;
      const split = splitMemberChanges(command.operations);
      if (!split.ok) return rejected(split.error);
      const { memberChanges, rest } = split.value;
      const attributes = rest.length === 0 ? null : patchedAttributes(current, rest);
      if (attributes !== null && !attributes.ok) return rejected(attributes.error);
      const added = memberChanges.flatMap((change) =>
        change.kind === 'add' || change.kind === 'replaceAll' ? change.members : [],
      );
      const members = await resolveMembers(store, command.accountId, added);
      if (!members.ok) return rejected(members.error);
      observed.after = attributes?.value ?? observed.before;
      observed.members = memberDelta(memberChanges);

      let resource: ResourceRecord | null = current;
      if (attributes !== null) {
        const outcome = await store.groups.replace({
          accountId: command.accountId,
          id: command.groupId,
          jobId,
          attributes: attributes.value,
          basis: target.basis,
        });
        if (outcome.kind !== 'replaced') return replaceOutcome('Group', command.groupId, outcome);
        resource = outcome.resource;
      } else if (memberChanges.length > 0) {
        resource = await store.groups.touch(command.accountId, command.groupId, jobId, target.basis);
      }
      const typeOf = new Map(members.value.map((member) => [member.value, member.type]));
      for (const change of memberChanges) await applyMemberChange(store, command, change, typeOf);
      return resource === null ? notFound('Group', command.groupId) : { ok: true, status: 200, resource };
    }),
  );

/** Members named by a PATCH's member operations (requested, so a re-added member counts). */
function memberDelta(changes: readonly MemberChange[]): NonNullable<WriteObservation['members']> {
  let added = 0;
  let removed: number | 'all' = 0;
  for (const change of changes) {
    if (change.kind === 'removeAll' || change.kind === 'replaceAll') removed = 'all';
    if (change.kind === 'remove' && removed !== 'all') removed += change.ids.length;
    if (change.kind === 'add' || change.kind === 'replaceAll') added += change.members.length;
  }
  return { added, removed };
}

async function applyMemberChange(
  store: Store,
  command: PatchGroupCommand,
  change: MemberChange,
  typeOf: ReadonlyMap<string, Member['type']>,
): Promise<void> {
  const { accountId, groupId } = command;
  const withTypes = (list: readonly { value: string }[]): Member[] =>
    list.map((member) => ({ value: member.value, type: typeOf.get(member.value) ?? 'User' }));
  switch (change.kind) {
    case 'add':
      await store.memberships.add(accountId, groupId, withTypes(change.members));
      return;
    case 'remove':
      await store.memberships.remove(accountId, groupId, change.ids);
      return;
    case 'removeAll':
      await store.memberships.removeAll(accountId, groupId);
      return;
    case 'replaceAll':
      await store.memberships.removeAll(accountId, groupId);
      await store.memberships.add(accountId, groupId, withTypes(change.members));
      return;
  }
}

function patchedAttributes(current: ResourceRecord, operations: PatchGroupCommand['operations']) {
  const patched = applyPatch(attributeView(current), operations, GROUP_KIND.schemas);
  if (!patched.ok) return patched;
  const validated = validateResource({ schemas: [GROUP_KIND.schemas.core.id], ...patched.value }, 'Group', {
    extensions: GROUP_KIND.schemas.extensions,
  });
  return validated.ok
    ? { ok: true as const, value: { core: validated.value.core, extensions: validated.value.extensions } }
    : validated;
}

/** Deleting a group removes its memberships (and its own membership in other groups); users stay. */
export const deleteGroup: Handler<DeleteGroupCommand> = (command, { store, lock, attemptsMade, observed }) =>
  lock.with(command.accountId, command.groupId, () =>
    retryingStale(async () => {
      const target = await store.groups.findForWrite(command.accountId, command.groupId, command.ifVersion);
      // A retry after a crash finds the group already gone: our earlier attempt deleted it.
      if (target.kind === 'notFound' && attemptsMade > 0) return { ok: true, status: 204 };
      if (target.kind !== 'found') return missedTarget('Group', command.groupId, target);
      observed.before = observedState(target);
      observed.after = null;
      await store.memberships.removeAll(command.accountId, command.groupId);
      await store.memberships.removeMemberEverywhere(command.accountId, command.groupId);
      await store.groups.delete(command.accountId, command.groupId, target.basis);
      return { ok: true, status: 204 };
    }),
  );
