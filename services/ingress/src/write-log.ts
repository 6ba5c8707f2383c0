import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { SubmitResult, WriteCommand } from '@roster/jobs';
import { SCIM_BASE_PATH, warnAtMostEvery } from '@roster/runtime';
import type { ScimError } from '@roster/scim';
import {
  isResourceId,
  type ProvisionedResourceType,
  type ProvisioningLogEntry,
  type ProvisioningLogRepository,
  type ProvisioningOperation,
} from '@roster/store';
import { findScope, scopeOf } from './http/request-scope.ts';
import { RejectedRequestError } from './http/rejected-request.ts';

/**
 * Writes refused by overload protection (429) are recorded at most once per account, reason
 * and this long: a flood the limiter refuses without a Redis call must not cost a store insert
 * per request. The metrics count every refusal.
 */
const REFUSAL_SAMPLE_MS = 10_000;

/**
 * Ingress's side of the provisioning log (docs/provisioning-log.md). The worker records every
 * write a job decided; ingress records the write requests that never became a decided job:
 * refused before enqueueing (validation, preconditions, rate limits, body errors), not accepted
 * by the queue (503), or given up on while the job may still run (timedOut). Entries are
 * appended without waiting (group commit batches them): a log failure is logged, never answered.
 */

const OPERATIONS: Record<string, ProvisioningOperation> = {
  POST: 'create',
  PUT: 'replace',
  PATCH: 'patch',
  DELETE: 'delete',
};
const RESOURCE_PATH = new RegExp(`^${SCIM_BASE_PATH}/[^/]+/(users|groups)(?:/([^/]+))?/?$`, 'i');
const BULK_PATH = new RegExp(`^${SCIM_BASE_PATH}/[^/]+/bulk/?$`, 'i');
const BULK_OPERATION_PATH = /^\/(users|groups)(?:\/([^/?#]+))?$/i;

const SUBMITTED = Symbol('roster.submitted');

/** Remembers how the write queue answered, so the error hook knows whether a worker recorded it. */
export function noteSubmitted(res: Response, kind: SubmitResult['kind']): void {
  (res.locals as Record<symbol, SubmitResult['kind']>)[SUBMITTED] = kind;
}

const submittedOf = (res: Response): SubmitResult['kind'] | undefined =>
  (res.locals as Record<symbol, SubmitResult['kind'] | undefined>)[SUBMITTED];

/** The command with who asked and when, for the worker's log entry (WriteTrace in @roster/jobs). */
export function traced(
  command: WriteCommand,
  res: Response,
  requestId: string,
  bulk?: { index: number; startedAt: number },
): WriteCommand {
  const { tokenId, receivedAt } = scopeOf(res);
  return {
    ...command,
    trace:
      bulk === undefined
        ? { tokenId, requestId, receivedAt }
        : { tokenId, requestId, receivedAt: bulk.startedAt, bulkIndex: bulk.index },
  };
}

interface Target {
  resourceType: ProvisionedResourceType;
  resourceId?: string | undefined;
  operation: ProvisioningOperation;
}

/** What a write request is about, from its path; undefined for anything that is not a write. */
function targetOf(method: string, url: string): Target | undefined {
  const operation = OPERATIONS[method];
  if (operation === undefined) return undefined;
  const path = (url.split('?', 1)[0] ?? '').replace(/\/{2,}/g, '/');
  if (BULK_PATH.test(path))
    return method === 'POST' ? { resourceType: 'Bulk', operation: 'bulk' } : undefined;
  const match = RESOURCE_PATH.exec(path);
  // `POST /Users/.search` is a read.
  if (match === null || match[2]?.toLowerCase() === '.search') return undefined;
  return resourceTarget(operation, match[1] ?? '', match[2]);
}

function resourceTarget(operation: ProvisioningOperation, kind: string, id: string | undefined): Target {
  return {
    resourceType: kind.toLowerCase() === 'users' ? 'User' : 'Group',
    // Only an id we could have issued: the path segment is the client's text.
    resourceId: id !== undefined && isResourceId(id) ? id : undefined,
    operation,
  };
}

/** The name a create or replace body gives the resource (a user's userName, a group's displayName). */
function namesIn(target: Target, body: unknown): Pick<ProvisioningLogEntry, 'userName' | 'displayName'> {
  if (target.operation !== 'create' && target.operation !== 'replace') return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const attribute = target.resourceType === 'User' ? 'userName' : 'displayName';
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? { [attribute]: value } : {};
}

export interface BulkOperationFailure {
  index: number;
  startedAt: number;
  method: string;
  path: unknown;
  data: unknown;
  error: ScimError;
  /** How the queue answered, when the operation reached it. */
  submitted?: SubmitResult['kind'] | undefined;
}

export class IngressWriteLog {
  private readonly warn: (error: unknown) => void;

  constructor(
    private readonly log: ProvisioningLogRepository,
    logger: Logger,
  ) {
    this.warn = warnAtMostEvery(10_000, (error) =>
      logger.warn({ err: error }, 'provisioning log: entry not stored'),
    );
  }

  /** When each account's refusals of each reason were last recorded. */
  private readonly refusalsRecordedAt = new Map<string, number>();

  /** The error handler's hook: a write request is being answered with `error`. */
  readonly answered = (error: ScimError, req: Request, res: Response): void => {
    try {
      const scope = findScope(res);
      const submitted = submittedOf(res);
      // No scope: a 401, or refused before auth (no account we can trust). Done or failed: the worker's entry.
      if (scope === undefined || submitted === 'done' || submitted === 'failed') return;
      if (error instanceof RejectedRequestError && !this.sampled(`${scope.accountId} ${error.reason}`))
        return;
      const target = targetOf(req.method, req.originalUrl);
      if (target === undefined) return;
      this.append(req, res, scope.receivedAt, target, error, submitted, {
        method: req.method,
        ...namesIn(target, req.body),
      });
    } catch (failure) {
      this.warn(failure);
    }
  };

  private sampled(key: string): boolean {
    const now = Date.now();
    if (now - (this.refusalsRecordedAt.get(key) ?? -Infinity) < REFUSAL_SAMPLE_MS) return false;
    if (this.refusalsRecordedAt.size >= 10_000) this.refusalsRecordedAt.clear();
    this.refusalsRecordedAt.set(key, now);
    return true;
  }

  /** One /Bulk operation refused by ingress, or not confirmed by the queue. */
  bulkOperation(req: Request, res: Response, failure: BulkOperationFailure): void {
    try {
      if (failure.submitted === 'done' || failure.submitted === 'failed') return;
      const method = failure.method.slice(0, 10) || '?';
      const match = typeof failure.path === 'string' ? BULK_OPERATION_PATH.exec(failure.path) : null;
      const operation = OPERATIONS[method] ?? 'bulk';
      const target: Target =
        match === null
          ? { resourceType: 'Bulk', operation }
          : resourceTarget(operation, match[1] ?? '', match[2]);
      this.append(req, res, failure.startedAt, target, failure.error, failure.submitted, {
        method,
        bulkIndex: failure.index,
        ...namesIn(target, failure.data),
      });
    } catch (error) {
      this.warn(error);
    }
  }

  private append(
    req: Request,
    res: Response,
    startedAt: number,
    target: Target,
    error: ScimError,
    submitted: SubmitResult['kind'] | undefined,
    extra: Pick<ProvisioningLogEntry, 'method' | 'bulkIndex' | 'userName' | 'displayName'>,
  ): void {
    const { accountId, tokenId } = scopeOf(res);
    const entry: ProvisioningLogEntry = {
      at: new Date(startedAt),
      accountId,
      source: 'ingress',
      tokenId,
      requestId: typeof req.id === 'string' ? req.id : 'unknown',
      ...target,
      ...extra,
      outcome:
        submitted === 'timeout'
          ? 'timedOut'
          : error.status >= 500 && error.status !== 503
            ? 'failed'
            : 'rejected',
      status: error.status,
      scimType: error.scimType,
      detail: error.detail,
      durationMs: Date.now() - startedAt,
    };
    this.log.append([entry]).catch(this.warn);
  }
}
