import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entraCreateGroupBody, entraCreateUserBody, entraMember, patchOp } from './support/entra-payloads.ts';
import { startRedisCluster, type LocalRedisCluster } from './support/redis-cluster.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';
import { entraEncode } from './support/scim-client.ts';

/**
 * Roster on a real Redis Cluster of three masters (Debian's redis-server on loopback): the write
 * queue (BullMQ's Lua scripts), completion events, worker heartbeats, a Group's lock and the
 * per-account rate limit all run there, because every key starts with the `{…}` queue prefix, one
 * hash slot. A key outside it would fail with CROSSSLOT or MOVED instead.
 */
let cluster: LocalRedisCluster;
let roster: RosterUnderTest;
const limitedAccount = `limited-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  cluster = await startRedisCluster();
  roster = await startRoster({
    redisUrl: cluster.url,
    limits: { rates: new Map([[limitedAccount, { perSecond: 1, burst: 3 }]]) },
  });
}, 60_000);
afterAll(async () => {
  await roster?.stop();
  await cluster?.destroy();
});

it('provisions users and groups through a Redis Cluster', async () => {
  const client = roster.account.client;
  const userIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const body = entraCreateUserBody();
    const probe = await client.get(`/Users?filter=${entraEncode(`userName eq "${body.userName}"`)}`);
    expect(probe.status).toBe(200);
    const created = await client.post('/Users', body);
    expect(created.status, created.text).toBe(201);
    userIds.push(created.body.id as string);
  }
  const group = await client.post('/Groups', entraCreateGroupBody());
  expect(group.status, group.text).toBe(201);
  // Member PATCHes of one group at once: each takes the Group's lock in the cluster.
  const adds = await Promise.all(
    [userIds.slice(0, 5), userIds.slice(5)].map((ids) =>
      client.patch(
        `/Groups/${group.body.id}`,
        patchOp({ op: 'Add', path: 'members', value: ids.map(entraMember) }),
      ),
    ),
  );
  expect(adds.map((res) => res.status)).toEqual([204, 204]);
  const renamed = await client.patch(
    `/Users/${userIds[0]}`,
    patchOp({ op: 'Replace', path: 'displayName', value: 'Clustered' }),
  );
  expect(renamed.status).toBe(200);
  expect((await client.delete(`/Users/${userIds[9]}`)).status).toBe(204);

  const read = await client.get(`/Groups/${group.body.id}`);
  expect(read.body.members.map((member: { value: string }) => member.value).sort()).toEqual(
    userIds.slice(0, 9).sort(),
  );
  expect((await client.get(`/Users/${userIds[0]}`)).body.displayName).toBe('Clustered');
  expect((await fetch(`${roster.origin}/readyz`)).status).toBe(200);
});

it("enforces an account's rate limit from the cluster", async () => {
  const limited = await roster.createAccount(limitedAccount);
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await limited.client.get('/Users?count=1')).status);
  expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
  expect(statuses.slice(3)).toContain(429);
});

it('keeps every key Roster wrote in the hash slot of its prefix', async () => {
  const [first] = cluster.ports;
  const client = new Cluster([{ host: '127.0.0.1', port: first! }]);
  try {
    const slot = await client.cluster('KEYSLOT', roster.prefix);
    const nodes = client.nodes('master');
    const keys = (await Promise.all(nodes.map((node) => node.keys('*')))).flat();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith(roster.prefix), key).toBe(true);
      expect(await client.cluster('KEYSLOT', key)).toBe(slot);
    }
  } finally {
    client.disconnect();
  }
});
