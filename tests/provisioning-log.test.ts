import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFieldDefinition } from '@roster/scim';
import {
  isProvisioningLogEntryId,
  newResourceId,
  parseScimToken,
  type ProvisioningLogQuery,
  type ProvisioningLogRecord,
} from '@roster/store';
import { entraCreateUserBody, PATCH_OP_SCHEMA } from './support/entra-payloads.ts';
import { CUSTOM_NAMESPACE, startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';

/**
 * The provisioning log through real HTTP: the worker records what its jobs decided before they
 * complete (so an entry exists when the answer arrives), ingress records what it refused itself
 * (appended without waiting, so those are polled for), and nothing secret is ever stored.
 */
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const PASSWORD = `Pw-${randomUUID()}`;

let roster: RosterUnderTest;
let acme: TestAccount;
let urn: string;
let db: mongoose.Connection;
let userId: string;
let userName: string;

const log = (query: ProvisioningLogQuery = {}) =>
  roster.store.provisioningLog.list(acme.accountId, { limit: 200, ...query });

/** Polls until `find` sees an entry (ingress appends without waiting); bounded. */
async function eventually(query: ProvisioningLogQuery, find: (entry: ProvisioningLogRecord) => boolean) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = (await log(query)).entries.find(find);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no such log entry within 5 s: ${JSON.stringify(query)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  roster = await startRoster();
  acme = await roster.createAccount();
  urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
  const field = validateFieldDefinition({
    id: 'dept_code',
    type: 'String',
    required: false,
    target: 'col_dept',
  });
  if (!field.ok) throw new Error(field.error);
  expect(await roster.store.accounts.addField(acme.accountId, field.value)).toBe('changed');
  db = await mongoose.createConnection(roster.mongoUrl).asPromise();

  userName = `Log.${randomUUID()}@contoso.com`;
  const created = await acme.client.post('/Users', {
    ...entraCreateUserBody(userName),
    schemas: [...entraCreateUserBody().schemas, urn],
    password: PASSWORD,
    [urn]: { dept_code: 'R&D-7' },
  });
  expect(created.status).toBe(201);
  userId = created.body.id as string;
}, 60_000);
afterAll(async () => {
  await db?.close();
  await roster?.stop();
});

describe('the provisioning log', () => {
  it('records an applied create with who, when and what changed, before the answer', async () => {
    const [entry, ...others] = (await log({ resourceId: userId })).entries;
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      source: 'worker',
      accountId: acme.accountId,
      tokenId: parseScimToken(acme.token)?.tokenId,
      method: 'POST',
      resourceType: 'User',
      resourceId: userId,
      userName,
      operation: 'create',
      outcome: 'applied',
      status: 201,
    });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.now() - Date.parse(entry?.at ?? '')).toBeLessThan(60_000);
    expect(entry?.changes?.attributes).toEqual(
      expect.arrayContaining(['userName', 'name.givenName', 'emails', `${urn}:dept_code`]),
    );
    expect(entry?.changes?.attributes).not.toContain('password');
    expect(entry?.changes?.values).toEqual({ 'fields.dept_code': 'R&D-7', 'app.col_dept': 'R&D-7' });
    expect(await roster.store.provisioningLog.get(acme.accountId, entry?.id ?? '')).toEqual(entry);
    expect(await roster.store.provisioningLog.get(roster.account.accountId, entry?.id ?? '')).toBeNull();
  });

  it('records the request id the client saw', async () => {
    const res = await acme.client.patch(`/Users/${userId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'replace', path: 'title', value: 'Countess' }],
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    const entry = (await log({ resourceId: userId })).entries.find((e) => e.requestId === requestId);
    expect(entry).toMatchObject({ operation: 'patch', outcome: 'applied', status: 200 });
    expect(entry?.changes).toEqual({ attributes: ['title'] });
  });

  it('records a PATCH the worker rejects, with its status and scimType', async () => {
    const res = await acme.client.patch(`/Users/${userId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'replace', path: 'id', value: randomUUID() }],
    });
    expect(res.status).toBe(400);
    const entry = (await log({ resourceId: userId, outcome: 'rejected' })).entries[0];
    expect(entry).toMatchObject({
      source: 'worker',
      operation: 'patch',
      outcome: 'rejected',
      status: 400,
      scimType: res.body.scimType as string,
      userName,
      requestId: res.headers.get('x-request-id'),
    });
    expect(entry?.changes).toBeUndefined();
  });

  it('records writes refused by ingress itself: a malformed PATCH path, a create without userName', async () => {
    const patch = await acme.client.patch(`/Users/${userId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }],
    });
    expect(patch.status).toBe(400);
    const patchId = patch.headers.get('x-request-id');
    expect(await eventually({ resourceId: userId }, (e) => e.requestId === patchId)).toMatchObject({
      source: 'ingress',
      method: 'PATCH',
      resourceType: 'User',
      operation: 'patch',
      outcome: 'rejected',
      status: 400,
      scimType: 'invalidPath',
    });

    const create = await acme.client.post('/Users', { schemas: entraCreateUserBody().schemas, active: true });
    expect(create.status).toBe(400);
    const createId = create.headers.get('x-request-id');
    const entry = await eventually({ outcome: 'rejected' }, (e) => e.requestId === createId);
    expect(entry).toMatchObject({ source: 'ingress', operation: 'create', status: 400 });
    expect(entry.resourceId).toBeUndefined();
  });

  it('records each /Bulk operation: the worker its jobs, ingress the ones it refused', async () => {
    const bulkUser = `bulk.${randomUUID()}@contoso.com`;
    const res = await acme.client.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        { method: 'POST', bulkId: 'b1', path: '/Users', data: entraCreateUserBody(bulkUser) },
        { method: 'POST', bulkId: 'b2', path: '/Users', data: { schemas: entraCreateUserBody().schemas } },
      ],
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    const applied = await eventually({ userName: bulkUser }, (e) => e.requestId === requestId);
    expect(applied).toMatchObject({
      source: 'worker',
      bulkIndex: 0,
      operation: 'create',
      outcome: 'applied',
    });
    const refused = await eventually({}, (e) => e.requestId === requestId && e.bulkIndex === 1);
    expect(refused).toMatchObject({
      source: 'ingress',
      operation: 'create',
      outcome: 'rejected',
      status: 400,
    });
  });

  it('does not record reads', async () => {
    const before = (await log()).entries.length;
    expect((await acme.client.get(`/Users/${userId}`)).status).toBe(200);
    expect(
      (await acme.client.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).status,
    ).toBe(200);
    expect((await acme.client.post('/Users/.search', { filter: 'active eq true' })).status).toBe(200);
    // Ingress appends without waiting: a refused write after the reads marks when theirs would be in.
    const marker = await acme.client.delete('/Groups/not-an-id');
    expect(marker.status).toBe(404);
    const markerId = marker.headers.get('x-request-id');
    await eventually({}, (entry) => entry.requestId === markerId);
    expect((await log()).entries.length).toBe(before + 1);
  });

  it('records an applied delete, and lists newest first', async () => {
    expect((await acme.client.delete(`/Users/${userId}`)).status).toBe(204);
    const entries = (await log({ resourceId: userId })).entries;
    expect(entries[0]).toMatchObject({ operation: 'delete', outcome: 'applied', status: 204, userName });
    expect(entries.at(-1)).toMatchObject({ operation: 'create' });
    const times = entries.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by outcome, resource id, userName (any case) and time range', async () => {
    const all = (await log()).entries;
    expect(all.length).toBeGreaterThanOrEqual(8);
    const rejected = (await log({ outcome: 'rejected' })).entries;
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    expect(rejected.every((entry) => entry.outcome === 'rejected')).toBe(true);
    expect(rejected).toEqual(all.filter((entry) => entry.outcome === 'rejected'));
    const byName = (await log({ userName: userName.toUpperCase() })).entries;
    expect(byName.map((entry) => entry.operation)).toEqual(['delete', 'patch', 'patch', 'create']);
    const create = all.find((entry) => entry.resourceId === userId && entry.operation === 'create');
    const at = Date.parse(create?.at ?? '');
    const window = (await log({ from: new Date(at), to: new Date(at + 1) })).entries;
    expect(window.map((entry) => entry.id)).toContain(create?.id);
    expect(window.every((entry) => Date.parse(entry.at) === at)).toBe(true);
    expect((await log({ to: new Date(at) })).entries.map((entry) => entry.id)).not.toContain(create?.id);
  });

  it('pages with a cursor, each entry once, in the same order', async () => {
    const all = (await log()).entries;
    const paged: ProvisioningLogRecord[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const next = await log({ limit: 3, cursor });
      paged.push(...next.entries);
      cursor = next.nextCursor;
      // The admin API checks cursors as entry ids (services/admin/src/operations/provisioning-log.ts).
      if (cursor !== undefined) expect(isProvisioningLogEntryId(cursor)).toBe(true);
      if (cursor === undefined) break;
    }
    expect(paged).toEqual(all);
  });

  it('never stores the bearer token, its secret or a password sent in a create', async () => {
    const raw = JSON.stringify(await db.collection('provisioning_log').find({}).toArray());
    const secret = parseScimToken(acme.token)?.secret ?? acme.token;
    expect(raw.length).toBeGreaterThan(1_000);
    for (const forbidden of [acme.token, secret, PASSWORD]) expect(raw).not.toContain(forbidden);
  });
});

describe('writes ingress cannot hand to a worker', () => {
  it('are recorded as rejected with 503', async () => {
    const lonely = await startRoster({ worker: false });
    try {
      const res = await lonely.account.client.post('/Users', entraCreateUserBody());
      expect(res.status).toBe(503);
      const requestId = res.headers.get('x-request-id');
      const deadline = Date.now() + 5_000;
      let entry: ProvisioningLogRecord | undefined;
      while (entry === undefined && Date.now() < deadline) {
        const page = await lonely.store.provisioningLog.list(lonely.account.accountId);
        entry = page.entries.find((e) => e.requestId === requestId);
        if (entry === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(entry).toMatchObject({
        source: 'ingress',
        outcome: 'rejected',
        status: 503,
        operation: 'create',
      });
    } finally {
      await lonely.stop();
    }
  });
});

describe('a write ingress stops waiting for', () => {
  it('is recorded as timedOut by ingress, and as applied by the worker when it applies later', async () => {
    const slow = await startRoster({ writeTimeoutMs: 500 });
    const redis = new Redis(slow.redisUrl);
    try {
      const { accountId } = slow.account;
      const groupId = newResourceId();
      await slow.store.groups.create({
        accountId,
        id: groupId,
        jobId: 'seed',
        attributes: { core: { displayName: `Slow ${groupId}` }, extensions: {} },
      });
      // The group's write lock, held here: the PATCH's job waits for it past ingress's timeout.
      const lock = `${slow.prefix}:lock:${accountId}:${groupId}`;
      expect(await redis.set(lock, 'test', 'PX', 20_000, 'NX')).toBe('OK');
      const res = await slow.account.client.patch(`/Groups/${groupId}`, {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [{ op: 'replace', path: 'displayName', value: `Renamed ${groupId}` }],
      });
      expect(res.status).toBe(503);
      await redis.del(lock);
      const requestId = res.headers.get('x-request-id');
      const deadline = Date.now() + 10_000;
      let entries: ProvisioningLogRecord[] = [];
      while (entries.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const page = await slow.store.provisioningLog.list(accountId, { resourceId: groupId });
        entries = page.entries.filter((entry) => entry.requestId === requestId);
      }
      const bySource = Object.fromEntries(entries.map((entry) => [entry.source, entry]));
      expect(bySource.ingress).toMatchObject({ outcome: 'timedOut', status: 503, operation: 'patch' });
      expect(bySource.worker).toMatchObject({
        outcome: 'applied',
        status: 200,
        displayName: `Renamed ${groupId}`,
        changes: { attributes: ['displayName'] },
      });
    } finally {
      redis.disconnect();
      await slow.stop();
    }
  });
});
