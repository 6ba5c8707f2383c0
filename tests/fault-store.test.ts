import { afterEach, describe, expect, it } from 'vitest';
import { createGroup, expectConsistent, runMixedLoad, summary, type Attempt } from './support/fault-load.ts';
import { startLocalStore, storeBinary, type LocalStore } from './support/local-store.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';

/**
 * The store dies (SIGKILL) or hangs (SIGSTOP) under Entra-style load: creates, PATCHes and
 * group member adds from 16 clients. Afterwards every acknowledged write is in the store as
 * acknowledged, exactly once; no userName is stored twice; nothing but 2xx, 503 (with
 * Retry-After) and 409s for names a user really holds was answered; writes succeed again
 * within 5 s of the store's return.
 */
const WRITE_TIMEOUT_MS = 6_000;
const CLIENTS = 16;

let store: LocalStore | undefined;
let roster: RosterUnderTest | undefined;

afterEach(async () => {
  await roster?.stop();
  await store?.destroy();
  roster = undefined;
  store = undefined;
});

async function rosterOnOwnStore(): Promise<{ roster: RosterUnderTest; store: LocalStore }> {
  store = await startLocalStore();
  roster = await startRoster({
    mongoUrl: store.url,
    writeTimeoutMs: WRITE_TIMEOUT_MS,
    // Short enough that a hung store turns into retries and 503s within the test's time.
    storeTimeouts: { queryTimeoutMs: 2_000, operationTimeoutMs: 3_000 },
  });
  return { roster, store };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Mixed load from {@link CLIENTS} clients against a Roster on its own store; 1.5 s in, `fault`
 * runs against the store and returns once it is back; the load goes on 8 s more. Then every
 * acknowledged write must be consistent. Returns the attempts and when (ms after the start) the
 * fault began and the store recovered.
 */
async function loadThroughFault(
  fault: (store: LocalStore) => Promise<void>,
): Promise<{ attempts: Attempt[]; faultAt: number; recoveredAt: number }> {
  const { roster: r, store: s } = await rosterOnOwnStore();
  const groupId = await createGroup(r);
  let stopAt = Infinity;
  const load = runMixedLoad(r, groupId, {
    clients: CLIENTS,
    createsPerClient: 60,
    stop: () => performance.now() > stopAt,
  });
  const t0 = performance.now();
  await sleep(1_500);
  const faultAt = performance.now() - t0;
  await fault(s);
  const recoveredAt = performance.now() - t0;
  stopAt = performance.now() + 8_000;
  const { attempts } = await load;
  await expectConsistent(r, groupId, attempts, recoveredAt);
  return { attempts, faultAt, recoveredAt };
}

describe.skipIf(storeBinary() === undefined)('store faults under load', () => {
  it('store SIGKILLed and restarted: nothing acknowledged is lost or duplicated', async () => {
    const { attempts, faultAt, recoveredAt } = await loadThroughFault(async (s) => {
      await s.kill();
      await sleep(2_000);
      await s.start();
    });
    console.info(summary('store SIGKILL', attempts, faultAt, recoveredAt));
  }, 90_000);

  it('store hung for longer than the write timeout: 503s, then recovery', async () => {
    const { attempts, faultAt, recoveredAt } = await loadThroughFault(async (s) => {
      s.pause();
      await sleep(WRITE_TIMEOUT_MS + 2_000);
      s.resume();
    });
    // While the store hung, requests answered within the write timeout (plus a margin), never later.
    const during = attempts.filter((a) => a.at > faultAt && a.at < recoveredAt - WRITE_TIMEOUT_MS);
    expect(during.filter((a) => a.ms > WRITE_TIMEOUT_MS + 2_000).map((a) => a.ms)).toEqual([]);
    console.info(summary('store SIGSTOP', attempts, faultAt, recoveredAt));
  }, 90_000);
});
