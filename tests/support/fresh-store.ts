import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openStore, type Store } from '@roster/store';

/** The test store's URL with a database of its own, so test files never see each other's data. */
export function freshDatabaseUrl(): string {
  const url = new URL(inject('mongoUrl'));
  url.pathname = `/t_${randomBytes(5).toString('hex')}`;
  return url.toString();
}

/** A store on a fresh database, its collections and indexes created, with one account in it. */
export async function freshStoreWithAccount(accountId: string): Promise<Store> {
  const store = await openStore(freshDatabaseUrl());
  await store.ensureIndexes();
  await store.accounts.create(accountId, accountId);
  return store;
}
