import type { PatchOperation } from '@roster/scim';
import type { Member, ResourceAttributes } from '@roster/store';

/**
 * The job catalog: every write a SCIM client can ask for, as one serialisable command.
 * Ingress builds them after validation; the worker applies them. Adding a command here
 * without a handler in the worker is a compile error (see services/worker/src/handlers).
 * Ids of new resources are assigned by ingress before enqueueing, so every retry of a job
 * writes the same documents.
 */
export const WRITE_COMMAND_VERSION = 1;

interface CommandBase {
  v: typeof WRITE_COMMAND_VERSION;
  accountId: string;
}

/** `If-Match` (RFC 7644 §3.14): apply only while the resource is at this version. */
interface Conditional {
  ifVersion?: number;
}

export interface CreateUserCommand extends CommandBase {
  type: 'user.create';
  userId: string;
  attributes: ResourceAttributes;
}

export interface ReplaceUserCommand extends CommandBase, Conditional {
  type: 'user.replace';
  userId: string;
  attributes: ResourceAttributes;
}

export interface PatchUserCommand extends CommandBase, Conditional {
  type: 'user.patch';
  userId: string;
  operations: readonly PatchOperation[];
}

export interface DeleteUserCommand extends CommandBase, Conditional {
  type: 'user.delete';
  userId: string;
}

export interface CreateGroupCommand extends CommandBase {
  type: 'group.create';
  groupId: string;
  attributes: ResourceAttributes;
  members: readonly Member[];
}

export interface ReplaceGroupCommand extends CommandBase, Conditional {
  type: 'group.replace';
  groupId: string;
  attributes: ResourceAttributes;
  members: readonly Member[];
}

export interface PatchGroupCommand extends CommandBase, Conditional {
  type: 'group.patch';
  groupId: string;
  operations: readonly PatchOperation[];
}

export interface DeleteGroupCommand extends CommandBase, Conditional {
  type: 'group.delete';
  groupId: string;
}

export type WriteCommand =
  | CreateUserCommand
  | ReplaceUserCommand
  | PatchUserCommand
  | DeleteUserCommand
  | CreateGroupCommand
  | ReplaceGroupCommand
  | PatchGroupCommand
  | DeleteGroupCommand;
export type WriteCommandType = WriteCommand['type'];
