/**
 * Entra-style provisioning replay against real processes: for each new user, the matching
 * probe `GET /Users?filter=userName eq "…"` then `POST /Users`, from N concurrent clients.
 * Starts one ingress and one worker process (real services over MONGO_URL/REDIS_URL) in a
 * fresh database and queue prefix, optionally pre-fills the account, prints throughput and
 * latency percentiles. Run through scripts/bench.sh, which brings the services up.
 *
 *   node --import tsx scripts/bench/entra-replay.ts [--users 3000] [--clients 16] [--prefill 0]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { newResourceId } from '@roster/store';
import { launchRoster, percentile } from './launch.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '3000' },
    clients: { type: 'string', default: '16' },
    prefill: { type: 'string', default: '0' },
  },
});
const USERS = Number(values.users);
const CLIENTS = Number(values.clients);
const PREFILL = Number(values.prefill);
const fmt = (ms: number): string => ms.toFixed(1);

const roster = await launchRoster(async (store, accountId) => {
  if (PREFILL === 0) return;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < PREFILL) {
        const n = next++;
        const userName = `prefill-${n}@bench.example`;
        await store.users.create({
          accountId,
          id: newResourceId(),
          jobId: `prefill-${n}`,
          attributes: { core: { userName, active: true, displayName: `Prefill ${n}` }, extensions: {} },
        });
      }
    }),
  );
  console.log(`prefilled ${PREFILL} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

const { base, headers } = roster;
const latencies = { probe: [] as number[], create: [] as number[] };
const failures: Record<string, number> = {};

async function timed(
  kind: 'probe' | 'create',
  request: () => Promise<Response>,
  expected: number,
): Promise<void> {
  const started = performance.now();
  const res = await request();
  await res.arrayBuffer();
  latencies[kind].push(performance.now() - started);
  if (res.status !== expected)
    failures[`${kind} ${res.status}`] = (failures[`${kind} ${res.status}`] ?? 0) + 1;
}

let issuedUsers = 0;
const startedAt = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (issuedUsers < USERS) {
      issuedUsers += 1;
      const userName = `${randomUUID()}@contoso.example`;
      const filter = encodeURIComponent(`userName eq "${userName}"`);
      await timed('probe', () => fetch(`${base}/Users?filter=${filter}`, { headers }), 200);
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        externalId: userName.slice(0, 8),
        active: true,
        displayName: 'Bench User',
        emails: [{ primary: true, type: 'work', value: userName }],
        name: { givenName: 'Bench', familyName: 'User' },
      });
      await timed('create', () => fetch(`${base}/Users`, { method: 'POST', headers, body }), 201);
    }
  }),
);
const seconds = (performance.now() - startedAt) / 1000;
const all = [...latencies.probe, ...latencies.create].sort((a, b) => a - b);
const report = (label: string, list: number[]): string => {
  const sorted = [...list].sort((a, b) => a - b);
  return `${label.padEnd(8)} n=${sorted.length} p50=${fmt(percentile(sorted, 50))} ms p95=${fmt(percentile(sorted, 95))} ms p99=${fmt(percentile(sorted, 99))} ms max=${fmt(sorted.at(-1) ?? 0)} ms`;
};
console.log(
  `entra replay: ${USERS} users (probe + create), ${CLIENTS} clients, account prefilled with ${PREFILL}`,
);
console.log(
  `throughput: ${(all.length / seconds).toFixed(0)} requests/s (${(USERS / seconds).toFixed(0)} users/s) over ${seconds.toFixed(1)} s`,
);
console.log(report('all', all));
console.log(report('probe', latencies.probe));
console.log(report('create', latencies.create));
console.log(`non-expected statuses: ${JSON.stringify(failures)}`);

await roster.stop();
process.exit(Object.keys(failures).length === 0 ? 0 : 1);
