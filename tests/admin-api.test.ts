import { issueScimToken } from '@roster/store';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, TEST_PASSWORD, type AdminUnderTest, type TestAdmin } from './support/admin.ts';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from './support/entra-payloads.ts';
import { rawDocuments } from './support/raw-store.ts';
import { PEPPER, startRoster, uniqueName, type RosterUnderTest, type TestAccount } from './support/roster.ts';
import { ScimClient } from './support/scim-client.ts';

/**
 * Every admin API route, asked by every kind of principal: each role's allowed actions pass,
 * its denied ones are 403 naming the permission, another account's admin gets nothing, and every
 * denial is logged without a secret.
 */
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line !== ''),
    );
    done();
  },
});

let roster: RosterUnderTest;
let admin: AdminUnderTest;
let a: TestAccount;
let b: TestAccount;
let people: Record<'owner' | 'super_admin' | 'user_admin' | 'member' | 'operator' | 'otherOwner', TestAdmin>;
let userId: string;
let groupId: string;
let otherUserId: string;

beforeAll(async () => {
  roster = await startRoster();
  admin = await startAdmin(roster, { logger: pino({ level: 'info' }, logSink) });
  a = roster.account;
  b = await roster.createAccount();
  people = {
    owner: await admin.createAdmin(a.accountId, 'owner'),
    super_admin: await admin.createAdmin(a.accountId, 'super_admin'),
    user_admin: await admin.createAdmin(a.accountId, 'user_admin'),
    member: await admin.createAdmin(a.accountId, 'member'),
    operator: await admin.createAdmin(null, 'operator'),
    otherOwner: await admin.createAdmin(b.accountId, 'owner'),
  };
  const user = await a.client.post('/Users', {
    schemas: [USER_SCHEMA],
    userName: `${uniqueName('u')}@a.test`,
  });
  userId = (user.body as { id: string }).id;
  const group = await a.client.post('/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName: uniqueName('g'),
    members: [{ value: userId }],
  });
  groupId = (group.body as { id: string }).id;
  const other = await b.client.post('/Users', {
    schemas: [USER_SCHEMA],
    userName: `${uniqueName('u')}@b.test`,
  });
  otherUserId = (other.body as { id: string }).id;
}, 60_000);
afterAll(async () => {
  await admin.stop();
  await roster.stop();
});

type Who = keyof typeof people;
interface RouteCase {
  name: string;
  /** The permission a denial names (the first one the principal lacks). */
  permission: string | readonly string[];
  allowed: Who[];
  /** What an allowed call answers, when not a 2xx. */
  allowedStatus?: number;
  call: (who: TestAdmin) => Promise<{ status: number; body: any }>;
}

const ACCOUNT_ADMINS: Who[] = ['owner', 'super_admin', 'user_admin'];
const id = () => uniqueName('x');

const cases = (): RouteCase[] => {
  const A = a.accountId;
  return [
    {
      name: 'GET /accounts',
      permission: 'accounts:manage',
      allowed: ['operator'],
      call: (w) => admin.api(w, 'GET', '/accounts'),
    },
    {
      name: 'POST /accounts',
      permission: 'accounts:manage',
      allowed: ['operator'],
      call: (w) => admin.api(w, 'POST', '/accounts', { accountId: id() }),
    },
    {
      name: 'POST /accounts/:id/enable',
      permission: 'accounts:manage',
      allowed: ['operator'],
      call: (w) => admin.api(w, 'POST', `/accounts/${A}/enable`),
    },
    {
      name: 'GET /accounts/:id',
      permission: 'account:read',
      allowed: [...ACCOUNT_ADMINS, 'member', 'operator'],
      call: (w) => admin.api(w, 'GET', `/accounts/${A}`),
    },
    {
      name: 'GET admins',
      permission: 'admins:read',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/admins`),
    },
    {
      name: 'POST admins (user_admin)',
      permission: 'admins:manage',
      allowed: ['owner', 'super_admin', 'operator'],
      call: (w) =>
        admin.api(w, 'POST', `/accounts/${A}/admins`, {
          email: `${id()}@a.test`,
          displayName: 'New',
          role: 'user_admin',
        }),
    },
    {
      name: 'POST admins (owner)',
      permission: ['admins:manage', 'owners:manage'],
      allowed: ['owner', 'operator'],
      call: (w) =>
        admin.api(w, 'POST', `/accounts/${A}/admins`, {
          email: `${id()}@a.test`,
          displayName: 'New owner',
          role: 'owner',
        }),
    },
    {
      name: 'PATCH admin role',
      permission: 'admins:manage',
      allowed: ['owner', 'super_admin', 'operator'],
      call: async (w) => {
        const target = await admin.createAdmin(A, 'member');
        return admin.api(w, 'PATCH', `/accounts/${A}/admins/${target.adminId}`, { role: 'user_admin' });
      },
    },
    {
      name: 'DELETE admin',
      permission: 'admins:manage',
      allowed: ['owner', 'super_admin', 'operator'],
      call: async (w) => {
        const target = await admin.createAdmin(A, 'member');
        return admin.api(w, 'DELETE', `/accounts/${A}/admins/${target.adminId}`);
      },
    },
    {
      name: 'GET scim-tokens',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/scim-tokens`),
    },
    {
      name: 'POST + DELETE scim-tokens',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: async (w) => {
        const made = await admin.api(w, 'POST', `/accounts/${A}/scim-tokens`, {});
        if (made.status !== 201) return made;
        return admin.api(w, 'DELETE', `/accounts/${A}/scim-tokens/${made.body.tokenId}`);
      },
    },
    {
      name: 'DELETE scim-token (unknown)',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      allowedStatus: 404,
      call: (w) => admin.api(w, 'DELETE', `/accounts/${A}/scim-tokens/abcdefghijklmnop`),
    },
    {
      name: 'GET fields',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/fields`),
    },
    {
      name: 'POST + PUT + DELETE field',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: async (w) => {
        const fieldId = `f${id()}`;
        const made = await admin.api(w, 'POST', `/accounts/${A}/fields`, { id: fieldId, type: 'String' });
        if (made.status !== 201) return made;
        const changed = await admin.api(w, 'PUT', `/accounts/${A}/fields/${fieldId}`, {
          type: 'Number',
          label: 'Changed',
        });
        if (changed.status !== 200) return changed;
        return admin.api(w, 'DELETE', `/accounts/${A}/fields/${fieldId}`);
      },
    },
    {
      name: 'PUT mapping',
      permission: 'scim:configure',
      allowed: [...ACCOUNT_ADMINS, 'operator'],
      call: (w) =>
        admin.api(w, 'PUT', `/accounts/${A}/mappings/dept`, { sources: ['$.enterprise.department'] }),
    },
    {
      name: 'GET users',
      permission: 'directory:read',
      allowed: ACCOUNT_ADMINS,
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/users`),
    },
    {
      name: 'GET user',
      permission: 'directory:read',
      allowed: ACCOUNT_ADMINS,
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/users/${userId}`),
    },
    {
      name: 'GET groups',
      permission: 'directory:read',
      allowed: ACCOUNT_ADMINS,
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/groups`),
    },
    {
      name: 'GET group members',
      permission: 'directory:read',
      allowed: ACCOUNT_ADMINS,
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/groups/${groupId}/members`),
    },
    {
      name: 'GET provisioning-log',
      permission: 'log:read',
      allowed: ACCOUNT_ADMINS,
      call: (w) => admin.api(w, 'GET', `/accounts/${A}/provisioning-log`),
    },
  ];
};

describe('each role on every admin route', () => {
  it('allows what the role grants and answers 403 naming the permission otherwise; another account’s owner gets 403 everywhere', async () => {
    const failures: string[] = [];
    for (const route of cases()) {
      for (const who of Object.keys(people) as Who[]) {
        const answer = await route.call(people[who]);
        const allowed = route.allowed.includes(who);
        const named = [route.permission].flat();
        const ok = allowed
          ? route.allowedStatus === undefined
            ? answer.status >= 200 && answer.status < 300
            : answer.status === route.allowedStatus
          : answer.status === 403 &&
            named.some((permission) => String(answer.body?.detail).includes(`"${permission}"`));
        if (!ok) failures.push(`${route.name} as ${who}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('logs every denial with admin, account, action and reason, never a credential', async () => {
    await admin.api(people.member, 'GET', `/accounts/${a.accountId}/users`);
    const denial = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find(
        (line) =>
          line.msg === 'admin action denied' &&
          line.adminId === people.member.adminId &&
          line.action === 'directory:read',
      );
    expect(denial).toMatchObject({ accountId: a.accountId, reason: 'missingPermission' });
    const all = logLines.join('\n');
    for (const who of Object.values(people)) {
      expect(all).not.toContain(who.apiKey.slice(-43));
      expect(all).not.toContain(who.password);
    }
  });

  it('answers 401 without a key and with a wrong one', async () => {
    expect((await admin.api(null, 'GET', '/me')).status).toBe(401);
    const forged = { ...people.owner, apiKey: `${people.owner.apiKey.slice(0, -4)}AAAA` };
    expect((await admin.api(forged, 'GET', '/me')).status).toBe(401);
  });
});

describe('cross-account ids', () => {
  it('never finds another account’s user, group, token or admin under this account’s URL', async () => {
    const owner = people.owner;
    const A = a.accountId;
    const bToken = (await admin.api(people.otherOwner, 'GET', `/accounts/${b.accountId}/scim-tokens`)).body
      .tokens[0].tokenId as string;
    expect((await admin.api(owner, 'GET', `/accounts/${A}/users/${otherUserId}`)).status).toBe(404);
    expect((await admin.api(owner, 'GET', `/accounts/${A}/groups/${otherUserId}/members`)).status).toBe(404);
    expect((await admin.api(owner, 'DELETE', `/accounts/${A}/scim-tokens/${bToken}`)).status).toBe(404);
    expect(
      (
        await admin.api(owner, 'PATCH', `/accounts/${A}/admins/${people.otherOwner.adminId}`, {
          role: 'member',
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin.api(owner, 'DELETE', `/accounts/${A}/admins/${people.otherOwner.adminId}`)).status,
    ).toBe(404);
    // B's token still works: nothing above touched it.
    expect((await b.client.get('/Users?count=1')).status).toBe(200);
  });
});

describe('owners', () => {
  it('only an owner makes owners, and the last owner can be neither demoted nor removed', async () => {
    const account = await roster.createAccount();
    const first = await admin.createAdmin(account.accountId, 'owner');
    const superAdmin = await admin.createAdmin(account.accountId, 'super_admin');
    const path = `/accounts/${account.accountId}/admins`;
    expect(
      (await admin.api(superAdmin, 'PATCH', `${path}/${superAdmin.adminId}`, { role: 'owner' })).status,
    ).toBe(403);
    expect((await admin.api(superAdmin, 'DELETE', `${path}/${first.adminId}`)).status).toBe(403);
    expect((await admin.api(first, 'PATCH', `${path}/${first.adminId}`, { role: 'member' })).status).toBe(
      409,
    );
    expect((await admin.api(first, 'DELETE', `${path}/${first.adminId}`)).status).toBe(409);
    // With a second owner, either may go, but not both.
    expect((await admin.api(first, 'PATCH', `${path}/${superAdmin.adminId}`, { role: 'owner' })).status).toBe(
      200,
    );
    const both = await Promise.all([
      admin.api(first, 'PATCH', `${path}/${superAdmin.adminId}`, { role: 'member' }),
      admin.api(superAdmin, 'PATCH', `${path}/${first.adminId}`, { role: 'member' }),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const owners = (await admin.api(people.operator, 'GET', path)).body.admins.filter(
      (x: { role: string }) => x.role === 'owner',
    );
    expect(owners).toHaveLength(1);
  });
});

describe('SCIM tokens through the admin API', () => {
  it('shows a token once, lists it without its secret, allows two active tokens and refuses a third', async () => {
    const account = await roster.createAccount();
    const owner = await admin.createAdmin(account.accountId, 'owner');
    const path = `/accounts/${account.accountId}/scim-tokens`;
    // The harness's account already holds one token: one more fits.
    const made = await admin.api(owner, 'POST', path, { expiresInDays: 30 });
    expect(made.status).toBe(201);
    expect(made.body.file).toEqual({
      baseUrl: `${roster.origin}/scim/v2/${account.accountId}`,
      token: made.body.token,
    });
    const client = new ScimClient(made.body.file.baseUrl, made.body.file.token);
    expect((await client.get('/Users?count=1')).status).toBe(200);
    expect((await account.client.get('/Users?count=1')).status).toBe(200);
    const third = await admin.api(owner, 'POST', path, {});
    expect(third.status).toBe(409);
    expect(third.body.detail).toContain('already has 2 active tokens');
    const listed = await admin.api(owner, 'GET', path);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token.slice(-43));
    expect(
      listed.body.tokens.find((t: { tokenId: string }) => t.tokenId === made.body.tokenId),
    ).toMatchObject({
      createdBy: owner.adminId,
      revokedAt: null,
      expiresAt: expect.any(String),
    });
    // Nothing in the store holds the clear secret.
    const stored = JSON.stringify(await rawDocuments(roster.mongoUrl, 'scim_tokens'));
    expect(stored).toContain(made.body.tokenId);
    expect(stored).not.toContain(made.body.token.slice(-43));
    // The change is in the service log with who made it, and the log never holds the token.
    const changes = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(changes).toContainEqual(
      expect.objectContaining({
        msg: 'admin change',
        change: 'scimToken.generate',
        adminId: owner.adminId,
        tokenId: made.body.tokenId,
      }),
    );
    expect(logLines.join('\n')).not.toContain(made.body.token.slice(-43));
    // Revoked: refused at once on this ingress.
    expect((await admin.api(owner, 'DELETE', `${path}/${made.body.tokenId}`)).body).toEqual({
      tokenId: made.body.tokenId,
      announced: true,
    });
    await expect
      .poll(async () => (await client.get('/Users?count=1')).status, { timeout: 1_000, interval: 50 })
      .toBe(401);
  });

  it('a disabled account’s tokens stop at once and work again when it is enabled; its data stays', async () => {
    const account = await roster.createAccount();
    const created = await account.client.post('/Users', {
      schemas: [USER_SCHEMA],
      userName: `${uniqueName('u')}@d.test`,
    });
    expect(created.status).toBe(201);
    expect(
      (await admin.api(people.operator, 'POST', `/accounts/${account.accountId}/disable`)).body,
    ).toMatchObject({ disabledAt: expect.any(String), announced: true });
    await expect
      .poll(async () => (await account.client.get('/Users?count=1')).status, { timeout: 1_000, interval: 50 })
      .toBe(401);
    expect(
      (await admin.api(people.operator, 'POST', `/accounts/${account.accountId}/scim-tokens`, {})).status,
    ).toBe(409);
    await admin.api(people.operator, 'POST', `/accounts/${account.accountId}/enable`);
    await expect
      .poll(async () => (await account.client.get('/Users?count=1')).status, { timeout: 3_000, interval: 50 })
      .toBe(200);
    expect((await account.client.get(`/Users/${(created.body as { id: string }).id}`)).status).toBe(200);
  });
});

describe('console sessions', () => {
  it('signs in with a password into an HttpOnly, SameSite=Lax cookie; changes need the CSRF token', async () => {
    const signIn = await fetch(`${admin.origin}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: people.owner.email, password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(201);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^roster_session=rss_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http origin in tests
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const cookie = setCookie.split(';')[0] ?? '';
    const fieldPath = `${admin.origin}/api/v1/accounts/${a.accountId}/fields`;
    const body = JSON.stringify({ id: `c${uniqueName('f')}`, type: 'String' });
    const withoutCsrf = await fetch(fieldPath, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body,
    });
    expect(withoutCsrf.status).toBe(403);
    const withCsrf = await fetch(fieldPath, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body,
    });
    expect(withCsrf.status).toBe(201);
    // Signed out: the cookie no longer works.
    await fetch(`${admin.origin}/api/v1/session`, { method: 'DELETE', headers: { cookie } });
    expect((await fetch(`${admin.origin}/api/v1/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a wrong password, and stores no password or session in clear text', async () => {
    const wrong = await fetch(`${admin.origin}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: people.owner.email, password: 'not the password' }),
    });
    expect(wrong.status).toBe(401);
    const stored = await roster.store.admins.byEmail(people.owner.email);
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain(TEST_PASSWORD);
  });
});

describe('sign-in throttling', () => {
  const signIn = (email: string, password: string) =>
    fetch(`${admin.origin}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('refuses an email after 10 failed sign-ins, even with its right password, with Retry-After; other emails are not affected', async () => {
    const target = await admin.createAdmin(a.accountId, 'user_admin');
    for (let attempt = 0; attempt < 10; attempt++)
      expect((await signIn(target.email.toUpperCase(), `wrong ${attempt}`)).status).toBe(401);
    const refused = await signIn(target.email, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await signIn(people.super_admin.email, TEST_PASSWORD)).status).toBe(201);
    // Unknown emails are counted too, so guessing which exist gains nothing.
    const nobody = `${uniqueName('nobody')}@a.test`;
    for (let attempt = 0; attempt < 10; attempt++) expect((await signIn(nobody, 'x')).status).toBe(401);
    expect((await signIn(nobody, 'x')).status).toBe(429);
  }, 60_000);
});

describe('sign-in throttling under parallel attempts', () => {
  it('counts attempts sent at once: 20 parallel wrong passwords, at most 10 are even checked', async () => {
    const target = await admin.createAdmin(a.accountId, 'member');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        fetch(`${admin.origin}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: target.email, password: `parallel ${n}` }),
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  }, 60_000);
});

describe('expired SCIM tokens', () => {
  it('free their slot: an account whose second token expired can generate a new one', async () => {
    const account = await roster.createAccount(); // one active token
    const owner = await admin.createAdmin(account.accountId, 'owner');
    const expired = issueScimToken(PEPPER);
    await roster.store.tokens.insert({
      tokenId: expired.tokenId,
      accountId: account.accountId,
      secretHash: expired.secretHash,
      expiresAt: new Date(Date.now() - 1_000),
    });
    const made = await admin.api(owner, 'POST', `/accounts/${account.accountId}/scim-tokens`, {});
    expect(made.status).toBe(201);
  });
});

describe('provisioning log through the admin API', () => {
  it('records a create, a rejected PATCH and a delete with their outcomes, newest first, without secrets', async () => {
    const userName = `${uniqueName('logged')}@a.test`;
    const created = await a.client.post('/Users', {
      schemas: [USER_SCHEMA],
      userName,
      password: 'Sup3r-secret-pa55word!',
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const rejected = await a.client.patch(`/Users/${id}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'replace', path: 'nonsense[[', value: 'x' }],
    });
    expect(rejected.status).toBe(400);
    expect((await a.client.delete(`/Users/${id}`)).status).toBe(204);

    const path = `/accounts/${a.accountId}/provisioning-log?resourceId=${id}`;
    await expect
      .poll(
        async () => ((await admin.api(people.user_admin, 'GET', path)).body?.entries ?? []).length as number,
        {
          timeout: 5_000,
        },
      )
      .toBe(3);
    const { entries } = (await admin.api(people.user_admin, 'GET', path)).body as {
      entries: {
        id: string;
        operation: string;
        outcome: string;
        status: number;
        scimType?: string;
        tokenId?: string;
      }[];
    };
    expect(entries.map((e) => [e.operation, e.outcome, e.status])).toEqual([
      ['delete', 'applied', 204],
      ['patch', 'rejected', 400],
      ['create', 'applied', 201],
    ]);
    expect(entries[1]?.scimType).toBe('invalidPath');
    expect(entries[2]?.tokenId).toBe(a.token.split('_')[1]);
    const byUserName = await admin.api(
      people.owner,
      'GET',
      `/accounts/${a.accountId}/provisioning-log?userName=${encodeURIComponent(userName.toUpperCase())}&outcome=applied`,
    );
    expect(byUserName.body.entries.map((e: { operation: string }) => e.operation)).toContain('create');
    const one = await admin.api(
      people.owner,
      'GET',
      `/accounts/${a.accountId}/provisioning-log/${entries[2]?.id}`,
    );
    expect(one.body).toMatchObject({ operation: 'create', outcome: 'applied', resourceId: id });
    const everything = JSON.stringify(entries);
    expect(everything).not.toContain(a.token.slice(-43));
    expect(everything).not.toContain('Sup3r-secret-pa55word!');
    // Another account's admin reads none of it, whatever the entry id.
    expect((await admin.api(people.otherOwner, 'GET', path)).status).toBe(403);
    expect(
      (
        await admin.api(
          people.otherOwner,
          'GET',
          `/accounts/${b.accountId}/provisioning-log/${entries[2]?.id}`,
        )
      ).status,
    ).toBe(404);
  });
});
