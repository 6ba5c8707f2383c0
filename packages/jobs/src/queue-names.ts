/** BullMQ queue of every SCIM write. Queue names and job ids must not contain `:`. */
export const WRITE_QUEUE = 'scim-writes';

/** BullMQ queue of housekeeping jobs (catalog/maintenance.ts), apart from the writes. */
export const MAINTENANCE_QUEUE = 'roster-maintenance';

/** Sorted set of worker heartbeats (member = worker id, score = last beat in ms). */
export const heartbeatKey = (prefix: string): string => `${prefix}:worker-heartbeats`;

/** A job id per HTTP request: stable across enqueue retries, unique per request. */
export const writeJobId = (accountId: string, requestId: string): string => `${accountId}-${requestId}`;
