import { Router } from 'express';
import { z } from 'zod';
import { MAX_FILTER_LENGTH } from '@roster/scim';
import { principalOf } from '../auth/principal.ts';
import type { AdminContext } from '../operations/context.ts';
import {
  getUser,
  groupMembers,
  listGroups,
  listUsers,
  MAX_PAGE_SIZE,
  MAX_START_INDEX,
} from '../operations/directory.ts';
import { parsed } from '../http/parse.ts';

/** One query parameter given once, as text (`?a=1&a=2` is an array, and refused). */
const text = (max: number) => z.string().max(max);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const Paging = {
  startIndex: integer(1, MAX_START_INDEX).optional(),
  count: integer(0, MAX_PAGE_SIZE).optional(),
};

/** `GET …/users` query parameters. */
export const UsersQuery = z.object({
  filter: text(MAX_FILTER_LENGTH).optional(),
  search: text(256).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  sortBy: text(256).optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
  ...Paging,
});

/** `GET …/groups` query parameters. */
export const GroupsQuery = z.object({
  filter: text(MAX_FILTER_LENGTH).optional(),
  search: text(256).optional(),
  ...Paging,
});

export const MembersQuery = z.object(Paging);

/**
 * The account's directory, read-only: `/accounts/:accountId/users` (the user management table),
 * `/users/:userId`, `/groups` and `/groups/:groupId/members`. Mounted under the API prefix.
 */
export function directoryRoutes(ctx: AdminContext): Router {
  const router = Router();
  router.get('/accounts/:accountId/users', async (req, res) => {
    res.json(await listUsers(ctx, principalOf(res), req.params.accountId, parsed(UsersQuery, req.query)));
  });
  router.get('/accounts/:accountId/users/:userId', async (req, res) => {
    res.json(await getUser(ctx, principalOf(res), req.params.accountId, req.params.userId));
  });
  router.get('/accounts/:accountId/groups', async (req, res) => {
    res.json(await listGroups(ctx, principalOf(res), req.params.accountId, parsed(GroupsQuery, req.query)));
  });
  router.get('/accounts/:accountId/groups/:groupId/members', async (req, res) => {
    const paging = parsed(MembersQuery, req.query);
    res.json(await groupMembers(ctx, principalOf(res), req.params.accountId, req.params.groupId, paging));
  });
  return router;
}
