import type { ScimErrorBody } from '@roster/scim';
import type { ResourceRecord } from '@roster/store';

/**
 * What a write job returns. A rejected write (conflict, not found, version mismatch) is a
 * *successful* job whose outcome is an error value: it is final, so it is never retried.
 * Only transient failures (store unreachable) throw and are retried by BullMQ.
 */
export type WriteOutcome =
  | { ok: true; status: 200 | 201; resource: ResourceRecord }
  | { ok: true; status: 204 }
  | { ok: false; error: ScimErrorBody };
