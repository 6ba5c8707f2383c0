import type { DeleteUserCommand } from '@roster/jobs';
import { ScimError } from '@roster/scim';
import type { Handler } from './handler.ts';

export const deleteUser: Handler<DeleteUserCommand> = async (command, { store, attemptsMade }) => {
  const deleted = await store.users.delete(command.accountId, command.userId);
  // A retry after a crash finds the user already gone: our earlier attempt deleted it.
  if (deleted || attemptsMade > 0) return { ok: true, status: 204 };
  return { ok: false, error: ScimError.notFound(`User ${command.userId} not found`).toBody() };
};
