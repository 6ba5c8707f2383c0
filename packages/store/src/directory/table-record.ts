import type { ResourceDocument } from '../models/resource.model.ts';
import type { ExtensionSlots } from '../extension-slots.ts';
import { decodeResource } from '../resource-codec.ts';
import type { ResourceRecord } from '../resource-record.ts';

/**
 * A resource as the admin's user management table shows it: the SCIM record plus what only the
 * app sees, never rendered to SCIM clients (ingress reads `ResourceRecord`, which has neither).
 */
export interface TableRecord extends ResourceRecord {
  /** Custom field values by field id, typed: numbers, booleans, Dates, referenced user ids. */
  fields: Record<string, unknown>;
  /** The app's columns mapped from the above (the worker's app-fields.ts), by column name. */
  app: Record<string, unknown>;
}

export const decodeTableRecord = (doc: ResourceDocument, slots: ExtensionSlots): TableRecord => ({
  ...decodeResource(doc, slots),
  fields: doc.fields ?? {},
  app: doc.app ?? {},
});
