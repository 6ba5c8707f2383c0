import { afterAll, beforeAll } from 'vitest';
import { startRoster, type RosterOptions, type RosterUnderTest } from './roster.ts';
import type { ScimClient } from './scim-client.ts';

/** What a test file reaches its Roster through. */
export interface RosterFixture {
  /** The running Roster (throws outside tests and hooks: it starts before the file's first test). */
  readonly roster: RosterUnderTest;
  /** The default account's SCIM client, as Entra would use it. */
  readonly scim: ScimClient;
}

/**
 * The integration suite's fixture: one real Roster (ingress, worker, Redis, store) per test
 * file, started before its first test and stopped after its last, on a database and queue
 * prefix of its own, so files run in parallel without seeing each other.
 */
export function useRoster(options: RosterOptions = {}): RosterFixture {
  let current: RosterUnderTest | undefined;
  beforeAll(async () => {
    current = await startRoster(options);
  });
  afterAll(async () => {
    await current?.stop();
  });
  const started = (): RosterUnderTest => {
    if (current === undefined) throw new Error('Roster is not running: use it inside a test or a hook');
    return current;
  };
  return {
    get roster() {
      return started();
    },
    get scim() {
      return started().account.client;
    },
  };
}
