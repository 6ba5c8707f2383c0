/**
 * A User or Group as the rest of Roster sees it: SCIM attribute names and values exactly as
 * received, extensions keyed by schema URN, timestamps as ISO strings. Plain JSON, so the
 * worker can hand it to ingress through a job result unchanged. A Group's members are not
 * part of it (they are streamed from the memberships collection when asked for).
 */
export interface ResourceRecord {
  id: string;
  accountId: string;
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  meta: { created: string; lastModified: string; version: number };
}

export type UserRecord = ResourceRecord;
export type GroupRecord = ResourceRecord;

/** What a write stores: the validated attributes of one resource. */
export interface ResourceAttributes {
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  /** Custom field values converted to their types (numbers, booleans, dates, user ids). */
  typed?: Record<string, unknown>;
  /** The app's own columns, mapped from the above (see the worker's app-fields.ts). */
  app?: Record<string, unknown>;
}

/** The stored attributes as PATCH sees them: core attributes by name, extensions under their URN. */
export const attributeView = (resource: ResourceRecord): Record<string, unknown> => ({
  ...resource.core,
  ...resource.extensions,
});

/** The resource as filters and `sortBy` see it: its attributes plus server-owned `id` and `meta`. */
export const scimView = (resource: ResourceRecord): Record<string, unknown> => ({
  id: resource.id,
  ...attributeView(resource),
  meta: { created: resource.meta.created, lastModified: resource.meta.lastModified },
});
