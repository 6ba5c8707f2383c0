import { GROUP_SCHEMA, USER_SCHEMA } from '@roster/scim';
import type { Member, ResourceRecord } from '@roster/store';
import { versionTag } from '../http/preconditions.ts';

export type ResourceTypeName = 'User' | 'Group';

const ENDPOINT: Record<ResourceTypeName, string> = { User: 'Users', Group: 'Groups' };
const CORE_SCHEMA: Record<ResourceTypeName, string> = { User: USER_SCHEMA, Group: GROUP_SCHEMA };

export const resourceLocation = (baseUrl: string, type: ResourceTypeName, id: string): string =>
  `${baseUrl}/${ENDPOINT[type]}/${id}`;

/** A member or group reference as RFC 7643 §4.1.2 / §4.2 render it. */
export const memberReference = (baseUrl: string, member: Member): Record<string, string> => ({
  value: member.value,
  $ref: resourceLocation(baseUrl, member.type, member.value),
  type: member.type,
});

/**
 * The SCIM representation of a stored resource (RFC 7643 §4): attribute values exactly as
 * the client sent them, extensions under their URNs, server-owned `id` and `meta`. Derived
 * multi-valued attributes (a User's `groups`, a Group's `members`) are added by the caller.
 */
export function renderResource(
  type: ResourceTypeName,
  resource: ResourceRecord,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [CORE_SCHEMA[type], ...Object.keys(resource.extensions)],
    id: resource.id,
    ...resource.core,
    ...resource.extensions,
    meta: {
      resourceType: type,
      created: resource.meta.created,
      lastModified: resource.meta.lastModified,
      location: resourceLocation(baseUrl, type, resource.id),
      version: versionTag(resource.meta.version),
    },
  };
}
