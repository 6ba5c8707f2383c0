/**
 * The admin directory (services/admin/src/operations/directory.ts) on a large account: seeds an
 * account of N users (custom fields, an app column, one user in ten inactive, groups of 20,000,
 * 1,000 and 10 members) and a small second account straight through the store, then times each
 * table operation in-process: the median of 5 calls, in ms. Target: under 300 ms each.
 *
 *   node --import tsx scripts/bench/admin-directory.ts [--users 100000] [--db bench_admin_directory]
 *        [--keep]   keep the database afterwards; a later run with the same --db reuses its data
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEFAULT_CUSTOM_EXTENSION_NAMESPACE } from '@roster/scim';
import { accountSchema, openStore } from '@roster/store';
import type { Principal } from '../../services/admin/src/auth/principal.ts';
import type { AdminContext } from '../../services/admin/src/operations/context.ts';
import {
  getUser,
  groupMembers,
  listGroups,
  listUsers,
} from '../../services/admin/src/operations/directory.ts';
import { seedAccount, seededUserName } from './directory-seed.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'bench_admin_directory' },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const BIG = 'bench-big';
const SMALL = 'bench-small';
const TARGET_MS = 300;

const store = await openStore(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27417/roster', {
  dbName: values.db,
});
await store.ensureIndexes();
const urnOf = (accountId: string): string =>
  accountSchema(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, { id: accountId, fields: [], mappings: [] }).customUrn;
for (const [accountId, users] of [
  [BIG, USERS],
  [SMALL, 50],
] as const) {
  if ((await store.accounts.get(accountId)) !== null) console.log(`reusing ${accountId} in ${values.db}`);
  else await seedAccount(store, accountId, users, urnOf(accountId), console.log);
}

const ctx: AdminContext = {
  store,
  logger: pino({ level: 'silent' }),
  pepper: 'bench',
  publicBaseUrl: 'http://127.0.0.1/scim/v2',
  customNamespace: DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  announceRevoked: () => Promise.resolve(true),
};
const adminOf = (accountId: string): Principal => ({
  kind: 'admin',
  adminId: 'bench',
  accountId,
  role: 'owner',
  email: 'bench@bench.example',
  displayName: 'Bench',
});
const big = adminOf(BIG);

const groups = await listGroups(ctx, big, BIG, { count: 10 });
const largest = [...groups.rows].sort((a, b) => b.memberCount - a.memberCount)[0];
if (largest === undefined) throw new Error('the seeded account has no groups');
const someUser = (await listUsers(ctx, big, BIG, { count: 1, startIndex: 777 })).rows[0];
if (someUser === undefined) throw new Error('the seeded account has no users');
const searchPrefix = seededUserName(Math.floor(USERS / 2)).slice(0, 'user-0000'.length);

const cases: [string, () => Promise<{ shown: number; total: string }>][] = [
  ['users: first page (50)', () => users({})],
  ['users: page 50 (startIndex 2451)', () => users({ startIndex: 2451 })],
  [`users: search "${searchPrefix}" (userName prefix)`, () => users({ search: searchPrefix })],
  [
    `users: search "${searchPrefix}" sorted by displayName desc`,
    () => users({ search: searchPrefix, sortBy: 'displayName', sortOrder: 'descending' }),
  ],
  [`users: search "${searchPrefix}" + inactive`, () => users({ search: searchPrefix, active: false })],
  ['users: active=false, first page', () => users({ active: false })],
  ['users: filter active eq false, page 2', () => users({ filter: 'active eq false', startIndex: 51 })],
  ['users: filter userName eq (anchor)', () => users({ filter: `userName eq "${someUser.userName}"` })],
  [
    'users: one user (getUser)',
    async () => {
      await getUser(ctx, big, BIG, someUser.id);
      return { shown: 1, total: '1' };
    },
  ],
  [
    'groups: list',
    async () => {
      const page = await listGroups(ctx, big, BIG, {});
      return { shown: page.rows.length, total: `${page.totalResults} (${page.totalKind})` };
    },
  ],
  [`groups: members of ${largest.displayName}, first page`, () => members(1)],
  [`groups: members of ${largest.displayName}, page 50`, () => members(2451)],
  [
    'small account: first page',
    async () => {
      const page = await listUsers(ctx, adminOf(SMALL), SMALL, {});
      return { shown: page.rows.length, total: `${page.totalResults} (${page.totalKind})` };
    },
  ],
];

async function users(query: Parameters<typeof listUsers>[3]) {
  const page = await listUsers(ctx, big, BIG, { count: 50, ...query });
  return { shown: page.rows.length, total: `${page.totalResults} (${page.totalKind})` };
}

async function members(startIndex: number) {
  if (largest === undefined) throw new Error('no group');
  const page = await groupMembers(ctx, big, BIG, largest.id, { startIndex, count: 50 });
  return { shown: page.rows.length, total: `${page.totalResults} (${page.totalKind})` };
}

console.log(
  `\nadmin directory on ${USERS.toLocaleString('en-US')} users, median of 5 calls (target < ${TARGET_MS} ms)`,
);
let slow = 0;
for (const [name, run] of cases) {
  const times: number[] = [];
  let last = { shown: 0, total: '' };
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    last = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[2] ?? Number.NaN;
  if (median >= TARGET_MS) slow += 1;
  console.log(
    `${name.padEnd(58)} ${median.toFixed(0).padStart(6)} ms  (min ${(times[0] ?? 0).toFixed(0)}, max ${(times[4] ?? 0).toFixed(0)})  rows ${last.shown}, total ${last.total}${median >= TARGET_MS ? '  SLOW' : ''}`,
  );
}
console.log(slow === 0 ? 'every operation under target' : `${slow} operation(s) over ${TARGET_MS} ms`);

if (!values.keep) {
  await store.close();
  const { MongoClient } = (await import('mongoose')).default.mongo;
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27417/roster');
  await client.db(values.db).dropDatabase();
  await client.close();
} else await store.close();
