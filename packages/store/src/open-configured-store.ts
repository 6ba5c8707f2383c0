/**
 * A service's store, opened from its configuration: ingress and the worker connect with the same
 * settings, named the same way, so the two cannot drift apart.
 */
import { openStore, type Store } from './store.ts';

/** The store settings a service reads from its environment. */
export interface StoreConfig {
  mongoUrl: string;
  mongoPoolSize: number;
  /** Server-side limit of each query (see StoreOptions.queryTimeoutMs). */
  storeQueryTimeoutMs: number;
  /** Client-side limit of any one operation (see StoreOptions.operationTimeoutMs). */
  storeOperationTimeoutMs: number;
  customNamespace: string;
}

export interface OpenConfiguredStoreOptions {
  /** Create every declared index before returning; the worker does, ingress leaves it to the worker. */
  ensureIndexes?: boolean;
}

export async function openConfiguredStore(
  config: StoreConfig,
  { ensureIndexes = false }: OpenConfiguredStoreOptions = {},
): Promise<Store> {
  const store = await openStore(config.mongoUrl, {
    maxPoolSize: config.mongoPoolSize,
    queryTimeoutMs: config.storeQueryTimeoutMs,
    operationTimeoutMs: config.storeOperationTimeoutMs,
    customNamespace: config.customNamespace,
  });
  if (ensureIndexes) await store.ensureIndexes();
  return store;
}
