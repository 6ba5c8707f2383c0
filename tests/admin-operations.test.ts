import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, WRITE_QUEUE } from '@roster/jobs';
import { rosterCli } from './support/roster-cli.ts';
import { startAdmin, type AdminUnderTest, type TestAdmin } from './support/admin.ts';
import { rawDocuments } from './support/raw-store.ts';
import { startRoster, uniqueName, type RosterUnderTest } from './support/roster.ts';

/**
 * The operator's side of the admin service: the queue dashboard (operators only), the admin
 * process's /metrics, and the CLI that creates the first owner and API keys.
 */

let roster: RosterUnderTest;
let admin: AdminUnderTest;
let operator: TestAdmin;
let owner: TestAdmin;

beforeAll(async () => {
  roster = await startRoster();
  admin = await startAdmin(roster);
  operator = await admin.createAdmin(null, 'operator');
  owner = await admin.createAdmin(roster.account.accountId, 'owner');
}, 60_000);
afterAll(async () => {
  await admin.stop();
  await roster.stop();
});

const dashboard = (who: TestAdmin | null, path: string, method = 'GET') =>
  fetch(`${admin.origin}/queues${path}`, {
    method,
    redirect: 'manual',
    headers: who === null ? {} : { authorization: `Bearer ${who.apiKey}` },
  });

describe('queue dashboard', () => {
  it('is for operators: others are refused, anonymous visitors sent to sign in', async () => {
    expect((await dashboard(operator, '/')).status).toBe(200);
    expect((await dashboard(owner, '/')).status).toBe(403);
    const anonymous = await dashboard(null, '/');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/console/sign-in');
    expect((await dashboard(owner, '/api/queues')).status).toBe(403);
  });

  it('shows a failed job with its error and retries and removes it', async () => {
    // A payload no worker accepts fails permanently, with the reason.
    const connection = createRedisConnection(roster.redisUrl, 'producer');
    const queue = new Queue(WRITE_QUEUE, { connection, prefix: roster.prefix });
    const events = new QueueEvents(WRITE_QUEUE, {
      connection: createRedisConnection(roster.redisUrl, 'consumer'),
      prefix: roster.prefix,
    });
    await events.waitUntilReady();
    const jobId = uniqueName('broken');
    const failed = new Promise<void>((resolve) => {
      events.on('failed', ({ jobId: id }) => {
        if (id === jobId) resolve();
      });
    });
    await queue.add('write', { type: 'nonsense' }, { jobId, attempts: 1 });
    await failed;

    const listing = await dashboard(
      operator,
      `/api/queues?activeQueue=${WRITE_QUEUE}&status=failed&page=1&jobsPerPage=50`,
    );
    expect(listing.status).toBe(200);
    const body = (await listing.json()) as {
      queues: {
        name: string;
        counts: Record<string, number>;
        jobs: { id: string; failedReason: string }[];
      }[];
    };
    const writes = body.queues.find((q) => q.name === WRITE_QUEUE);
    expect(writes?.counts.failed).toBeGreaterThanOrEqual(1);
    expect(writes?.jobs.find((job) => job.id === jobId)?.failedReason).toMatch(/./);

    expect(
      (await dashboard(operator, `/api/queues/${WRITE_QUEUE}/${jobId}/retry`, 'PUT')).status,
    ).toBeLessThan(300);
    await expect
      .poll(async () => (await queue.getJob(jobId))?.attemptsMade ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    await expect.poll(async () => queue.getJobState(jobId), { timeout: 10_000 }).toBe('failed');
    expect(
      (await dashboard(operator, `/api/queues/${WRITE_QUEUE}/${jobId}/clean`, 'PUT')).status,
    ).toBeLessThan(300);
    await expect.poll(async () => queue.getJob(jobId), { timeout: 5_000 }).toBeUndefined();
    await events.close();
    await queue.close();
    connection.disconnect();
  });
});

describe('admin metrics', () => {
  it('serves Prometheus metrics with route templates, never ids', async () => {
    await admin.api(owner, 'GET', `/accounts/${roster.account.accountId}/fields`);
    const scrape = await (await fetch(`${admin.origin}/metrics`)).text();
    expect(scrape).toMatch(
      /roster_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/accounts\/:accountId\/:collection"[^}]*status_code="200"/,
    );
    expect(scrape).not.toContain(roster.account.accountId);
  });
});

describe("an account's own request rate", () => {
  it('is set by an operator, limits the account on the next request, and is reset with the CLI', async () => {
    const account = await roster.createAccount();
    const other = await roster.createAccount();
    const burst = () => Promise.all(Array.from({ length: 8 }, () => account.client.get('/Users?count=1')));
    expect((await burst()).every((answer) => answer.status === 200)).toBe(true); // trust is now cached

    expect(
      (await admin.api(owner, 'PUT', `/accounts/${account.accountId}/rate-limit`, { perSecond: 1, burst: 2 }))
        .status,
    ).toBe(403);
    expect(
      (
        await admin.api(operator, 'PUT', `/accounts/${account.accountId}/rate-limit`, {
          perSecond: 5,
          burst: 1,
        })
      ).status,
    ).toBe(400);
    const set = await admin.api(operator, 'PUT', `/accounts/${account.accountId}/rate-limit`, {
      perSecond: 1,
      burst: 2,
    });
    expect(set.body).toMatchObject({ rateLimit: { perSecond: 1, burst: 2 }, announced: true });
    const limited = await burst();
    expect(limited.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(5);
    // Another account is not touched.
    expect(
      (await Promise.all(Array.from({ length: 8 }, () => other.client.get('/Users?count=1')))).every(
        (a) => a.status === 200,
      ),
    ).toBe(true);

    const reset = await rosterCli(roster, { ADMIN_PUBLIC_URL: admin.origin })(
      'account',
      'rate-limit',
      account.accountId,
      'default',
    );
    expect(reset.stdout).toContain("the deployment's rate");
    expect((await admin.api(operator, 'GET', `/accounts/${account.accountId}`)).body.rateLimit).toBeNull();
    await expect
      .poll(async () => (await account.client.get('/Users?count=1')).status, { timeout: 5_000 })
      .toBe(200);
    expect((await burst()).every((answer) => answer.status === 200)).toBe(true);
  });
});

describe('roster CLI for admins', () => {
  const cli = (...args: string[]) => rosterCli(roster, { ADMIN_PUBLIC_URL: admin.origin })(...args);

  it('adds a first owner with a one-time sign-in link, and makes an API key for them', async () => {
    const account = await roster.createAccount();
    const email = `${uniqueName('first')}@example.test`;
    const added = await cli(
      'admin',
      'add',
      account.accountId,
      email,
      '--role',
      'owner',
      '--name',
      'First Owner',
    );
    expect(added.stdout).toContain(`as owner of account ${account.accountId}`);
    const link = /(http\S+\/console\/sign-in\/link\?code=rsl_\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(link).not.toBe('');
    // The link opens a confirmation page (so a mail scanner fetching it uses nothing up); its form signs in.
    const useLink = async (): Promise<Response> => {
      const page = await fetch(link, { redirect: 'manual' });
      expect(page.status).toBe(200);
      const formCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      return fetch(`${admin.origin}/console/sign-in/link`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: csrf,
          code: new URL(link).searchParams.get('code') ?? '',
        }).toString(),
      });
    };
    const first = await useLink();
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/roster_session=rss_/);
    // A link works once.
    const second = await useLink();
    expect(second.status).toBe(401);
    expect(second.headers.get('set-cookie') ?? '').not.toMatch(/roster_session=rss_/);

    // A new link, from the same operation the console calls, at the console's origin.
    expect((await cli('admin', 'link', email)).stdout).toContain(
      `${admin.origin}/console/sign-in/link?code=rsl_`,
    );

    const key = /(rak_\S+)/.exec((await cli('apikey', 'create', email)).stdout)?.[1] ?? '';
    const me = await fetch(`${admin.origin}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({
      kind: 'admin',
      accountId: account.accountId,
      role: 'owner',
      email,
    });
    // The store holds neither the link's nor the key's secret.
    expect(key).toMatch(/^rak_/);
    const stored = JSON.stringify(await rawDocuments(roster.mongoUrl, 'admin_credentials'));
    expect(stored).toContain(account.accountId);
    expect(stored).not.toContain(key.slice(-43));
    expect(stored).not.toContain(link.slice(-43));
  });

  it('adds an operator, and refuses a second admin with the same email', async () => {
    const email = `${uniqueName('ops')}@vendor.test`;
    expect((await cli('operator', 'add', email)).stdout).toContain(`Added operator ${email}`);
    expect((await cli('admin', 'link', email)).stdout).toContain(
      `${admin.origin}/console/sign-in/link?code=rsl_`,
    );
    expect((await cli('admin', 'add', roster.account.accountId, email.toUpperCase())).stderr).toContain(
      'already exists',
    );
  });
});

describe('console errors', () => {
  const postSignIn = (body: URLSearchParams, cookie: string) =>
    fetch(`${admin.origin}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });

  it('answers a client mistake with its own status and page, never a 500', async () => {
    // Too many form fields: body-parser refuses them before any page runs.
    const many = new URLSearchParams(Array.from({ length: 150 }, (_, i): [string, string] => [`f${i}`, 'x']));
    const tooMany = await postSignIn(many, '');
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('That did not work');
    // As long as the sign-in cookie's token in characters, one byte longer: refused, not thrown.
    const token = 'a'.repeat(43);
    const nonAscii = await postSignIn(
      new URLSearchParams({ _csrf: `${'a'.repeat(42)}é`, email: 'x@example.test', password: 'x' }),
      `roster_signin=${token}`,
    );
    expect(nonAscii.status).toBe(403);
    expect(await nonAscii.text()).toContain('The sign-in form expired');
  });
});
