/**
 * A User as the rest of Roster sees it: SCIM attribute names and values exactly as
 * received, extensions keyed by schema URN, timestamps as ISO strings. Plain JSON, so the
 * worker can hand it to ingress through a job result unchanged.
 */
export interface UserRecord {
  id: string;
  accountId: string;
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
  meta: { created: string; lastModified: string; version: number };
}

/** What a write stores: the validated attributes of one User. */
export interface UserAttributes {
  core: Record<string, unknown>;
  extensions: Record<string, Record<string, unknown>>;
}
