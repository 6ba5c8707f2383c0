import type {
  CreateUserCommand,
  DeleteUserCommand,
  PatchUserCommand,
  ReplaceUserCommand,
} from '@roster/jobs';
import { applyPatch, type ScimError } from '@roster/scim';
import { attributeView, type ResourceRecord, type WriteInput } from '@roster/store';
import {
  missedTarget,
  nameTaken,
  observedState,
  rejected,
  replaceOutcome,
  type Handler,
  type HandlerContext,
} from './handler.ts';
import { completeUserAttributes, validatedUserAttributes } from './user-attributes.ts';
import { userReadModifyWrite } from '../stale-retry.ts';

/** A create or PUT as a store write: the attributes completed with typed values and app columns. */
async function userWrite(
  context: HandlerContext,
  command: CreateUserCommand | ReplaceUserCommand,
): Promise<{ ok: true; value: WriteInput } | { ok: false; error: ScimError }> {
  const attributes = await completeUserAttributes(context, command.accountId, command.attributes);
  if (!attributes.ok) return attributes;
  return {
    ok: true,
    value: {
      accountId: command.accountId,
      id: command.userId,
      jobId: context.jobId,
      attributes: attributes.value,
    },
  };
}

export const createUser: Handler<CreateUserCommand> = async (command, context) => {
  const write = await userWrite(context, command);
  if (!write.ok) return rejected(write.error);
  context.observed.before = null;
  context.observed.after = write.value.attributes;
  const outcome = await context.store.users.create(write.value);
  return outcome.kind === 'created'
    ? { ok: true, status: 201, resource: outcome.resource }
    : nameTaken('User', outcome.holder);
};

export const replaceUser: Handler<ReplaceUserCommand> = (command, context) =>
  userReadModifyWrite(context, command.accountId, command.userId, async () => {
    const write = await userWrite(context, command);
    if (!write.ok) return rejected(write.error);
    // Read here rather than inside `replace` (the same one read), so the log can tell what changed.
    const target = await context.store.users.findForWrite(command.accountId, command.userId);
    if (target.kind !== 'found') return missedTarget('User', command.userId, target);
    context.observed.before = observedState(target);
    context.observed.after = write.value.attributes;
    const outcome = await context.store.users.replace({
      ...write.value,
      ifVersion: command.ifVersion,
      basis: target.basis,
    });
    return replaceOutcome('User', command.userId, outcome);
  });

/**
 * PATCH is applied in memory on the stored SCIM view, validated again, then stored as a replace
 * guarded by the version it was applied to (a concurrent write makes it apply again on top).
 */
export const patchUser: Handler<PatchUserCommand> = (command, context) =>
  userReadModifyWrite(context, command.accountId, command.userId, async () => {
    const { store, accounts, jobId } = context;
    const target = await store.users.findForWrite(command.accountId, command.userId, command.ifVersion);
    if (target.kind !== 'found') return missedTarget('User', command.userId, target);
    context.observed.before = observedState(target);
    const current = target.resource;
    const account = await accounts.of(command.accountId);
    const patched = applyPatch(attributeView(current), command.operations, account.userKind.schemas, {
      id: current.id,
    });
    if (!patched.ok) return rejected(patched.error);
    const validated = validatedUserAttributes(account, patched.value);
    if (!validated.ok) return rejected(validated.error);
    const attributes = await completeUserAttributes({ store, accounts }, command.accountId, validated.value);
    if (!attributes.ok) return rejected(attributes.error);
    context.observed.after = attributes.value;
    const outcome = await store.users.replace({
      accountId: command.accountId,
      id: command.userId,
      jobId,
      attributes: attributes.value,
      basis: target.basis,
    });
    return replaceOutcome('User', command.userId, outcome);
  });

/**
 * Removes the user from every group first, so no membership outlives it; afterwards clears
 * every Reference field (e.g. manager) of other users that named it.
 */
export const deleteUser: Handler<DeleteUserCommand> = async (command, context) => {
  const { store, attemptsMade } = context;
  const outcome = await userReadModifyWrite(context, command.accountId, command.userId, async () => {
    const target = await store.users.findForWrite(command.accountId, command.userId, command.ifVersion);
    // A retry after a crash finds the user already gone: our earlier attempt deleted it.
    if (target.kind === 'notFound' && attemptsMade > 0) return { ok: true, status: 204 } as const;
    if (target.kind !== 'found') return missedTarget('User', command.userId, target);
    context.observed.before = observedState(target);
    context.observed.after = null;
    await store.memberships.removeMemberEverywhere(command.accountId, command.userId);
    await store.users.delete(command.accountId, command.userId, target.basis);
    return { ok: true, status: 204 } as const;
  });
  if (outcome.ok) await clearReferencesTo(command.accountId, command.userId, context);
  return outcome;
};

async function clearReferencesTo(accountId: string, userId: string, context: HandlerContext): Promise<void> {
  const { store, accounts, jobId } = context;
  const account = await accounts.of(accountId);
  for (const field of account.fields.filter((candidate) => candidate.type === 'Reference')) {
    for (const referrer of await store.users.referencing(accountId, field.id, userId)) {
      await userReadModifyWrite(context, accountId, referrer.id, async () => {
        const target = await store.users.findForWrite(accountId, referrer.id);
        if (target.kind !== 'found') return;
        const view = withoutField(target.resource, account.customUrn, field.id);
        const validated = validatedUserAttributes(account, view);
        if (!validated.ok) return;
        const attributes = await completeUserAttributes({ store, accounts }, accountId, validated.value);
        if (!attributes.ok) return;
        await store.users.replace({
          accountId,
          id: referrer.id,
          jobId: `${jobId}-${referrer.id}`,
          attributes: attributes.value,
          basis: target.basis,
        });
      });
    }
  }
}

function withoutField(user: ResourceRecord, customUrn: string, fieldId: string): Record<string, unknown> {
  const view = attributeView(user);
  const custom = user.extensions[customUrn];
  if (custom === undefined) return view;
  const { [fieldId]: _removed, ...rest } = custom;
  return { ...view, [customUrn]: rest };
}
