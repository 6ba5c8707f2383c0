import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entraCreateGroupBody, entraCreateUserBody, entraMember, patchOp } from './support/entra-payloads.ts';
import { freePort } from './support/local-store.ts';
import { PEPPER, startRoster, type RosterUnderTest } from './support/roster.ts';
import { entraEncode, ScimClient, type ScimResponse } from './support/scim-client.ts';
import { exited, spawnIngress, spawnWorker, waitFor } from './support/worker-process.ts';

/**
 * The Entra replay against two ingress processes (the test's own and a spawned one, requests
 * alternating between them) and four worker processes sharing one queue and one store: users
 * probed and created, groups created, members added in concurrent PATCHes (several per group
 * at once, so different processes contend for one group), every user renamed, and several
 * PATCHes of one user racing each other, each setting its own attribute. The final state of
 * every user and group, read from the store, must be exactly what the acknowledged writes
 * said: nothing lost, nothing applied twice, no duplicate userName.
 */
const WORKERS = 4;
const USERS = 120;
const GROUPS = 4;
const MEMBERS_PER_GROUP = 60;
const BATCH = 15;
const CLIENTS = 16;
/** Attributes that racing PATCHes of one user set, one each: all must survive. */
const RACING_ATTRIBUTES = ['title', 'nickName', 'preferredLanguage', 'locale'] as const;

let roster: RosterUnderTest;
let secondIngress: string;
const processes: ChildProcess[] = [];

beforeAll(async () => {
  roster = await startRoster({ worker: false, writeTimeoutMs: 30_000 });
  const env = { mongoUrl: roster.mongoUrl, redisUrl: roster.redisUrl, prefix: roster.prefix };
  for (let i = 0; i < WORKERS; i++) processes.push(spawnWorker(env));
  const port = await freePort();
  processes.push(spawnIngress(env, port, PEPPER));
  secondIngress = `http://127.0.0.1:${port}`;
  for (const origin of [roster.origin, secondIngress])
    await waitFor(
      async () => (await fetch(`${origin}/readyz`).catch(() => null))?.status === 200,
      30_000,
      `${origin} ready`,
    );
}, 60_000);
afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map(exited));
  await roster.stop();
});

/** Runs `steps` steps from CLIENTS concurrent clients. */
async function concurrently(steps: number, step: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < steps) await step(next++);
    }),
  );
}

const expectStatus = async (request: Promise<ScimResponse>, ...expected: number[]): Promise<ScimResponse> => {
  const res = await request;
  expect(expected, `status ${res.status}: ${res.text}`).toContain(res.status);
  return res;
};

it(`replays Entra's cycle on 2 ingress and ${WORKERS} worker processes to exactly the expected final state`, async () => {
  const { accountId: account, token } = roster.account;
  const ingresses = [roster.account.client, new ScimClient(`${secondIngress}/scim/v2/${account}`, token)];
  let turn = 0;
  /** The two ingress processes in turns, as a load balancer would spread requests. */
  const client = {
    request: (method: string, path: string, init?: { body?: unknown }) =>
      ingresses[turn++ % 2]!.request(method, path, init),
  };
  const { store } = roster;
  const accountId = account;

  const userNames = Array.from({ length: USERS }, () => `${randomUUID()}@contoso.com`);
  const userIds: string[] = [];
  await concurrently(USERS, async (i) => {
    const userName = userNames[i] ?? '';
    const probe = await expectStatus(
      client.request('GET', `/Users?filter=${entraEncode(`userName eq "${userName}"`)}`),
      200,
    );
    expect(probe.body.totalResults).toBe(0);
    const created = await expectStatus(
      client.request('POST', '/Users', { body: entraCreateUserBody(userName) }),
      201,
    );
    userIds[i] = created.body.id as string;
  });

  const groupIds: string[] = [];
  await concurrently(GROUPS, async (g) => {
    const created = await expectStatus(
      client.request('POST', '/Groups', { body: entraCreateGroupBody() }),
      201,
    );
    groupIds[g] = created.body.id as string;
  });

  const membersOf = (g: number): string[] =>
    Array.from({ length: MEMBERS_PER_GROUP }, (_, k) => userIds[(g * 31 + k) % USERS] ?? '');
  const batches = MEMBERS_PER_GROUP / BATCH;
  // Every batch of every group at once: four PATCHes per group in flight, on any worker.
  await concurrently(GROUPS * batches, async (n) => {
    const g = n % GROUPS;
    const b = Math.floor(n / GROUPS);
    const value = membersOf(g)
      .slice(b * BATCH, (b + 1) * BATCH)
      .map(entraMember);
    await expectStatus(
      client.request('PATCH', `/Groups/${groupIds[g]}`, {
        body: patchOp({ op: 'Add', path: 'members', value }),
      }),
      200,
      204,
    );
  });

  // Every user renamed; and for every fourth user, racing PATCHes each set one more attribute.
  const racing = userIds.filter((_, i) => i % 4 === 0);
  const patches = [
    ...userIds.map((id, i) => ({ id, path: 'displayName', value: `Renamed ${i}` })),
    ...racing.flatMap((id) => RACING_ATTRIBUTES.map((path) => ({ id, path, value: `${path} of ${id}` }))),
  ];
  await concurrently(patches.length, async (n) => {
    const { id, path, value } = patches[n]!;
    await expectStatus(
      client.request('PATCH', `/Users/${id}`, { body: patchOp({ op: 'replace', path, value }) }),
      200,
      204,
    );
  });

  for (const [i, id] of userIds.entries()) {
    const stored = await store.users.findById(accountId, id);
    expect(stored?.core, `user ${i}`).toMatchObject({ userName: userNames[i], displayName: `Renamed ${i}` });
    if (i % 4 === 0)
      for (const path of RACING_ATTRIBUTES)
        expect(stored?.core[path], `${path} of user ${i}`).toBe(`${path} of ${id}`);
    // One document per userName: the probe finds exactly this user.
    const probe = await client.request(
      'GET',
      `/Users?filter=${entraEncode(`userName eq "${userNames[i]}"`)}`,
    );
    expect(probe.body.Resources.map((user: { id: string }) => user.id)).toEqual([id]);
  }
  const listed = await client.request('GET', '/Users?count=0');
  expect(listed.body.totalResults).toBe(USERS);
  for (const [g, groupId] of groupIds.entries()) {
    const members: string[] = [];
    for await (const member of store.memberships.members(accountId, groupId)) members.push(member.value);
    expect(members.sort(), `members of group ${g}`).toEqual([...new Set(membersOf(g))].sort());
  }
}, 180_000);
