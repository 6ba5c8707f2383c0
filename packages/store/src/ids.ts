import { randomUUID } from 'node:crypto';

/**
 * Account ids appear in URLs, SCIM extension URNs (`…:<accountId>:2:User`) and BullMQ job
 * ids, so they may not contain `:`, `.`, `/` or spaces.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export const isAccountId = (value: string): boolean => ACCOUNT_ID_PATTERN.test(value);

/** Resource ids are random UUIDs: unguessable, never reused, assigned by ingress before enqueue. */
export const newResourceId = (): string => randomUUID();

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Ids that we could not have issued are rejected before they reach a query. */
export const isResourceId = (value: string): boolean => UUID_PATTERN.test(value);
