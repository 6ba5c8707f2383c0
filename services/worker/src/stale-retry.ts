import { setTimeout as sleep } from 'node:timers/promises';
import { StaleWriteError, type Store } from '@roster/store';
import type { ResourceLock } from './resource-lock.ts';

/** Tries of one read-modify-write within a job before the job itself fails and is retried. */
const TRIES = 5;

/**
 * Runs a read-modify-write whose store write is guarded by the version it read (optimistic
 * concurrency): when a concurrent write got there first (StaleWriteError), reads again and
 * reapplies the change on top of the newer version, after a short random pause so that racing
 * writers spread out. Users are written this way, with no lock round trips to Redis (where the
 * store's guarded writes are atomic); Groups also hold their ResourceLock, because a Group's
 * member changes are separate documents that must land in the order of the Group's versions.
 */
export async function retryingStale<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StaleWriteError) || attempt >= TRIES) throw error;
      await sleep(Math.random() * 4 * attempt);
    }
  }
}

/**
 * A User's read-modify-write: optimistic where the store's guarded writes are atomic (MongoDB,
 * Roster's FerretDB build); under the User's lock as well on a store where they are not, so
 * that only a holder that outlived its lock could race, as before guarded writes.
 */
export async function userReadModifyWrite<T>(
  { store, lock }: { store: Store; lock: ResourceLock },
  accountId: string,
  userId: string,
  work: () => Promise<T>,
): Promise<T> {
  if ((await store.capabilities()).atomicGuardedWrites) return retryingStale(work);
  return lock.with(accountId, userId, () => retryingStale(work));
}
