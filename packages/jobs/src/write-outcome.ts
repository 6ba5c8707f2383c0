import type { ScimErrorBody } from '@roster/scim';

/**
 * A resource as a write job returns it: the stored SCIM attributes and meta, plain JSON. This
 * is the job's own contract, not the store's document type, so either can change alone; the
 * store's records have this shape and are returned as they are.
 */
export interface WrittenResource {
  id: string;
  accountId: string;
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  meta: { created: string; lastModified: string; version: number };
}

/**
 * What a write job returns. A rejected write (conflict, not found, version mismatch) is a
 * *successful* job whose outcome is an error value: it is final, so it is never retried.
 * Only transient failures (store unreachable) throw and are retried by BullMQ.
 */
export type WriteOutcome =
  | { ok: true; status: 200 | 201; resource: WrittenResource }
  | { ok: true; status: 204 }
  | { ok: false; error: ScimErrorBody };
