import type { UserAttributes } from '@roster/store';

/**
 * The job catalog: every write a SCIM client can ask for, as one serialisable command.
 * Ingress builds them after validation; the worker applies them. Adding a command here
 * without a handler in the worker is a compile error (see services/worker/src/handlers).
 */
export const WRITE_COMMAND_VERSION = 1;

export interface CreateUserCommand {
  type: 'user.create';
  v: typeof WRITE_COMMAND_VERSION;
  accountId: string;
  /** Assigned by ingress before enqueue, so every retry of this job writes the same document. */
  userId: string;
  userName: string;
  attributes: UserAttributes;
}

export interface DeleteUserCommand {
  type: 'user.delete';
  v: typeof WRITE_COMMAND_VERSION;
  accountId: string;
  userId: string;
}

export type WriteCommand = CreateUserCommand | DeleteUserCommand;
export type WriteCommandType = WriteCommand['type'];
