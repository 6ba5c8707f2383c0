import type { Response } from 'express';
import type { SubmitResult, WriteClient, WriteCommand } from '@roster/jobs';
import { writeJobId } from '@roster/jobs';
import { ScimError, scimErrorFromBody } from '@roster/scim';
import type { ResourceRecord } from '@roster/store';
import { sendScim } from './http/scim-response.ts';

const RETRY_AFTER_SECONDS = 5;

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
  const result = await writes.submit(command, writeJobId(command.accountId, requestId));
  await respond(res, result, render);
}

async function respond(res: Response, result: SubmitResult, render: RenderStored): Promise<void> {
  if (result.kind !== 'done') {
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw new ScimError(503, undefined, unavailableDetail(result));
  }
  const { outcome } = result;
  if (!outcome.ok) throw scimErrorFromBody(outcome.error);
  if (outcome.status === 204) {
    sendScim(res, 204);
    return;
  }
  const { body, location, etag } = await render(outcome.resource);
  res.setHeader('ETag', etag);
  if (outcome.status === 201) res.setHeader('Location', location);
  sendScim(res, body === undefined ? 204 : outcome.status, body);
}

function unavailableDetail(result: Exclude<SubmitResult, { kind: 'done' }>): string {
  switch (result.kind) {
    case 'unavailable':
      return 'The write was not accepted: the provisioning queue is unavailable. Retry later.';
    case 'failed':
      return 'The write could not be applied and was not saved. Retry later.';
    case 'timeout':
      return result.removed
        ? 'The write timed out before it started and was not saved. Retry later.'
        : 'The write is taking longer than expected; check the resource before retrying.';
  }
}
