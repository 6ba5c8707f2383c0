import type { CreateUserCommand, DeleteUserCommand, PatchUserCommand, ReplaceUserCommand } from '@roster/jobs';
import { applyPatch, validateResource } from '@roster/scim';
import { USER_KIND, type ResourceRecord } from '@roster/store';
import { nameTaken, notFound, rejected, replaceOutcome, versionMismatch, type Handler } from './handler.ts';
import { scimView, toAttributes } from './scim-view.ts';

export const createUser: Handler<CreateUserCommand> = async (command, { store, jobId }) => {
  const outcome = await store.users.create({ accountId: command.accountId, id: command.userId, jobId, attributes: command.attributes });
  return outcome.kind === 'created' ? { ok: true, status: 201, resource: outcome.resource } : nameTaken('User');
};

export const replaceUser: Handler<ReplaceUserCommand> = (command, { store, lock, jobId }) =>
  lock.with(command.accountId, command.userId, async () => {
    const outcome = await store.users.replace({
      accountId: command.accountId,
      id: command.userId,
      jobId,
      attributes: command.attributes,
      ...(command.ifVersion === undefined ? {} : { ifVersion: command.ifVersion }),
    });
    return replaceOutcome('User', command.userId, outcome);
  });

/** PATCH is applied in memory on the stored SCIM view, validated again, then stored as a replace. */
export const patchUser: Handler<PatchUserCommand> = (command, { store, lock, jobId }) =>
  lock.with(command.accountId, command.userId, async () => {
    const current = await store.users.findById(command.accountId, command.userId);
    if (current === null) return notFound('User', command.userId);
    if (command.ifVersion !== undefined && current.meta.version !== command.ifVersion) {
      return versionMismatch('User', current.meta.version);
    }
    const attributes = patchedAttributes(current, command);
    if (!attributes.ok) return rejected(attributes.error);
    const outcome = await store.users.replace({ accountId: command.accountId, id: command.userId, jobId, attributes: attributes.value });
    return replaceOutcome('User', command.userId, outcome);
  });

function patchedAttributes(current: ResourceRecord, command: PatchUserCommand) {
  const patched = applyPatch(scimView(current), command.operations, USER_KIND.schemas);
  if (!patched.ok) return patched;
  const validated = validateResource(
    { schemas: [USER_KIND.schemas.core.id], ...patched.value },
    'User',
    { extensions: USER_KIND.schemas.extensions },
  );
  return validated.ok ? { ok: true as const, value: toAttributes(validated.value) } : validated;
}

/** Removes the user from every group first, so no membership outlives it. */
export const deleteUser: Handler<DeleteUserCommand> = (command, { store, lock, attemptsMade }) =>
  lock.with(command.accountId, command.userId, async () => {
    const current = await store.users.findById(command.accountId, command.userId);
    // A retry after a crash finds the user already gone: our earlier attempt deleted it.
    if (current === null) return attemptsMade > 0 ? { ok: true, status: 204 } : notFound('User', command.userId);
    if (command.ifVersion !== undefined && current.meta.version !== command.ifVersion) {
      return versionMismatch('User', current.meta.version);
    }
    await store.memberships.removeMemberEverywhere(command.accountId, command.userId);
    await store.users.delete(command.accountId, command.userId);
    return { ok: true, status: 204 };
  });
