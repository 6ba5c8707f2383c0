import type { AccountSlots } from '../limits/account-slots.ts';
import { accountBaseUrl } from '@roster/runtime';
import { Router, type Request, type Response } from 'express';
import { writeJobId, type SubmitResult, type WriteClient, type WriteCommand } from '@roster/jobs';
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, ScimError, urnEquals } from '@roster/scim';
import { isResourceId } from '@roster/store';
import { ifMatchVersion, versionTag } from '../http/preconditions.ts';
import { requestIdOf, scopeOf } from '../http/request-scope.ts';
import { sendScim } from '../http/scim-response.ts';
import { resourceLocation, type ResourceTypeName } from '../render/resource.ts';
import {
  commandResourceId,
  createCommand,
  deleteCommand,
  patchCommand,
  replaceCommand,
  type CommandScope,
} from '../command-builders.ts';
import type { AccountSchemaCache } from '@roster/store';
import { traced, type IngressWriteLog } from '../write-log.ts';

/** Advertised in /ServiceProviderConfig and enforced here (RFC 7644 §3.7.4). */
export const BULK_MAX_OPERATIONS = 1000;

interface BulkOperation {
  method?: unknown;
  bulkId?: unknown;
  version?: unknown;
  path?: unknown;
  data?: unknown;
}

interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

const PATH = /^\/(Users|Groups)(?:\/([^/?#]+))?$/i;
const BULK_ID_REF = /^bulkId:(.+)$/;

/**
 * Replaces `"bulkId:<id>"` strings (RFC 7644 §3.7.2) with the ids created earlier in this
 * request. Returns the unresolved bulkIds, if any.
 */
function resolveBulkIds(
  value: unknown,
  created: ReadonlyMap<string, string>,
  unresolved: Set<string>,
): unknown {
  if (typeof value === 'string') {
    const ref = BULK_ID_REF.exec(value)?.[1];
    if (ref === undefined) return value;
    const id = created.get(ref);
    if (id === undefined) unresolved.add(ref);
    return id ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveBulkIds(item, created, unresolved));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, resolveBulkIds(inner, created, unresolved)]),
    );
  }
  return value;
}

/**
 * `POST /Bulk`: operations run in order, each through the same validation and queue path as
 * its single-resource request, so a bulk write has the same guarantees. Errors are reported
 * per operation; `failOnErrors` stops after that many.
 */
export function bulkRouter(
  writes: WriteClient,
  publicBaseUrl: string,
  accounts: AccountSchemaCache,
  writeSlots: AccountSlots,
  /** Records operations refused before they became a job (the worker records the others). */
  log?: IngressWriteLog,
): Router {
  const router = Router({ mergeParams: true, caseSensitive: false, strict: false });

  // A whole /Bulk holds one of the account's write slots: its operations run one at a time.
  router.post('/Bulk', (req: Request, res: Response) => {
    const release = writeSlots.take(scopeOf(res).accountId);
    return bulk(req, res).finally(release);
  });

  async function bulk(req: Request, res: Response): Promise<void> {
    const { accountId } = scopeOf(res);
    const account = await accounts.of(accountId);
    const baseUrl = accountBaseUrl(publicBaseUrl, accountId);
    const body = req.body as { schemas?: unknown; Operations?: unknown; failOnErrors?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ScimError.badRequest('invalidSyntax', 'A BulkRequest body must be a JSON object');
    }
    if (
      !Array.isArray(body.schemas) ||
      !body.schemas.some((urn) => typeof urn === 'string' && urnEquals(urn, BULK_REQUEST_SCHEMA))
    ) {
      throw ScimError.badRequest('invalidSyntax', `schemas must contain ${BULK_REQUEST_SCHEMA}`);
    }
    if (!Array.isArray(body.Operations))
      throw ScimError.badRequest('invalidSyntax', 'Operations must be an array');
    if (body.Operations.length > BULK_MAX_OPERATIONS) {
      throw new ScimError(
        413,
        undefined,
        `A bulk request may carry at most ${BULK_MAX_OPERATIONS} operations`,
      );
    }
    const failOnErrors =
      typeof body.failOnErrors === 'number' && Number.isInteger(body.failOnErrors) && body.failOnErrors > 0
        ? body.failOnErrors
        : Number.POSITIVE_INFINITY;

    const created = new Map<string, string>();
    const results: BulkResult[] = [];
    let errors = 0;
    for (const [index, raw] of (body.Operations as BulkOperation[]).entries()) {
      if (errors >= failOnErrors) break;
      const result = await runOperation(raw, index);
      if (Number(result.status) >= 400) errors += 1;
      results.push(result);
    }
    sendScim(res, 200, { schemas: [BULK_RESPONSE_SCHEMA], Operations: results });

    async function runOperation(raw: BulkOperation, index: number): Promise<BulkResult> {
      const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
      const bulkId = typeof raw.bulkId === 'string' ? raw.bulkId : undefined;
      const head = { method, ...(bulkId === undefined ? {} : { bulkId }) };
      const startedAt = Date.now();
      const failure = (error: ScimError, submitted?: SubmitResult['kind']): BulkResult => {
        log?.bulkOperation(req, res, {
          index,
          startedAt,
          method,
          path: raw.path,
          data: raw.data,
          error,
          submitted,
        });
        return { ...head, status: String(error.status), response: error.toBody() };
      };
      try {
        const unresolved = new Set<string>();
        const path = resolveBulkIds(raw.path, created, unresolved);
        const data = resolveBulkIds(raw.data, created, unresolved);
        if (unresolved.size > 0) {
          throw new ScimError(
            409,
            'invalidValue',
            `Operation ${index} refers to unknown bulkId ${[...unresolved].join(', ')}`,
          );
        }
        const match = typeof path === 'string' ? PATH.exec(path) : null;
        if (match === null)
          throw ScimError.badRequest(
            'invalidPath',
            `Operation ${index}: path must be /Users, /Groups or /<type>/<id>`,
          );
        const type: ResourceTypeName = match[1]?.toLowerCase() === 'users' ? 'User' : 'Group';
        const id = match[2];
        if (id !== undefined && !isResourceId(id)) throw ScimError.notFound(`${type} ${id} not found`);
        const version =
          typeof raw.version === 'string'
            ? ifMatchVersion(raw.version)
            : { ok: true as const, value: undefined };
        if (!version.ok) throw version.error;
        const command = buildCommand(method, { type, accountId, account }, id, data, version.value, index);
        if (method === 'POST' && bulkId === undefined) {
          throw ScimError.badRequest('invalidValue', `Operation ${index}: POST needs a bulkId`);
        }
        const submitted = await writes.submit(
          traced(command, res, requestIdOf(req), { index, startedAt }),
          writeJobId(accountId, `${requestIdOf(req)}-${index}`),
        );
        if (submitted.kind !== 'done')
          return failure(
            new ScimError(503, undefined, 'The write could not be confirmed; retry it'),
            submitted.kind,
          );
        const { outcome } = submitted;
        if (!outcome.ok) return { ...head, status: outcome.error.status, response: outcome.error };
        const resourceId = commandResourceId(command);
        if (method === 'POST' && bulkId !== undefined) created.set(bulkId, resourceId);
        return {
          ...head,
          status: String(outcome.status === 201 ? 201 : method === 'DELETE' ? 204 : 200),
          ...(method === 'DELETE' ? {} : { location: resourceLocation(baseUrl, type, resourceId) }),
          ...(outcome.status === 204 ? {} : { version: versionTag(outcome.resource.meta.version) }),
        };
      } catch (error) {
        if (error instanceof ScimError) return failure(error);
        throw error;
      }
    }
  }

  return router;
}

function buildCommand(
  method: string,
  scope: CommandScope,
  id: string | undefined,
  data: unknown,
  ifVersion: number | undefined,
  index: number,
): WriteCommand {
  if (method === 'POST' && id === undefined) return createCommand(scope, data);
  if (id === undefined)
    throw ScimError.badRequest('invalidPath', `Operation ${index}: ${method} needs /<type>/<id>`);
  switch (method) {
    case 'PUT':
      return replaceCommand(scope, id, data, ifVersion);
    case 'PATCH':
      return patchCommand(scope, id, data, ifVersion);
    case 'DELETE':
      return deleteCommand(scope, id, ifVersion);
    default:
      throw ScimError.badRequest(
        'invalidSyntax',
        `Operation ${index}: method must be POST, PUT, PATCH or DELETE`,
      );
  }
}
