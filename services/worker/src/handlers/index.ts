import type { HandlerCatalog } from './handler.ts';
import { createGroup, deleteGroup, patchGroup, replaceGroup } from './groups.ts';
import { createUser, deleteUser, patchUser, replaceUser } from './users.ts';

export const handlers: HandlerCatalog = {
  'user.create': createUser,
  'user.replace': replaceUser,
  'user.patch': patchUser,
  'user.delete': deleteUser,
  'group.create': createGroup,
  'group.replace': replaceGroup,
  'group.patch': patchGroup,
  'group.delete': deleteGroup,
};
export type { HandlerContext } from './handler.ts';
