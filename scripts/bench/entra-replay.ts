/**
 * Entra-style provisioning replay against real ingress and worker processes, in phases as
 * Entra ID runs an initial cycle (docs/entra.md):
 *   users    probe `GET /Users?filter=userName eq "…"`, then `POST /Users`
 *   groups   probe `GET /Groups?filter=displayName eq "…"`, then `POST /Groups`
 *   members  `PATCH /Groups/{id}` adding members in batches (`Add`, `$ref: null`)
 *   patch    probe by userName, then `PATCH /Users/{id}` (RFC-case `replace` operations)
 * Before the phases it measures the store's raw single-operation rates; after them it checks
 * that every user and group holds exactly what the replay wrote. Per phase it prints
 * throughput, latency percentiles, CPU per request of each process and store commands per
 * request (meters.ts). With `--profile DIR` each service writes a V8 CPU profile there
 * (summarised by profile-summary.ts).
 *
 *   npm run bench -- [--users 2000] [--groups 20] [--members 100] [--batch 50] [--clients 16]
 *                    [--prefill 0] [--workers 1] [--profile DIR] [--skip-raw] [--no-provisioning-log]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { newResourceId } from '@roster/store';
import { launchRoster } from './launch.ts';
import { openMeters } from './meters.ts';
import { printPhase, runPhase } from './phase.ts';
import { summariseProfiles } from './profile-summary.ts';
import { measureStoreRates } from './store-rates.ts';
import { verifyFinalState } from './verify-replay.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    groups: { type: 'string', default: '20' },
    members: { type: 'string', default: '100' },
    batch: { type: 'string', default: '50' },
    clients: { type: 'string', default: '16' },
    prefill: { type: 'string', default: '0' },
    workers: { type: 'string', default: '1' },
    profile: { type: 'string' },
    'skip-raw': { type: 'boolean', default: false },
    /** Runs the services with PROVISIONING_LOG=off, to measure what the log costs. */
    'no-provisioning-log': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const GROUPS = Number(values.groups);
const MEMBERS = Math.min(Number(values.members), USERS);
const BATCH = Number(values.batch);
const CLIENTS = Number(values.clients);
const PREFILL = Number(values.prefill);
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

const roster = await launchRoster({
  workers: Number(values.workers),
  ...(values.profile === undefined ? {} : { profileDir: values.profile }),
  ...(values['no-provisioning-log'] ? { env: { PROVISIONING_LOG: 'off' } } : {}),
  prepare: async (store, accountId) => {
    const started = performance.now();
    for (let done = 0; done < PREFILL; done += 500)
      await Promise.all(
        Array.from({ length: Math.min(500, PREFILL - done) }, (_, k) => {
          const n = done + k;
          const userName = `prefill-${n}@bench.example`;
          return store.users.create({
            accountId,
            id: newResourceId(),
            jobId: `prefill-${n}`,
            attributes: { core: { userName, active: true, displayName: `Prefill ${n}` }, extensions: {} },
          });
        }),
      );
    if (PREFILL > 0)
      console.log(`prefilled ${PREFILL} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});
const { base, headers } = roster;
const client = await mongoose.mongo.MongoClient.connect(roster.mongoUrl);
const meters = await openMeters(client.db('admin'), roster.redisUrl, {
  ingress: roster.ingressPid,
  workers: roster.workerPids,
});

console.log(
  `entra replay: ${USERS} users, ${GROUPS} groups × ${MEMBERS} members in PATCHes of ${BATCH}, ${CLIENTS} clients, ${roster.workerPids.length} worker process(es), account prefilled with ${PREFILL}, provisioning log ${values['no-provisioning-log'] ? 'off' : 'on'}`,
);
if (!values['skip-raw']) {
  const rates = await measureStoreRates(client.db(), CLIENTS);
  console.log(
    `store raw rates (concurrency ${CLIENTS}): findOne ${rates.findOnePerSecond.toFixed(0)}/s, updateOne ${rates.updateOnePerSecond.toFixed(0)}/s, insertMany ${rates.insertManyDocsPerSecond.toFixed(0)} docs/s, find $in 50 ids ${rates.findIn50PerSecond.toFixed(1)}/s`,
  );
}

const probe = (kind: 'Users' | 'Groups', attribute: string, value: string) => () =>
  fetch(`${base}/${kind}?filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`, { headers });
const send = (method: string, path: string, body: unknown) => () =>
  fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
const idOf = (body: unknown): string => (body as { id?: string } | null)?.id ?? '';

const userNames = Array.from({ length: USERS }, () => `${randomUUID()}@contoso.example`);
const userIds: string[] = new Array<string>(USERS).fill('');
const users = await runPhase('users', USERS, CLIENTS, meters, async (i, timed) => {
  const userName = userNames[i] ?? '';
  await timed('probe', probe('Users', 'userName', userName), [200]);
  const created = await timed(
    'create',
    send('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName,
      externalId: userName.slice(0, 8),
      active: true,
      displayName: 'Bench User',
      emails: [{ primary: true, type: 'work', value: userName }],
      name: { givenName: 'Bench', familyName: 'User' },
    }),
    [201],
  );
  userIds[i] = idOf(created.body);
});
printPhase(users, { label: 'users', count: USERS });

const groupNames = Array.from({ length: GROUPS }, (_, g) => `Bench Group ${g} ${randomUUID().slice(0, 8)}`);
const groupIds: string[] = new Array<string>(GROUPS).fill('');
const groups = await runPhase('groups', GROUPS, CLIENTS, meters, async (g, timed) => {
  const displayName = groupNames[g] ?? '';
  await timed('probe', probe('Groups', 'displayName', displayName), [200]);
  const created = await timed(
    'create',
    send('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, externalId: `ext-${g}` }),
    [201],
  );
  groupIds[g] = idOf(created.body);
});
printPhase(groups, { label: 'groups', count: GROUPS });

/** Group g's members: MEMBERS consecutive users starting at a group-specific offset. */
const membersOf = (g: number): string[] =>
  Array.from({ length: MEMBERS }, (_, k) => userIds[(g * 97 + k) % USERS] ?? '');
const batchesPerGroup = Math.ceil(MEMBERS / BATCH);
// Batch-major order: every group's first PATCH, then every group's second, as Entra spreads them.
const memberships = await runPhase('members', GROUPS * batchesPerGroup, CLIENTS, meters, async (n, timed) => {
  const g = n % GROUPS;
  const b = Math.floor(n / GROUPS);
  const value = membersOf(g)
    .slice(b * BATCH, (b + 1) * BATCH)
    .map((id) => ({ $ref: null, value: id }));
  await timed(
    'patch members',
    send('PATCH', `/Groups/${groupIds[g]}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value }],
    }),
    [200, 204],
  );
});
printPhase(memberships, { label: 'memberships', count: GROUPS * MEMBERS });

const patched = await runPhase('patch', USERS, CLIENTS, meters, async (i, timed) => {
  await timed('probe', probe('Users', 'userName', userNames[i] ?? ''), [200]);
  await timed(
    'patch user',
    send('PATCH', `/Users/${userIds[i]}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'displayName', value: `Patched ${i}` },
        { op: 'replace', path: 'active', value: i % 7 !== 0 },
      ],
    }),
    [200, 204],
  );
});
printPhase(patched);

const problems = await verifyFinalState(roster, {
  users: userIds.map((id, i) => ({ id, displayName: `Patched ${i}`, active: i % 7 !== 0 })),
  groups: groupIds.map((id, g) => ({ id, members: membersOf(g) })),
});
console.log(
  problems.length === 0
    ? `\nfinal state: every user and group as written (${USERS} users, ${GROUPS} groups)`
    : `\nFINAL STATE WRONG (${problems.length}): ${problems.slice(0, 5).join('; ')}`,
);

await meters.close();
await client.close();
await roster.stop();
if (values.profile !== undefined) summariseProfiles(values.profile);
const failed = [users, groups, memberships, patched].some(
  (phase) => Object.keys(phase.unexpected).length > 0,
);
process.exit(failed || problems.length > 0 ? 1 : 0);
