import type { Connection, Query, Schema } from 'mongoose';

/**
 * Every query a Store sends carries a server-side time limit (`maxTimeMS`), so one slow
 * query can never hold the store, a connection or a request for longer than its bound; the
 * server answers MaxTimeMSExpired (code 50) instead, which callers treat as "unavailable,
 * retry later". Writes have no `maxTimeMS` on either store; the socket timeout set in
 * store.ts bounds them on the client side.
 *
 * The bound belongs to the connection (ingress reads and worker writes choose their own),
 * while schemas are shared by every connection of the process: hence this map.
 */
const queryTimeouts = new WeakMap<Connection, number>();

export function setQueryTimeout(connection: Connection, timeoutMs: number): void {
  queryTimeouts.set(connection, timeoutMs);
}

/** The reads and read-modify-writes mongoose sends with a `maxTimeMS` both stores accept. */
const BOUNDED_QUERIES: (
  'find' | 'findOne' | 'countDocuments' | 'findOneAndUpdate' | 'findOneAndDelete' | 'findOneAndReplace'
)[] = ['find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace'];

/** Adds the connection's query time limit to every query of models built from `schema`. */
export function boundQueries<T>(schema: Schema<T>): Schema<T> {
  schema.pre(BOUNDED_QUERIES, function applyQueryTimeout(this: Query<unknown, T>) {
    const timeoutMs = queryTimeouts.get(this.model.db);
    if (timeoutMs !== undefined && this.getOptions().maxTimeMS === undefined) this.maxTimeMS(timeoutMs);
  });
  return schema;
}

/** MaxTimeMSExpired: the server stopped a query at its time limit (same code on both stores). */
export const isQueryTimeout = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 50;
