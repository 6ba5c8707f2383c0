import type { Result, ScimError } from '@roster/scim';

/** At the HTTP edge a client error ends the request: throw it to the one error handler. */
export const unwrap = <T>(result: Result<T, ScimError>): T => {
  if (!result.ok) throw result.error;
  return result.value;
};
