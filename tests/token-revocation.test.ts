import type { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueScimToken, parseScimToken } from '@roster/store';
import { freePort } from './support/local-store.ts';
import { PEPPER, startRoster, type RosterUnderTest } from './support/roster.ts';
import { ScimClient } from './support/scim-client.ts';
import { exited, spawnIngress, waitFor } from './support/worker-process.ts';
import { startAdmin, type AdminUnderTest } from './support/admin.ts';
import { rosterCli } from './support/roster-cli.ts';

/**
 * A token revoked with `roster token revoke` stops working on every running ingress process
 * within a second, although each trusts a verified token for TOKEN_CACHE_TTL_MS (5 s by default,
 * the spawned ingress's setting): the revocation is announced through Redis and each process
 * forgets the token. Another token of the same account keeps working.
 */

let roster: RosterUnderTest;
let ingress: ChildProcess;
let otherOrigin: string;
let admin: AdminUnderTest;

beforeAll(async () => {
  roster = await startRoster();
  const port = await freePort();
  ingress = spawnIngress(
    { mongoUrl: roster.mongoUrl, redisUrl: roster.redisUrl, prefix: roster.prefix },
    port,
    PEPPER,
  );
  otherOrigin = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => (await fetch(`${otherOrigin}/readyz`).catch(() => null))?.status === 200,
    30_000,
    'ingress',
  );
  admin = await startAdmin(roster);
}, 60_000);
afterAll(async () => {
  await admin.stop();
  ingress.kill('SIGTERM');
  await exited(ingress);
  await roster.stop();
});

it('refuses a revoked token on a second running ingress within a second; the account’s other token still works', async () => {
  const { accountId, token } = roster.account;
  const on = (origin: string, bearer: string, account = accountId) =>
    new ScimClient(`${origin}/scim/v2/${account}`, bearer);
  const second = await roster.createAccount(); // another account's token, unaffected
  // Both processes verify the token now, and cache the answer.
  for (const origin of [roster.origin, otherOrigin])
    expect((await on(origin, token).get('/Users?count=1')).status).toBe(200);

  const tokenId = parseScimToken(token)?.tokenId ?? '';
  const revoked = await rosterCli(roster)('token', 'revoke', accountId, tokenId);
  expect(revoked.stdout).toContain('running ingress processes refuse it now');
  await waitFor(
    async () => (await on(otherOrigin, token).get('/Users?count=1')).status === 401,
    1_000,
    '401 on the second ingress',
  );
  expect((await on(roster.origin, token).get('/Users?count=1')).status).toBe(401);
  expect((await on(otherOrigin, second.token, second.accountId).get('/Users?count=1')).status).toBe(200);

  const again = await rosterCli(roster)('token', 'revoke', accountId, tokenId);
  expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('has no active token') });
});

it('keeps at most two active tokens per account: both work, a third is refused until one is revoked', async () => {
  const account = await roster.createAccount(); // holds one active token already
  const roster_ = rosterCli(roster);
  const second = await roster_('token', 'create', account.accountId, '--json');
  const file = JSON.parse((second as { stdout: string }).stdout) as { baseUrl: string; token: string };
  for (const bearer of [account.token, file.token])
    expect((await new ScimClient(file.baseUrl, bearer).get('/Users?count=1')).status).toBe(200);

  const third = await roster_('token', 'create', account.accountId, '--json');
  expect(third).toMatchObject({ code: 1, stderr: expect.stringContaining('already has 2 active tokens') });

  await roster_('token', 'revoke', account.accountId, parseScimToken(account.token)?.tokenId ?? '');
  const replacement = await roster_('token', 'create', account.accountId, '--json');
  const { token } = JSON.parse((replacement as { stdout: string }).stdout) as { token: string };
  expect((await new ScimClient(file.baseUrl, token).get('/Users?count=1')).status).toBe(200);
});

it('lets only one of several concurrent generations take the last free slot', async () => {
  const account = await roster.createAccount(); // one slot taken, one free
  const outcomes = await Promise.all(
    Array.from({ length: 5 }, () => {
      const issued = issueScimToken(PEPPER);
      return roster.store.tokens.insert({
        tokenId: issued.tokenId,
        accountId: account.accountId,
        secretHash: issued.secretHash,
      });
    }),
  );
  expect(outcomes.filter((outcome) => outcome.kind === 'inserted')).toHaveLength(1);
  expect(outcomes.filter((outcome) => outcome.kind === 'limitReached')).toHaveLength(4);
});

it('records when a token was last used, and refuses it once it has expired', async () => {
  const account = await roster.createAccount();
  const tokenId = parseScimToken(account.token)?.tokenId ?? '';
  const raw = roster.store.tokens;
  expect((await account.client.get('/Users?count=1')).status).toBe(200);
  await waitFor(async () => (await lastUsedAt(tokenId)) !== null, 2_000, 'lastUsedAt recorded');

  const expiring = issueScimToken(PEPPER);
  await raw.insert({
    tokenId: expiring.tokenId,
    accountId: account.accountId,
    secretHash: expiring.secretHash,
    expiresAt: new Date(Date.now() - 1_000),
  });
  expect((await new ScimClient(account.baseUrl, expiring.token).get('/Users?count=1')).status).toBe(401);
});

/** The token document's lastUsedAt, read from the store as an admin listing would. */
async function lastUsedAt(tokenId: string): Promise<Date | null> {
  const connection = await mongoose.createConnection(roster.mongoUrl).asPromise();
  try {
    const doc = await connection
      .collection<{ _id: string; lastUsedAt: Date | null }>('scim_tokens')
      .findOne({ _id: tokenId });
    return doc?.lastUsedAt ?? null;
  } finally {
    await connection.close();
  }
}

it('stops a token revoked in the admin API, and every token of a disabled account, on a second ingress within a second', async () => {
  const account = await roster.createAccount();
  const owner = await admin.createAdmin(account.accountId, 'owner');
  const operator = await admin.createAdmin(null, 'operator');
  const generated = await admin.api(owner, 'POST', `/accounts/${account.accountId}/scim-tokens`, {});
  const onSecond = (token: string) => new ScimClient(`${otherOrigin}/scim/v2/${account.accountId}`, token);
  for (const token of [account.token, generated.body.token as string])
    expect((await onSecond(token).get('/Users?count=1')).status).toBe(200);

  const revoked = await admin.api(
    owner,
    'DELETE',
    `/accounts/${account.accountId}/scim-tokens/${generated.body.tokenId}`,
  );
  expect(revoked.body).toEqual({ tokenId: generated.body.tokenId, announced: true });
  await waitFor(
    async () => (await onSecond(generated.body.token).get('/Users?count=1')).status === 401,
    1_000,
    'revoked token refused',
  );
  expect((await onSecond(account.token).get('/Users?count=1')).status).toBe(200);

  expect((await admin.api(operator, 'POST', `/accounts/${account.accountId}/disable`)).status).toBe(200);
  await waitFor(
    async () => (await onSecond(account.token).get('/Users?count=1')).status === 401,
    1_000,
    'disabled account refused',
  );
});
