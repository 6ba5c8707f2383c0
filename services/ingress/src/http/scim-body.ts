import express, { type NextFunction, type Request, type Response } from 'express';
import { ScimError } from '@roster/scim';

/** RFC 7644 §3.1 names application/scim+json; plain JSON is accepted for lenient clients. */
const JSON_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

const NUL_ESCAPE = /\\u0000/i;

/**
 * NUL characters are refused up front: neither FerretDB nor BSON regexes can hold them, so a
 * write carrying one would otherwise fail in the worker (and be retried as if transient).
 */
function refuseNul(_req: unknown, _res: unknown, body: Buffer): void {
  if (body.includes(0) || NUL_ESCAPE.test(body.toString('utf8'))) {
    throw ScimError.badRequest('invalidValue', 'Values must not contain NUL (\\u0000) characters');
  }
}

/** Parses JSON bodies of SCIM media types up to `limitBytes`; anything else is refused with 415. */
export function scimBody(limitBytes: number) {
  const parse = express.json({ type: JSON_TYPES, limit: limitBytes, strict: true, verify: refuseNul });
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && req.is(JSON_TYPES) === false) {
      next(
        new ScimError(
          415,
          undefined,
          `Content-Type must be application/scim+json (got ${req.headers['content-type'] ?? 'none'})`,
        ),
      );
      return;
    }
    parse(req, res, next);
  };
}
