import type { ResourceDocument } from './models/resource.model.ts';
import type { ResourceAttributes, ResourceRecord } from './resource-record.ts';
import type { ExtensionSlots } from './extension-slots.ts';
import { fromStorageValue, toStorageValue } from './storage-keys.ts';

/** Converts between the SCIM view of a resource and its storage encoding. */

export function encodeAttributes(
  accountId: string,
  attributes: ResourceAttributes,
  slots: ExtensionSlots,
): Pick<ResourceDocument, 'core' | 'ext' | 'fields' | 'app'> {
  const ext: Record<string, Record<string, unknown>> = {};
  for (const [urn, values] of Object.entries(attributes.extensions)) {
    const slot = slots.slotOf(urn, accountId);
    // Validation only lets known extensions through; an unknown one here is a programming error.
    if (slot === undefined) throw new Error(`No storage slot for extension ${urn}`);
    ext[slot] = toStorageValue(values) as Record<string, unknown>;
  }
  return {
    core: toStorageValue(attributes.core) as Record<string, unknown>,
    ext,
    fields: attributes.typed ?? {},
    app: attributes.app ?? {},
  };
}

export function decodeResource(doc: ResourceDocument, slots: ExtensionSlots): ResourceRecord {
  const extensions: Record<string, Record<string, unknown>> = {};
  for (const [slot, values] of Object.entries(doc.ext)) {
    const urn = slots.urnOf(slot, doc.accountId);
    if (urn !== undefined) extensions[urn] = fromStorageValue(values) as Record<string, unknown>;
  }
  return {
    id: doc.rid,
    accountId: doc.accountId,
    core: fromStorageValue(doc.core) as Record<string, unknown>,
    extensions,
    meta: {
      created: doc.meta.created.toISOString(),
      lastModified: doc.meta.lastModified.toISOString(),
      version: doc.meta.version,
    },
  };
}
