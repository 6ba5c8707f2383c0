import express, { type NextFunction, type Request, type Response } from 'express';
import { ScimError } from '@roster/scim';
import { checkJsonBody } from './json-limits.ts';

/** RFC 7644 §3.1 names application/scim+json; plain JSON is accepted for lenient clients. */
const JSON_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

/**
 * Parses JSON bodies of SCIM media types up to `limitBytes`, then checks them once (depth,
 * NUL, lone surrogates; see json-limits.ts); anything else is refused with 415.
 */
export function scimBody(limitBytes: number) {
  const parse = express.json({ type: JSON_TYPES, limit: limitBytes, strict: true });
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
    parse(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      const refusal = checkJsonBody(req.body);
      next(refusal ?? undefined);
    });
  };
}
