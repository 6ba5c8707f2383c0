import type { AccountSlots } from '../limits/account-slots.ts';
import { accountBaseUrl } from '@roster/runtime';
import { Router, type Request, type Response } from 'express';
import type { MemberPayload as Member, WriteClient, WriteCommand } from '@roster/jobs';
import { compareForSort, normaliseReference, projectResource, ScimError } from '@roster/scim';
import {
  isResourceId,
  resourceSearch,
  scimView,
  type AccountSchema,
  type ResourceKind,
  type ResourceRecord,
  type ResourceRepository,
  type Store,
} from '@roster/store';
import type { AccountSchemaCache } from '@roster/store';
import { ifMatchVersion, notModified, versionTag } from '../http/preconditions.ts';
import { requestIdOf, scopeOf } from '../http/request-scope.ts';
import { sendScim, SCIM_CONTENT_TYPE } from '../http/scim-response.ts';
import { listResponse } from '../render/list-response.ts';
import {
  memberReference,
  renderResource,
  resourceLocation,
  type ResourceTypeName,
} from '../render/resource.ts';
import { isProjected, parseListRequest, parseProjection, type Projection } from '../query/list-request.ts';
import { submitAndRespond } from '../writes.ts';
import {
  createCommand,
  deleteCommand,
  kindOf,
  knownSchemasOf,
  patchCommand,
  replaceCommand,
  type CommandScope,
} from '../command-builders.ts';
import { unwrap } from '../http/unwrap.ts';

export interface ResourceRouteDeps {
  store: Store;
  writes: WriteClient;
  publicBaseUrl: string;
  accounts: AccountSchemaCache;
  /** The cap on each account's expensive lists in progress (limits/account-slots.ts). */
  listSlots: AccountSlots;
  /** The cap on each account's writes waiting for their job. */
  writeSlots: AccountSlots;
}

/**
 * The account's extension with only the fields it defines now: values of a removed field stay
 * stored (and in the app table) until purged, but are no longer part of the SCIM resource.
 * A Reference stored as `{ "value": id }` (before Reference fields were advertised as the
 * `reference` type) is returned as the id, the type /Schemas declares.
 */
function withDefinedFields(account: AccountSchema, resource: ResourceRecord): ResourceRecord {
  const custom = resource.extensions[account.customUrn];
  if (custom === undefined) return resource;
  const types = new Map(account.fields.map((field) => [field.id, field.type]));
  const kept: Record<string, unknown> = {};
  for (const [fieldId, value] of Object.entries(custom)) {
    const type = types.get(fieldId);
    if (type === undefined) continue;
    const shown = type === 'Reference' && typeof value !== 'string' ? normaliseReference(value) : value;
    if (shown !== undefined && shown !== null) kept[fieldId] = shown;
  }
  const { [account.customUrn]: _dropped, ...others } = resource.extensions;
  return {
    ...resource,
    extensions: Object.keys(kept).length === 0 ? others : { ...others, [account.customUrn]: kept },
  };
}

/** Does `projection` keep attribute `name` (a derived one we only compute when it is kept)? */
const keeps = (projection: Projection, name: string, schemas: ResourceKind['schemas']): boolean =>
  // `groups` and `members` are returned by default: without attributes/excludedAttributes
  // there is nothing to decide (the common case, so no probe projection on the hot path).
  !isProjected(projection) ||
  name in projectResource({ schemas: [schemas.core.id], id: 'x', [name]: [] }, projection, schemas);

/**
 * `/scim/v2/:accountId/Users` and `/Groups` (RFC 7644 §3.3–3.7): reads from the store,
 * writes through the queue. Both resource types share every rule; only their derived
 * attribute differs (a User's read-only `groups`, a Group's `members` from memberships).
 */
export function resourceRouter(
  type: ResourceTypeName,
  { store, writes, publicBaseUrl, accounts, listSlots, writeSlots }: ResourceRouteDeps,
): Router {
  const router = Router({ mergeParams: true, caseSensitive: false, strict: false });
  const repository: ResourceRepository = type === 'User' ? store.users : store.groups;
  const baseUrlOf = (accountId: string): string => accountBaseUrl(publicBaseUrl, accountId);

  /** The caller's account, its schema (custom fields) and this route's resource kind. */
  async function scopeFor(res: Response): Promise<CommandScope & { kind: ResourceKind }> {
    const { accountId } = scopeOf(res);
    const account = await accounts.of(accountId);
    return { type, accountId, account, kind: kindOf({ type, account }) };
  }

  /** The full representation, derived attributes included only when the projection keeps them. */
  async function present(
    scope: CommandScope & { kind: ResourceKind },
    resource: ResourceRecord,
    projection: Projection,
    known: KnownRelations = {},
  ): Promise<Record<string, unknown>> {
    const { accountId, kind } = scope;
    const baseUrl = baseUrlOf(accountId);
    const body = renderResource(type, withDefinedFields(scope.account, resource), baseUrl);
    if (type === 'User' && keeps(projection, 'groups', kind.schemas)) {
      const groupIds = known.groupIds ?? (await store.memberships.groupsOf(accountId, resource.id));
      if (groupIds.length > 0)
        body.groups = groupIds.map((value) => memberReference(baseUrl, { value, type: 'Group' }));
    }
    if (type === 'Group' && keeps(projection, 'members', kind.schemas)) {
      const members: Record<string, string>[] = [];
      if (known.members !== undefined) {
        for (const member of known.members) members.push(memberReference(baseUrl, member));
      } else {
        for await (const member of store.memberships.members(accountId, resource.id))
          members.push(memberReference(baseUrl, member));
      }
      body.members = members;
    }
    return projectResource(body, projection, kind.schemas);
  }

  const renderWritten =
    (
      scope: CommandScope & { kind: ResourceKind },
      command: WriteCommand,
      projection: Projection,
      respondWithBody: boolean,
    ) =>
    async (resource: ResourceRecord) => ({
      body: respondWithBody
        ? await present(scope, resource, projection, relationsWritten(command))
        : undefined,
      location: resourceLocation(baseUrlOf(scope.accountId), type, resource.id),
      etag: versionTag(resource.meta.version),
    });

  /**
   * Submits a write; the answer carries the stored resource projected by `projection`, or no
   * body (204) when `respondWithBody` is false.
   */
  const write = (
    req: Request,
    res: Response,
    scope: CommandScope & { kind: ResourceKind },
    command: WriteCommand,
    projection: Projection,
    respondWithBody = true,
  ): Promise<void> => {
    const release = writeSlots.take(scope.accountId);
    return submitAndRespond(
      writes,
      res,
      requestIdOf(req),
      command,
      renderWritten(scope, command, projection, respondWithBody),
    ).finally(release);
  };

  /**
   * `attributes` / `excludedAttributes` of a write (RFC 7644 §3.9: POST, PUT and PATCH answer
   * with the resource as GET would project it), checked before the write is submitted.
   */
  const projectionOf = (req: Request, { kind }: { kind: ResourceKind }): Projection =>
    unwrap(parseProjection(req.query as Record<string, unknown>, knownSchemasOf(kind)));

  const idParam = (req: Request<{ id: string }>): string => {
    // Ids we could not have issued are answered without touching the store.
    if (!isResourceId(req.params.id)) throw ScimError.notFound(`${type} ${req.params.id} not found`);
    return req.params.id;
  };

  async function list(req: Request, res: Response, params: Record<string, unknown>): Promise<void> {
    const scope = await scopeFor(res);
    const { accountId, kind } = scope;
    const request = unwrap(parseListRequest(params, knownSchemasOf(kind)));
    const search = unwrap(resourceSearch(kind, request.filter));
    const { sortBy, sortOrder } = request;
    // Each candidate's view is built once, not once per comparison.
    const views = new WeakMap<ResourceRecord, Record<string, unknown>>();
    const viewOf = (resource: ResourceRecord): Record<string, unknown> => {
      let view = views.get(resource);
      if (view === undefined) views.set(resource, (view = scimView(resource)));
      return view;
    };
    const order =
      sortBy === undefined
        ? undefined
        : (a: ResourceRecord, b: ResourceRecord) =>
            compareForSort(viewOf(a), viewOf(b), sortBy, kind.schemas, sortOrder);
    // A point lookup (Entra's probe) is cheap; anything else holds one of the account's list slots.
    const release =
      search.anchor === undefined && search.memberIds === undefined
        ? listSlots.take(accountId)
        : () => undefined;
    const result = await repository
      .search(accountId, search, { skip: request.startIndex - 1, limit: request.count }, order)
      .finally(release);
    if (result.kind === 'tooMany') {
      throw ScimError.badRequest(
        'tooMany',
        `The filter or sortBy needs more than ${result.limit} resources checked in one request; add a more selective filter`,
      );
    }
    const { total, resources } = result;
    const bodies = await Promise.all(
      resources.map((resource) => present(scope, resource, request.projection)),
    );
    sendScim(res, 200, listResponse(bodies, total, request.startIndex));
  }

  router.get('/', (req, res) => list(req, res, req.query as Record<string, unknown>));

  router.post('/.search', (req, res) => {
    const body = (req.body ?? {}) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ScimError.badRequest('invalidSyntax', 'A SearchRequest body must be a JSON object');
    }
    return list(req, res, body as Record<string, unknown>);
  });

  router.post('/', async (req, res) => {
    const scope = await scopeFor(res);
    await write(req, res, scope, createCommand(scope, req.body), projectionOf(req, scope));
  });

  router.get('/:id', async (req: Request<{ id: string }>, res) => {
    const scope = await scopeFor(res);
    const { accountId, kind } = scope;
    const id = idParam(req);
    const projection = unwrap(
      parseListRequest(req.query as Record<string, unknown>, knownSchemasOf(kind)),
    ).projection;
    const resource = await repository.findById(accountId, id);
    if (resource === null) throw ScimError.notFound(`${type} ${id} not found`);
    res.setHeader('ETag', versionTag(resource.meta.version));
    if (notModified(req.headers['if-none-match'], resource.meta.version)) {
      res.status(304).end();
      return;
    }
    if (type === 'Group' && keeps(projection, 'members', kind.schemas)) {
      await streamGroup(res, scope, resource, projection);
      return;
    }
    sendScim(res, 200, await present(scope, resource, projection));
  });

  /**
   * A Group with its members, written as they are read: a group of 100,000 members is never
   * held in memory (RFC 7644 leaves large member lists to the service provider).
   */
  async function streamGroup(
    res: Response,
    { accountId, kind }: CommandScope & { kind: ResourceKind },
    group: ResourceRecord,
    projection: Projection,
  ): Promise<void> {
    const baseUrl = baseUrlOf(accountId);
    const head = JSON.stringify(
      projectResource({ ...renderResource('Group', group, baseUrl), members: [] }, projection, kind.schemas),
    );
    const marker = '"members":[]';
    const at = head.indexOf(marker);
    res.status(200).setHeader('Content-Type', SCIM_CONTENT_TYPE);
    const send = async (chunk: string): Promise<void> => {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    };
    await send(`${head.slice(0, at)}"members":[`);
    let first = true;
    for await (const member of store.memberships.members(accountId, group.id)) {
      await send(`${first ? '' : ','}${JSON.stringify(memberReference(baseUrl, member))}`);
      first = false;
    }
    res.end(`]${head.slice(at + marker.length)}`);
  }

  const ifVersion = (req: Request): number | undefined => unwrap(ifMatchVersion(req.headers['if-match']));

  router.put('/:id', async (req: Request<{ id: string }>, res) => {
    const scope = await scopeFor(res);
    const command = replaceCommand(scope, idParam(req), req.body, ifVersion(req));
    await write(req, res, scope, command, projectionOf(req, scope));
  });

  // Users answer 200 with the resource; Groups 204 (what Entra and Okta expect, RFC 7644 §3.5.2)
  // unless attributes/excludedAttributes ask for the resource (§3.5.2: then 200 with it).
  router.patch('/:id', async (req: Request<{ id: string }>, res) => {
    const scope = await scopeFor(res);
    const command = patchCommand(scope, idParam(req), req.body, ifVersion(req));
    const projection = projectionOf(req, scope);
    await write(req, res, scope, command, projection, type === 'User' || isProjected(projection));
  });

  router.delete('/:id', async (req: Request<{ id: string }>, res) => {
    const scope = await scopeFor(res);
    // A delete answers 204 (RFC 7644 §3.6): there is nothing to project.
    await write(req, res, scope, deleteCommand(scope, idParam(req), ifVersion(req)), {});
  });

  return router;
}

/** A resource's derived relations when the write itself says what they are. */
interface KnownRelations {
  /** A User's groups. */
  groupIds?: readonly string[];
  /** A Group's members, as stored. */
  members?: readonly Member[];
}

/**
 * What a write's own command says about the relations of the resource it wrote, so the answer
 * needs no store read: a new user belongs to no group yet, and a created or replaced group has
 * exactly the members the command names, each once (the worker refused the write otherwise).
 * Reading them back would cost a range read of the group's memberships per write (before the
 * key-prefix layout of docs/ferretdb.md §3 it was a scan of every account's memberships: a
 * group create took 509 ms at the median instead of 10 ms with 20,000 other memberships).
 */
function relationsWritten(command: WriteCommand): KnownRelations {
  switch (command.type) {
    case 'user.create':
      return { groupIds: [] };
    case 'group.create':
    case 'group.replace':
      return { members: command.members };
    default:
      return {};
  }
}
