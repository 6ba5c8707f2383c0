import type { ValidatedResource } from '@roster/scim';
import type { ResourceAttributes, ResourceRecord } from '@roster/store';

/** The stored resource as PATCH sees it: attributes by name, extensions under their URN. */
export const scimView = (resource: ResourceRecord): Record<string, unknown> => ({
  ...resource.core,
  ...resource.extensions,
});

export const toAttributes = (validated: ValidatedResource): ResourceAttributes => ({
  core: validated.core,
  extensions: validated.extensions,
});
