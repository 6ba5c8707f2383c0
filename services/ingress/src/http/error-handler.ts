import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ScimError } from '@roster/scim';
import { isQueryTimeout } from '@roster/store';
import { sendScim } from './scim-response.ts';
import { RejectedRequestError } from './rejected-request.ts';

/** When an overloaded or unreachable dependency is worth asking again, unless the error says. */
const RETRY_AFTER_SECONDS = 5;

/** body-parser reports its failures with an HTTP status and a `type`. */
interface BodyParserError {
  status: number;
  type: string;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && 'type' in error && 'status' in error;

/** Store or Redis unreachable: the client should come back, nothing was acknowledged. */
const INFRASTRUCTURE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoNetworkTimeoutError',
  'MaxRetriesPerRequestError',
]);

/**
 * The SCIM error an error stands for: client mistakes (body-parser refusals, bad percent-encoding,
 * values the store cannot carry) are 4xx, store or Redis outages 503. `null` means unknown: the
 * caller answers an opaque 500 and logs it.
 */
export function toScimError(error: unknown): ScimError | null {
  if (error instanceof ScimError) return error;
  // body-parser wraps what its `verify` hook throws; unwrap our own refusal.
  if (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    error.type === 'entity.verify.failed'
  ) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof ScimError) return cause;
  }
  // A value the store's wire format cannot carry (e.g. NUL in a regex): the client's input.
  if (error instanceof Error && error.name === 'BSONError') {
    return ScimError.badRequest(
      'invalidValue',
      'A value contains characters that cannot be stored or searched',
    );
  }
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.too.large':
        return new ScimError(413, undefined, 'Request body exceeds the maximum payload size');
      case 'entity.parse.failed':
        return ScimError.badRequest('invalidSyntax', 'Request body is not valid JSON');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new ScimError(415, undefined, 'Unsupported content encoding or charset');
      case 'request.aborted':
        return ScimError.badRequest('invalidSyntax', 'Request body was aborted');
      default:
        return error.status >= 400 && error.status < 500
          ? ScimError.badRequest('invalidSyntax', 'Request body could not be read')
          : null;
    }
  }
  // Express could not decode a percent-encoded path segment (e.g. `/Users/%E0%A4%A`).
  if (error instanceof URIError) {
    return ScimError.badRequest('invalidValue', 'The URL contains malformed percent-encoding');
  }
  if (isQueryTimeout(error)) {
    return new ScimError(
      503,
      undefined,
      'The store did not answer within its time limit; retry later, or narrow the filter',
      { cause: error },
    );
  }
  if (error instanceof Error && INFRASTRUCTURE_ERRORS.has(error.name)) {
    return new ScimError(503, undefined, 'Service temporarily unavailable; retry later', { cause: error });
  }
  return null;
}

/**
 * The one place errors become responses. Anything unknown is an opaque 500, logged with its cause.
 * `onAnswered` hears of every error answered (the metrics count them here); `onRequestError` too,
 * with the request (the provisioning log records refused writes here, write-log.ts). Neither
 * may throw: the answer must not depend on them.
 */
export function errorHandler(
  logger: Logger,
  onAnswered: (error: ScimError) => void = () => undefined,
  onRequestError: (error: ScimError, req: Request, res: Response) => void = () => undefined,
) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let scimError = toScimError(error);
    if (scimError === null) {
      logger.error({ err: error, reqId: req.id }, 'unhandled error');
      scimError = new ScimError(500, undefined, 'Internal server error');
    }
    onAnswered(scimError);
    onRequestError(scimError, req, res);
    if (scimError.status === 429 || scimError.status === 503)
      res.setHeader('Retry-After', String(scimError.retryAfterSeconds ?? RETRY_AFTER_SECONDS));
    // A 503 we chose (the in-flight ceiling) is counted by the metrics: logging each one would
    // add work per refusal exactly when the process is refusing to save work.
    if (scimError.status === 503 && !(scimError instanceof RejectedRequestError)) {
      // Once per request, with what caused it: a 503 is an outage signal for operators.
      logger.warn(
        { err: scimError.cause ?? scimError, reqId: req.id, detail: scimError.detail },
        'answered 503',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendScim(res, scimError.status, scimError.toBody());
  };
}

export const notFound = (req: Request, _res: Response, next: NextFunction): void => {
  next(ScimError.notFound(`No SCIM endpoint at ${req.method} ${req.path}`));
};
