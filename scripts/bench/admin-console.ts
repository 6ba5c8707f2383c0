/**
 * The console's pages on a large account, over HTTP as a browser asks for them: seeds an account
 * of N users (directory-seed.ts) and a provisioning log of M entries, signs an owner in, then
 * times each page (the median of 5 loads, in ms, measured on loopback, so it is server time plus
 * well under a millisecond). Target: under 300 ms each.
 *
 *   node --import tsx scripts/bench/admin-console.ts [--users 100000] [--log 20000]
 *        [--db bench_admin_console] [--keep]
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEFAULT_CUSTOM_EXTENSION_NAMESPACE } from '@roster/scim';
import { accountSchema, hashPassword, openStore, type ProvisioningLogEntry } from '@roster/store';
import { adminApiRoutes, adminConsole, createAdminApp, type AdminContext } from '@roster/admin';
import { seedAccount, seededUserName } from './directory-seed.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    log: { type: 'string', default: '20000' },
    db: { type: 'string', default: 'bench_admin_console' },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const LOG_ENTRIES = Number(values.log);
const ACCOUNT = 'bench-console';
const TARGET_MS = 300;
const PASSWORD = 'bench password 1234';
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27417/roster';

const store = await openStore(mongoUrl, { dbName: values.db });
await store.ensureIndexes();
const customUrn = accountSchema(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, {
  id: ACCOUNT,
  fields: [],
  mappings: [],
}).customUrn;
if ((await store.accounts.get(ACCOUNT)) === null) {
  const seeded = await seedAccount(store, ACCOUNT, USERS, customUrn, console.log);
  // A log as Entra's cycles leave it: creates and patches of the seeded users, a few rejected.
  const started = performance.now();
  const now = Date.now();
  for (let done = 0; done < LOG_ENTRIES; done += 500) {
    const entries: ProvisioningLogEntry[] = Array.from(
      { length: Math.min(500, LOG_ENTRIES - done) },
      (_, k) => {
        const n = done + k;
        const rejected = n % 20 === 0;
        return {
          at: new Date(now - (LOG_ENTRIES - n) * 1_000),
          accountId: ACCOUNT,
          source: 'worker',
          tokenId: 'benchtokenaaaaaa',
          requestId: randomUUID(),
          method: n % 3 === 0 ? 'POST' : 'PATCH',
          resourceType: 'User',
          resourceId: seeded.userIds[n % seeded.userIds.length],
          userName: seededUserName(n % USERS),
          operation: n % 3 === 0 ? 'create' : 'patch',
          outcome: rejected ? 'rejected' : 'applied',
          status: rejected ? 400 : n % 3 === 0 ? 201 : 200,
          ...(rejected ? { scimType: 'invalidValue', detail: 'bench rejection' } : {}),
          durationMs: 12,
          changes: { attributes: ['title'], values: {} },
        };
      },
    );
    await store.provisioningLog.append(entries);
  }
  console.log(`log: ${LOG_ENTRIES} entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else console.log(`reusing ${ACCOUNT} in ${values.db}`);

const email = `owner@${ACCOUNT}.example`;
if ((await store.admins.byEmail(email)) === null)
  await store.admins.create({
    accountId: ACCOUNT,
    email,
    displayName: 'Bench Owner',
    role: 'owner',
    passwordHash: await hashPassword(PASSWORD),
  });

const ctx: AdminContext = {
  store,
  logger: pino({ level: 'silent' }),
  pepper: 'bench-pepper-bench-pepper-bench-pepper-1234',
  publicBaseUrl: 'http://127.0.0.1:8080',
  customNamespace: DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  announceRevoked: () => Promise.resolve(true),
};
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
server.on(
  'request',
  createAdminApp({
    ctx,
    logger: pino({ level: 'silent' }),
    consoleOrigin: origin,
    apiRoutes: adminApiRoutes(ctx),
    console: adminConsole(ctx, origin),
  }),
);
const signIn = await fetch(`${origin}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password: PASSWORD }),
});
const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
if (signIn.status !== 201) throw new Error(`sign-in failed: ${signIn.status}`);

const api = async (path: string): Promise<unknown> =>
  (await fetch(`${origin}/api/v1${path}`, { headers: { cookie } })).json();
const groups = (await api(`/accounts/${ACCOUNT}/groups`)) as { rows: { id: string; memberCount: number }[] };
const largest = [...groups.rows].sort((a, b) => b.memberCount - a.memberCount)[0];
const someUser = (
  (await api(`/accounts/${ACCOUNT}/users?startIndex=777&count=1`)) as { rows: { id: string }[] }
).rows[0];
const log = (await api(`/accounts/${ACCOUNT}/provisioning-log?limit=1`)) as { entries: { id: string }[] };
const page = (path: string): string => `/console/accounts/${ACCOUNT}/${path}`;
const pages: [string, string][] = [
  ['Users, first page', page('users')],
  [
    'Users, search by userName prefix',
    page(`users?search=${encodeURIComponent(seededUserName(USERS / 2).slice(0, 9))}`),
  ],
  ['Users, inactive', page('users?active=false')],
  ['Users, page 20', page('users?startIndex=951&count=50')],
  ['One user', page(`users/${someUser?.id ?? ''}`)],
  ['Groups', page('groups')],
  ['Largest group, members first page', page(`groups/${largest?.id ?? ''}`)],
  ['Provisioning log, newest', page('log')],
  ['Provisioning log, rejected only', page('log?outcome=rejected')],
  ['Provisioning log, one entry', page(`log/${encodeURIComponent(log.entries[0]?.id ?? '')}`)],
  ['Configure SCIM', page('scim')],
  ['Fields', page('fields')],
];

console.log(
  `\nconsole pages on ${USERS.toLocaleString('en-US')} users, ${LOG_ENTRIES.toLocaleString('en-US')} log entries; median of 5 loads (target < ${TARGET_MS} ms)`,
);
let slow = 0;
for (const [name, path] of pages) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const response = await fetch(`${origin}${path}`, { headers: { cookie } });
    bytes = (await response.text()).length;
    times.push(performance.now() - started);
    status = response.status;
  }
  times.sort((a, b) => a - b);
  const median = times[2] ?? Number.NaN;
  if (median >= TARGET_MS || status !== 200) slow += 1;
  console.log(
    `${name.padEnd(40)} ${median.toFixed(0).padStart(6)} ms  (min ${(times[0] ?? 0).toFixed(0)}, max ${(times[4] ?? 0).toFixed(0)})  ${status}, ${(bytes / 1024).toFixed(0)} KiB${median >= TARGET_MS ? '  SLOW' : ''}`,
  );
}
console.log(slow === 0 ? 'every page under target' : `${slow} page(s) over ${TARGET_MS} ms or not 200`);

server.close();
server.closeAllConnections();
await store.close();
if (!values.keep) {
  const { MongoClient } = (await import('mongoose')).default.mongo;
  const client = await MongoClient.connect(mongoUrl);
  await client.db(values.db).dropDatabase();
  await client.close();
}
