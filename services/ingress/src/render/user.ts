import { USER_SCHEMA } from '@roster/scim';
import type { UserRecord } from '@roster/store';

export const userLocation = (baseUrl: string, id: string): string => `${baseUrl}/Users/${id}`;

/** Weak ETag from the resource version (RFC 7644 §3.14); identical to `meta.version`. */
export const versionTag = (version: number): string => `W/"${version}"`;

/**
 * The SCIM representation of a stored User (RFC 7643 §4.1): attribute values exactly as
 * the client sent them, extensions under their URNs, server-owned `id` and `meta`.
 */
export function renderUser(user: UserRecord, baseUrl: string): Record<string, unknown> {
  const extensionUrns = Object.keys(user.extensions);
  return {
    schemas: [USER_SCHEMA, ...extensionUrns],
    id: user.id,
    ...user.core,
    ...user.extensions,
    meta: {
      resourceType: 'User',
      created: user.meta.created,
      lastModified: user.meta.lastModified,
      location: userLocation(baseUrl, user.id),
      version: versionTag(user.meta.version),
    },
  };
}
