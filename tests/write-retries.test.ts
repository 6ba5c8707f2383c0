import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';
import { resourceKey } from '@roster/store';

/**
 * What a crash or a client retry can leave between a user and its userName claim, and how
 * the next write repairs it. Leftovers are planted directly in the store, as a crash between
 * two writes would leave them.
 */
let raw: mongoose.Connection;

const suite = useRoster();
beforeAll(async () => {
  raw = await mongoose.createConnection(suite.roster.mongoUrl).asPromise();
});
afterAll(async () => {
  await raw.close();
});

const claims = () =>
  raw.collection<{ _id: string; accountId: string; ownerId: string; claimedAt: Date }>('user_name_claims');
const users = () => raw.collection<{ _id: string }>('users');
const claimId = (userName: string) => `${suite.roster.account.accountId}:${userName.toLowerCase()}`;

describe('a create retried by the client', () => {
  it('answers 409 that names the user just made from the identical request', async () => {
    const body = entraCreateUserBody();
    const first = await suite.roster.account.client.post('/Users', body);
    expect(first.status).toBe(201);
    const again = await suite.roster.account.client.post('/Users', body);
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
    expect(again.body.detail).toContain(first.body.id as string);
    expect(again.body.detail).toMatch(/identical request/);
  });

  it('answers a plain 409 naming the holder when the payload differs', async () => {
    const body = entraCreateUserBody();
    const first = await suite.roster.account.client.post('/Users', body);
    const other = await suite.roster.account.client.post('/Users', { ...body, displayName: 'Someone else' });
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain(first.body.id as string);
    expect(other.body.detail).not.toMatch(/identical request/);
  });
});

describe('claims and users stay consistent', () => {
  it('takes over a claim abandoned by a failed create once it is older than the bound', async () => {
    const body = entraCreateUserBody();
    // A create that claimed the name and died before storing its user, two minutes ago.
    await claims().insertOne({
      _id: claimId(body.userName),
      accountId: suite.roster.account.accountId,
      ownerId: randomUUID(),
      claimedAt: new Date(Date.now() - 120_000),
    });
    const res = await suite.roster.account.client.post('/Users', body);
    expect(res.status).toBe(201);
    const found = await suite.roster.account.client.filterUsers(`userName eq "${body.userName}"`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(res.body.id);
  });

  it('keeps a young claim (a create possibly in flight) and says who holds it only when stored', async () => {
    const body = entraCreateUserBody();
    await claims().insertOne({
      _id: claimId(body.userName),
      accountId: suite.roster.account.accountId,
      ownerId: randomUUID(),
      claimedAt: new Date(),
    });
    const res = await suite.roster.account.client.post('/Users', body);
    expect(res.status).toBe(409);
    // Nobody holds the name in the store: a probe finds nothing, as Entra expects.
    expect(
      (await suite.roster.account.client.filterUsers(`userName eq "${body.userName}"`)).body.totalResults,
    ).toBe(0);
  });

  it('removes a user an earlier attempt stored after losing its claim, when the job is retried', async () => {
    const body = entraCreateUserBody();
    const winner = await suite.roster.account.client.post('/Users', body);
    expect(winner.status).toBe(201);
    // An earlier attempt of another job stored its user although the winner holds the claim.
    const leftoverId = randomUUID();
    const key = (id: string) => resourceKey(suite.roster.account.accountId, id);
    const stored = await users().findOne({ _id: key(winner.body.id as string) });
    await users().insertOne({
      ...stored,
      _id: key(leftoverId),
      rid: leftoverId,
      lastJobId: 'crashed-job',
    } as never);
    const retried = await suite.roster.store.users.create({
      accountId: suite.roster.account.accountId,
      id: leftoverId,
      jobId: 'crashed-job',
      attributes: { core: { userName: body.userName, active: true }, extensions: {} },
    });
    expect(retried.kind).toBe('nameTaken');
    expect(await users().findOne({ _id: key(leftoverId) })).toBeNull();
    expect(await users().findOne({ _id: key(winner.body.id as string) })).not.toBeNull();
  });

  it('deletes the user before its claim, so no user is ever left without one', async () => {
    const body = entraCreateUserBody();
    const created = await suite.roster.account.client.post('/Users', body);
    expect((await suite.roster.account.client.delete(`/Users/${created.body.id as string}`)).status).toBe(
      204,
    );
    expect(await claims().findOne({ _id: claimId(body.userName) })).toBeNull();
    expect((await suite.roster.account.client.post('/Users', body)).status).toBe(201);
  });
});
