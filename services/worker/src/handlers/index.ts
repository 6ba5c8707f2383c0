import type { HandlerCatalog } from './handler.ts';
import { createUser } from './user-create.ts';
import { deleteUser } from './user-delete.ts';

export const handlers: HandlerCatalog = {
  'user.create': createUser,
  'user.delete': deleteUser,
};
export type { HandlerContext } from './handler.ts';
