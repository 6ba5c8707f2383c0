import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { WRITE_COMMAND_VERSION, type WriteCommand } from '@roster/jobs';
import { AccountSchemaCache, newResourceId, openStore } from '@roster/store';
import { createWriteProcessor, ResourceLock } from '@roster/worker';
const url = `mongodb://127.0.0.1:27417/plcost_${randomBytes(3).toString('hex')}`;
const store = await openStore(url);
await store.ensureIndexes();
const acct = 'acct-cost';
await store.accounts.create(acct, acct);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6479');
const N = Number(process.argv[2] ?? 400), C = Number(process.argv[3] ?? 8);
const cpuMs: Record<string, number[]> = { on: [], off: [] };
async function run(log: boolean): Promise<number> {
  const proc = createWriteProcessor(store, new AccountSchemaCache(store, 'urn:roster:scim:schemas:extension', 2000), new ResourceLock(redis, '{cost}'), { provisioningLog: log });
  let next = 0; const t = performance.now(); const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next < N) {
      const i = next++;
      const rid = randomBytes(6).toString('hex');
      const cmd: WriteCommand = { v: WRITE_COMMAND_VERSION, accountId: acct, type: 'user.create', userId: newResourceId(), attributes: { core: { userName: `${rid}@x.com`, active: true, displayName: 'X' }, extensions: {} }, trace: { tokenId: 't', requestId: rid, receivedAt: Date.now() } };
      await proc({ id: `j${rid}`, data: cmd, attemptsMade: 0, opts: { attempts: 5 } } as unknown as Job<unknown>);
    }
  }));
  const cpu = process.cpuUsage(cpu0); cpuMs[log ? 'on' : 'off']!.push((cpu.user + cpu.system) / 1000 / N);
  return N / ((performance.now() - t) / 1000);
}
await run(false);
const res: Record<string, number[]> = { on: [], off: [] };
for (let k = 0; k < 3; k++) { if (!process.env.ONLY_ON) res.off!.push(await run(false)); res.on!.push(await run(true)); }
console.log(`N=${N} C=${C}`, 'off', res.off!.map((x) => x.toFixed(0)).join(' '), '| on', res.on!.map((x) => x.toFixed(0)).join(' '));
console.log('cpu ms/job off', cpuMs.off!.map((x) => x.toFixed(2)).join(' '), '| on', cpuMs.on!.map((x) => x.toFixed(2)).join(' '));
redis.disconnect();
const { default: mongoose } = await import('mongoose');
const conn = await mongoose.createConnection(url).asPromise(); await conn.dropDatabase(); await conn.close(); await store.close();
