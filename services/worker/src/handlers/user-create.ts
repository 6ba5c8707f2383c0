import type { CreateUserCommand } from '@roster/jobs';
import { ScimError } from '@roster/scim';
import type { Handler } from './handler.ts';

export const createUser: Handler<CreateUserCommand> = async (command, { store, jobId }) => {
  const outcome = await store.users.createIfAbsent({
    accountId: command.accountId,
    id: command.userId,
    jobId,
    userName: command.userName,
    attributes: command.attributes,
  });
  if (outcome.kind === 'userNameTaken') {
    return {
      ok: false,
      error: ScimError.conflict(`A user with userName "${command.userName}" already exists`).toBody(),
    };
  }
  return { ok: true, status: 201, user: outcome.user };
};
