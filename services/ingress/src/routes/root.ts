import { Router } from 'express';
import { ScimError } from '@roster/scim';

/**
 * Queries at the root of the base URL (RFC 7644 §3.4.3: `POST /.search`, and `GET /` with or
 * without a filter) would search Users and Groups together. Roster does not offer them: no
 * provisioning client uses them, and paging one result across two collections, with a filter
 * valid for both types and sorting across them, costs more than it gives. A 501 says so in SCIM
 * terms (RFC 7644 §3.12) and names the endpoints that do answer, instead of a bare 404.
 */
export function rootQueryRouter(): Router {
  const router = Router({ mergeParams: true, caseSensitive: false, strict: false });
  const notImplemented = (): never => {
    throw new ScimError(
      501,
      undefined,
      'Root-level queries across resource types are not implemented; query each type with GET /Users or POST /Users/.search, and GET /Groups or POST /Groups/.search',
    );
  };
  router.get('/', notImplemented);
  router.post('/.search', notImplemented);
  return router;
}
