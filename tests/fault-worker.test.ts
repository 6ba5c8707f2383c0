import { afterEach, expect, it } from 'vitest';
import { createGroup, expectConsistent, runMixedLoad, summary } from './support/fault-load.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';
import { exited, spawnWorker, waitFor } from './support/worker-process.ts';

/**
 * The only worker process is SIGKILLed under Entra-style load (creates, PATCHes, member
 * adds) and a replacement starts 3 s later, as an orchestrator would: every acknowledged write
 * is stored as acknowledged, exactly once, and writes succeed again within 5 s.
 */
let roster: RosterUnderTest | undefined;
afterEach(async () => {
  await roster?.stop();
  roster = undefined;
});

it('worker SIGKILLed and replaced: nothing acknowledged is lost or duplicated', async () => {
  const r = await startRoster({ worker: false, writeTimeoutMs: 20_000 });
  roster = r;
  const env = { mongoUrl: r.mongoUrl, redisUrl: r.redisUrl, prefix: r.prefix };
  const first = spawnWorker(env);
  await waitFor(async () => (await fetch(`${r.origin}/readyz`)).status === 200, 30_000, 'first worker');
  const groupId = await createGroup(r);
  let stopAt = Infinity;
  const load = runMixedLoad(r, groupId, {
    clients: 16,
    createsPerClient: 40,
    stop: () => performance.now() > stopAt,
  });
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const faultAt = performance.now() - t0;
  first.kill('SIGKILL');
  await exited(first);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const second = spawnWorker(env);
  try {
    await waitFor(async () => (await fetch(`${r.origin}/readyz`)).status === 200, 30_000, 'second worker');
    const recoveredAt = performance.now() - t0;
    stopAt = performance.now() + 8_000;
    const { attempts } = await load;
    expect(first.signalCode).toBe('SIGKILL');
    await expectConsistent(r, groupId, attempts, recoveredAt);
    console.info(summary('worker SIGKILL', attempts, faultAt, recoveredAt));
  } finally {
    second.kill('SIGTERM');
    await exited(second);
  }
}, 120_000);
