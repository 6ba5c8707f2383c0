import { err, ok, ScimError, type Result } from '@roster/scim';

/** Weak ETag from the resource version (RFC 7644 §3.14); identical to `meta.version`. */
export const versionTag = (version: number): string => `W/"${version}"`;

const TAG = /^(?:W\/)?"(\d{1,15})"$/;

/**
 * `If-Match` on PUT/PATCH/DELETE: the version the write is conditional on, or undefined
 * for no condition (`*` or no header). A list of tags is accepted only with one tag: our
 * versions are a single counter. Unreadable tags can never match, so they fail with 412.
 */
export function ifMatchVersion(header: string | undefined): Result<number | undefined, ScimError> {
  if (header === undefined || header.trim() === '*') return ok(undefined);
  const match = TAG.exec(header.trim());
  if (match?.[1] === undefined) {
    return err(
      new ScimError(
        412,
        undefined,
        `If-Match ${JSON.stringify(header.slice(0, 64))} matches no version of this resource`,
      ),
    );
  }
  return ok(Number(match[1]));
}

/** `If-None-Match` on GET: true when the client's copy is current (answer 304). */
export function notModified(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => tag.trim() === '*' || TAG.exec(tag.trim())?.[1] === String(version));
}
