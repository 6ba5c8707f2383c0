import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraCreateUserBody, GROUP_SCHEMA } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';

/**
 * A group delete (or a PUT that empties the group) walks every membership of the group.
 * It must finish within the write timeout and must not hold the store for other accounts:
 * while it runs, another account keeps reading and writing and its p99 stays low.
 */
const WRITE_TIMEOUT_MS = 25_000;
const OTHER_ACCOUNT_P99_MS = 200;

let roster: RosterUnderTest;
let owner: TestAccount;
let bystander: TestAccount;

beforeAll(async () => {
  roster = await startRoster({ writeTimeoutMs: WRITE_TIMEOUT_MS });
  owner = roster.account;
  bystander = await roster.createAccount();
});
afterAll(async () => {
  await roster.stop();
});

/** `n` users of the owner account, created through the store's own create path (fast setup). */
async function seedUsers(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < n; i += 500) {
    await Promise.all(
      ids.slice(i, i + 500).map(async (id) => {
        const body = entraCreateUserBody();
        const outcome = await roster.store.users.create({
          accountId: owner.accountId,
          id,
          jobId: `seed-${id}`,
          attributes: { core: { userName: body.userName, active: true }, extensions: {} },
        });
        expect(outcome.kind).toBe('created');
      }),
    );
  }
  return ids;
}

/** A group holding `members`: created empty over HTTP, members added by PATCHes of 500. */
async function groupWith(members: readonly string[]): Promise<string> {
  const created = await owner.client.post('/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName: `G ${randomUUID()}`,
  });
  expect(created.status).toBe(201);
  const groupId = created.body.id as string;
  for (let i = 0; i < members.length; i += 500) {
    const res = await owner.client.patch(`/Groups/${groupId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'add', path: 'members', value: members.slice(i, i + 500).map((value) => ({ value })) },
      ],
    });
    expect(res.status).toBe(204);
  }
  return groupId;
}

/**
 * The bystander's Entra-style traffic (probe by userName, create, update, read back,
 * discovery) until `stop` settles; latencies in ms. Its lists are timed apart: on FerretDB
 * a list's cost grows with the whole store, whatever this test does (see docs/ferretdb.md).
 */
async function bystanderTraffic(stop: Promise<unknown>): Promise<{
  latencies: number[];
  listLatencies: number[];
  statuses: number[];
}> {
  let done = false;
  void stop.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  const listLatencies: number[] = [];
  const statuses: number[] = [];
  const timed = async <R extends { status: number }>(
    into: number[],
    request: () => Promise<R>,
  ): Promise<R> => {
    const started = performance.now();
    const res = await request();
    into.push(performance.now() - started);
    statuses.push(res.status);
    return res;
  };
  // Bounded: at most 60 s of traffic even if `stop` never settles.
  const deadline = Date.now() + 60_000;
  while (!done && Date.now() < deadline) {
    const body = entraCreateUserBody();
    await timed(latencies, () => bystander.client.filterUsers(`userName eq "${body.userName}"`));
    const created = await timed(latencies, () => bystander.client.post('/Users', body));
    const id = created.body.id as string;
    await timed(latencies, () =>
      bystander.client.patch(`/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'Renamed' }],
      }),
    );
    await timed(latencies, () => bystander.client.get(`/Users/${id}`));
    await timed(latencies, () => bystander.client.get('/ServiceProviderConfig'));
    await timed(listLatencies, () => bystander.client.get('/Users?count=1'));
  }
  return { latencies, listLatencies, statuses };
}

const p99 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
};

describe.each([100, 5_000])('a group with %i members', (size) => {
  it('is deleted within the write timeout while another account keeps its latency', async () => {
    const members = await seedUsers(size);
    const groupId = await groupWith(members);
    expect(roster.store.memberships).toBeDefined();

    const started = performance.now();
    const deletion = owner.client.delete(`/Groups/${groupId}`);
    const traffic = await bystanderTraffic(deletion);
    const res = await deletion;
    const elapsed = performance.now() - started;

    expect(res.status).toBe(204);
    expect(elapsed).toBeLessThan(WRITE_TIMEOUT_MS);
    expect((await owner.client.get(`/Groups/${groupId}`)).status).toBe(404);
    // The members stay users, and none still lists the deleted group.
    const sample = await owner.client.get(`/Users/${members[members.length - 1] ?? ''}`);
    expect(sample.status).toBe(200);
    expect(sample.body.groups ?? []).toEqual([]);

    expect(traffic.statuses.every((status) => status < 300)).toBe(true);
    console.info(
      `group of ${size}: delete ${elapsed.toFixed(0)} ms; other account ${traffic.latencies.length} requests, p99 ${p99(traffic.latencies).toFixed(0)} ms; ${traffic.listLatencies.length} lists, max ${Math.max(...traffic.listLatencies).toFixed(0)} ms`,
    );
    expect(p99(traffic.latencies)).toBeLessThan(OTHER_ACCOUNT_P99_MS);
  });

  it('is emptied by PUT within the write timeout, and the store still answers', async () => {
    const members = await seedUsers(size);
    const groupId = await groupWith(members);
    const started = performance.now();
    const res = await owner.client.put(`/Groups/${groupId}`, {
      schemas: [GROUP_SCHEMA],
      displayName: `Emptied ${randomUUID()}`,
      members: [],
    });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(WRITE_TIMEOUT_MS);
    const read = await owner.client.get(`/Groups/${groupId}`);
    expect(read.body.members ?? []).toEqual([]);
    expect((await bystander.client.get('/Users?count=1')).status).toBe(200);
  });
});
