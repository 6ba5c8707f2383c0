import type { Response } from 'express';
import type { SubmitResult, WriteClient, WriteCommand } from '@roster/jobs';
import { writeJobId } from '@roster/jobs';
import { ScimError, scimErrorFromBody } from '@roster/scim';
import type { ResourceRecord } from '@roster/store';
import { sendScim } from './http/scim-response.ts';
import { noteSubmitted, traced } from './write-log.ts';

/** What a route answers for a successful write's stored resource: the body, or none (204). */
export type RenderStored = (
  resource: ResourceRecord,
) => Promise<{ body: Record<string, unknown> | undefined; location: string; etag: string }>;

/**
 * Turns one write into a job, waits for the worker, and answers: the resource as stored,
 * the SCIM error the worker decided, or 503 + Retry-After when the write could not be
 * confirmed. A 2xx is only ever sent after the worker's MongoDB write completed.
 */
export async function submitAndRespond(
  writes: WriteClient,
  res: Response,
  requestId: string,
  command: WriteCommand,
  render: RenderStored,
): Promise<void> {
  const result = await writes.submit(
    traced(command, res, requestId),
    writeJobId(command.accountId, requestId),
  );
  noteSubmitted(res, result.kind);
  await respond(res, result, render);
}

async function respond(res: Response, result: SubmitResult, render: RenderStored): Promise<void> {
  // Every 503 gets its Retry-After from the error handler, the one place errors become answers.
  if (result.kind !== 'done') {
    throw new ScimError(503, undefined, unavailableDetail(result), { cause: causeOf(result) });
  }
  const { outcome } = result;
  if (!outcome.ok) throw scimErrorFromBody(outcome.error);
  if (outcome.status === 204) {
    sendScim(res, 204);
    return;
  }
  const { body, location, etag } = await renderApplied(outcome.resource, render);
  res.setHeader('ETag', etag);
  if (outcome.status === 201) res.setHeader('Location', location);
  sendScim(res, body === undefined ? 204 : outcome.status, body);
}

/**
 * Renders a write the worker has applied. Rendering may read the store (a user's groups, a
 * group's members); if that read fails, the answer must not suggest the write was lost: the
 * 503 says it was saved, and a retry is harmless (PUT and PATCH are idempotent; a repeated
 * identical create gets a 409 naming the user the first one made).
 */
async function renderApplied(resource: ResourceRecord, render: RenderStored): ReturnType<RenderStored> {
  try {
    return await render(resource);
  } catch (error) {
    if (error instanceof ScimError && error.status < 500) throw error;
    throw new ScimError(
      503,
      undefined,
      `The change was saved (id ${resource.id}, version ${resource.meta.version}), but reading it back ` +
        'for the response failed. Retrying the same request is safe; or GET the resource.',
      { cause: error },
    );
  }
}

/** What made a write unconfirmed, for the server's log. */
function causeOf(result: Exclude<SubmitResult, { kind: 'done' }>): string {
  switch (result.kind) {
    case 'unavailable':
    case 'failed':
      return `${result.kind}: ${result.reason}`;
    case 'timeout':
      return `timeout (job ${result.removed ? 'removed before it started' : 'still running'})`;
  }
}

function unavailableDetail(result: Exclude<SubmitResult, { kind: 'done' }>): string {
  switch (result.kind) {
    case 'unavailable':
      return 'The write was not accepted: the provisioning queue is unavailable. Retry later.';
    case 'failed':
      return 'The write could not be completed (the store failed on every attempt); part of it may be saved. Retrying the same request is safe.';
    case 'timeout':
      return result.removed
        ? 'The write timed out before it started and was not saved. Retry later.'
        : 'The write is taking longer than expected and may still be applied. Retrying the same request is safe.';
  }
}
