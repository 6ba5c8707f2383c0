/**
 * Group scale: adding one member, reading the group without members, and reading it with
 * all members streamed, at an empty group and at a group of N members, against real
 * ingress and worker processes. Prints latencies and the ingress's memory while it streams.
 *
 *   node --import tsx scripts/bench/group-scale.ts [--members 20000]
 */
import { parseArgs } from 'node:util';
import { newResourceId } from '@roster/store';
import { launchRoster, rssMiB } from './launch.ts';
import { percentile } from './phase.ts';

const { values } = parseArgs({ options: { members: { type: 'string', default: '20000' } } });
const MEMBERS = Number(values.members);
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const userIds: string[] = [];

const roster = await launchRoster({
  prepare: async (store, accountId) => {
    // Users are written straight to the store: this benchmark is about groups, not creates.
    const started = performance.now();
    for (let i = 0; i < MEMBERS + 50; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, MEMBERS + 50 - i) }, async (_, j) => {
          const id = newResourceId();
          userIds.push(id);
          const userName = `member-${i + j}@bench.example`;
          await store.users.create({
            accountId,
            id,
            jobId: `seed-${id}`,
            attributes: { core: { userName }, extensions: {} },
          });
        }),
      );
    }
    console.log(`seeded ${userIds.length} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});
const { base, headers } = roster;

const call = async (
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; ms: number; bytes: number }> => {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { status: res.status, ms: performance.now() - started, bytes };
};
const addMembers = (groupId: string, ids: string[]) =>
  call('PATCH', `/Groups/${groupId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
  });

async function measure(groupId: string, spare: string[]): Promise<string> {
  const adds: number[] = [];
  for (const id of spare.splice(0, 10)) adds.push((await addMembers(groupId, [id])).ms);
  const lean: number[] = [];
  for (let i = 0; i < 10; i += 1)
    lean.push((await call('GET', `/Groups/${groupId}?excludedAttributes=members`)).ms);
  const rssBefore = rssMiB(roster.ingressPid);
  const full = await call('GET', `/Groups/${groupId}`);
  const rssAfter = rssMiB(roster.ingressPid);
  return [
    `add 1 member p50 ${percentile(adds, 50).toFixed(1)} ms`,
    `GET excludedAttributes=members p50 ${percentile(lean, 50).toFixed(1)} ms`,
    `GET with members ${full.ms.toFixed(0)} ms (${(full.bytes / 1024 / 1024).toFixed(1)} MiB body, status ${full.status})`,
    `ingress RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MiB`,
  ].join('; ');
}

const spare = userIds.splice(MEMBERS);
const small = await call('POST', '/Groups', {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName: 'Empty group',
});
const large = await call('POST', '/Groups', {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName: 'Large group',
});
const smallId =
  (
    (await (
      await fetch(`${base}/Groups?filter=${encodeURIComponent('displayName eq "Empty group"')}`, { headers })
    ).json()) as { Resources: { id: string }[] }
  ).Resources[0]?.id ?? '';
const largeId =
  (
    (await (
      await fetch(`${base}/Groups?filter=${encodeURIComponent('displayName eq "Large group"')}`, { headers })
    ).json()) as { Resources: { id: string }[] }
  ).Resources[0]?.id ?? '';
if (small.status !== 201 || large.status !== 201) throw new Error('group creation failed');

const fill = performance.now();
for (let i = 0; i < userIds.length; i += 1000) {
  const res = await addMembers(largeId, userIds.slice(i, i + 1000));
  if (res.status !== 204) throw new Error(`adding members failed: ${res.status}`);
}
console.log(
  `added ${userIds.length} members in PATCHes of 1,000: ${((performance.now() - fill) / 1000).toFixed(1)} s`,
);
console.log(`group of 0:        ${await measure(smallId, spare)}`);
console.log(`group of ${MEMBERS}: ${await measure(largeId, spare)}`);
await roster.stop();
process.exit(0);
