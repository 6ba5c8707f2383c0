/**
 * Entra-style provisioning replay against real processes: for each new user, the matching
 * probe `GET /Users?filter=userName eq "…"` then `POST /Users`, from N concurrent clients.
 * Starts one ingress and one worker process (real services over MONGO_URL/REDIS_URL) in a
 * fresh database and queue prefix, optionally pre-fills the account, prints throughput and
 * latency percentiles. Run through scripts/bench.sh, which brings the services up.
 *
 *   node --import tsx scripts/bench/entra-replay.ts [--users 3000] [--clients 16] [--prefill 0]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { issueScimToken, newResourceId, openStore } from '@roster/store';

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
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const mongoBase = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27417/roster';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6479';

const dbName = `bench_${randomBytes(4).toString('hex')}`;
const mongoUrl = Object.assign(new URL(mongoBase), { pathname: `/${dbName}` }).toString();
const prefix = `{bench${randomBytes(3).toString('hex')}}`;
const pepper = randomBytes(32).toString('base64url');

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

function startService(name: 'ingress' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: REPO,
    env: { ...process.env, MONGO_URL: mongoUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const fmt = (ms: number): string => ms.toFixed(1);

const store = await openStore(mongoUrl);
await store.ensureIndexes();
await store.accounts.create('bench', 'bench');
const issued = issueScimToken(pepper);
await store.tokens.insert({ tokenId: issued.tokenId, accountId: 'bench', secretHash: issued.secretHash });

if (PREFILL > 0) {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < PREFILL) {
        const n = next++;
        const userName = `prefill-${n}@bench.example`;
        await store.users.create({
          accountId: 'bench',
          id: newResourceId(),
          jobId: `prefill-${n}`,
          attributes: { core: { userName, active: true, displayName: `Prefill ${n}` }, extensions: {} },
        });
      }
    }),
  );
  console.log(`prefilled ${PREFILL} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const port = await freePort();
const children = [
  startService('worker', {}),
  startService('ingress', { PORT: String(port), TOKEN_PEPPER: pepper, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }),
];
const stopAll = (): void => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('exit', stopAll);

const origin = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
while ((await fetch(`${origin}/readyz`).then((r) => r.status).catch(() => 0)) !== 200) {
  if (Date.now() > deadline) throw new Error('Roster did not become ready within 60 s');
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const base = `${origin}/scim/v2/bench`;
const headers = { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/scim+json' };
const latencies = { probe: [] as number[], create: [] as number[] };
const failures: Record<string, number> = {};

async function timed(kind: 'probe' | 'create', request: () => Promise<Response>, expected: number): Promise<void> {
  const started = performance.now();
  const res = await request();
  await res.arrayBuffer();
  latencies[kind].push(performance.now() - started);
  if (res.status !== expected) failures[`${kind} ${res.status}`] = (failures[`${kind} ${res.status}`] ?? 0) + 1;
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
console.log(`entra replay: ${USERS} users (probe + create), ${CLIENTS} clients, account prefilled with ${PREFILL}`);
console.log(`throughput: ${(all.length / seconds).toFixed(0)} requests/s (${(USERS / seconds).toFixed(0)} users/s) over ${seconds.toFixed(1)} s`);
console.log(report('all', all));
console.log(report('probe', latencies.probe));
console.log(report('create', latencies.create));
console.log(`non-expected statuses: ${JSON.stringify(failures)}`);

stopAll();
await store.close();
process.exit(Object.keys(failures).length === 0 ? 0 : 1);
