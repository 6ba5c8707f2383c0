import { Router, type Request, type Response } from 'express';
import type { WriteClient } from '@roster/jobs';
import { WRITE_COMMAND_VERSION } from '@roster/jobs';
import {
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  parseFilter,
  ScimError,
  USER_SCHEMA,
  validateResource,
} from '@roster/scim';
import { isResourceId, newResourceId, userSearch, type Store } from '@roster/store';
import { requestIdOf, scopeOf } from '../http/request-scope.ts';
import { sendScim } from '../http/scim-response.ts';
import { listResponse } from '../render/list-response.ts';
import { renderUser, userLocation, versionTag } from '../render/user.ts';
import { parsePagination } from '../query/pagination.ts';
import { submitAndRespond } from '../writes.ts';

export interface UsersRouteDeps {
  store: Store;
  writes: WriteClient;
  publicBaseUrl: string;
}

const USER_EXTENSIONS = [enterpriseUserSchemaDefinition];
const KNOWN_SCHEMAS = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA];

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: ScimError }): T => {
  if (!result.ok) throw result.error;
  return result.value;
};

const queryString = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ScimError.badRequest('invalidValue', `${name} must be given once`);
  return value;
};

/** `/scim/v2/:accountId/Users` (RFC 7644 §3.3–3.6): reads from the store, writes through the queue. */
export function usersRouter({ store, writes, publicBaseUrl }: UsersRouteDeps): Router {
  const router = Router({ mergeParams: true, caseSensitive: false, strict: false });
  const baseUrlOf = (accountId: string): string => `${publicBaseUrl}/scim/v2/${accountId}`;
  const render = (accountId: string) => (user: Parameters<typeof renderUser>[0]) => ({
    body: renderUser(user, baseUrlOf(accountId)),
    location: userLocation(baseUrlOf(accountId), user.id),
    etag: versionTag(user.meta.version),
  });

  router.post('/', async (req: Request, res: Response) => {
    const { accountId } = scopeOf(res);
    const resource = unwrap(validateResource(req.body, 'User', { extensions: USER_EXTENSIONS }));
    const userName = resource.core.userName as string;
    await submitAndRespond(writes, res, requestIdOf(req), {
      type: 'user.create',
      v: WRITE_COMMAND_VERSION,
      accountId,
      userId: newResourceId(),
      userName,
      attributes: { core: resource.core, extensions: resource.extensions },
    }, render(accountId));
  });

  router.get('/', async (req: Request, res: Response) => {
    const { accountId } = scopeOf(res);
    const page = unwrap(parsePagination(req.query));
    const filterText = queryString(req.query.filter, 'filter');
    const filter = filterText === undefined ? undefined : unwrap(parseFilter(filterText, { knownSchemas: KNOWN_SCHEMAS }));
    const search = unwrap(userSearch(filter));
    const { total, users } = await store.users.search(accountId, search, { skip: page.startIndex - 1, limit: page.count });
    const baseUrl = baseUrlOf(accountId);
    sendScim(res, 200, listResponse(users.map((user) => renderUser(user, baseUrl)), total, page.startIndex));
  });

  router.get('/:id', async (req: Request<{ id: string }>, res: Response) => {
    const { accountId } = scopeOf(res);
    const user = isResourceId(req.params.id) ? await store.users.findById(accountId, req.params.id) : null;
    if (user === null) throw ScimError.notFound(`User ${req.params.id} not found`);
    res.setHeader('ETag', versionTag(user.meta.version));
    sendScim(res, 200, renderUser(user, baseUrlOf(accountId)));
  });

  router.delete('/:id', async (req: Request<{ id: string }>, res: Response) => {
    const { accountId } = scopeOf(res);
    if (!isResourceId(req.params.id)) throw ScimError.notFound(`User ${req.params.id} not found`);
    await submitAndRespond(writes, res, requestIdOf(req), {
      type: 'user.delete',
      v: WRITE_COMMAND_VERSION,
      accountId,
      userId: req.params.id,
    }, render(accountId));
  });

  return router;
}
