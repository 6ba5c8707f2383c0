import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type AdminUnderTest, type TestAdmin } from './support/admin.ts';
import { CUSTOM_NAMESPACE, uniqueName, type RosterUnderTest, type TestAccount } from './support/roster.ts';
import { ScimClient } from './support/scim-client.ts';
import {
  focusedOutline,
  follow,
  inspect,
  reloadUntil,
  signIn,
  useConsoleStack,
  text,
  texts,
} from './support/console-browser.ts';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from './support/entra-payloads.ts';

/**
 * The web console in a real browser (Debian's chromium, headless), over the real admin service,
 * ingress, worker, Redis and store: sign in, configure SCIM, provision through the downloaded
 * token, and find the result in Users, Groups and the provisioning log; then check that a
 * user_admin of one account gets nothing of another's. Every page is screenshotted.
 */

let roster: RosterUnderTest;
let admin: AdminUnderTest;
let browser: Browser;
let acme: TestAccount;
let other: TestAccount;

useConsoleStack((stack) => {
  ({ roster, admin, browser, acme, other } = stack);
});

describe('web console', () => {
  const userName = `${uniqueName('ada')}@acme.example`;
  let owner: TestAdmin;
  let context: BrowserContext;
  let page: Page;
  let scim: ScimClient;
  let tokenId: string;
  let userId: string;

  it('signs in with a password: HttpOnly, SameSite=Lax session cookie, visible keyboard focus', async () => {
    owner = await admin.createAdmin(acme.accountId, 'owner');
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 800 } });
    const signInPage = await context.newPage();
    await signInPage.goto(`${admin.origin}/console/accounts/${acme.accountId}/fields`);
    expect(new URL(signInPage.url()).pathname).toBe('/console/sign-in');
    await inspect(signInPage, 'sign-in');

    // The skip link, then the email field, each with a visible focus outline.
    await signInPage.keyboard.press('Tab');
    expect(await focusedOutline(signInPage)).toMatchObject({ tag: 'A', style: 'solid' });
    await signInPage.keyboard.press('Tab');
    await signInPage.keyboard.press('Tab');
    const focused = await focusedOutline(signInPage);
    expect(focused).toMatchObject({ tag: 'INPUT', name: 'email', style: 'solid' });
    expect(focused.width).toBeGreaterThanOrEqual(2);

    await signInPage.getByLabel('Email').fill(owner.email);
    await signInPage.getByLabel('Password').fill('not the password');
    await follow(signInPage, signInPage.getByRole('button', { name: 'Sign in' }));
    expect(await text(signInPage.getByRole('alert'))).toContain('not right');
    await inspect(signInPage, 'sign-in-refused');
    await signInPage.getByLabel('Password').fill(TEST_PASSWORD);
    await follow(signInPage, signInPage.getByRole('button', { name: 'Sign in' }));
    // Back where the visitor was going.
    await signInPage.waitForURL(`**/console/accounts/${acme.accountId}/fields`);
    page = signInPage;

    const session = (await context.cookies()).find((cookie) => cookie.name === 'roster_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  });

  it('adds custom fields on the Fields page', async () => {
    const addField = async (id: string, label: string, type: string) => {
      await page.getByLabel('Field id (SCIM attribute name)').fill(id);
      await page.getByLabel('Label', { exact: true }).fill(label);
      await page.getByLabel('Type', { exact: true }).selectOption(type);
      await follow(page, page.getByRole('button', { name: 'Add field' }));
      expect(await text(page.getByRole('status').first())).toContain('Field added');
    };
    await addField('costCenter', 'Cost center', 'String');
    await addField('contractor', 'Contractor', 'Boolean');
    // A refused field keeps what was typed and says why.
    await page.getByLabel('Field id (SCIM attribute name)').fill('tier');
    await page.getByLabel('Type', { exact: true }).selectOption('Dropdown');
    await follow(page, page.getByRole('button', { name: 'Add field' }));
    expect(await text(page.getByRole('alert'))).toContain('at least one option');
    expect(await page.getByLabel('Field id (SCIM attribute name)').inputValue()).toBe('tier');
    await page.getByLabel('Options (Dropdown: one per line)').fill('Gold\nSilver');
    await follow(page, page.getByRole('button', { name: 'Add field' }));
    expect(await text(page.getByRole('status').first())).toContain('Field added');

    const rows = page.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    expect(await texts(rows)).toEqual([
      expect.stringContaining('Cost center'),
      expect.stringContaining('Contractor'),
      expect.stringContaining('Gold, Silver'),
    ]);
    await inspect(page, 'fields');

    await follow(page, page.getByRole('link', { name: 'Edit tier' }));
    await page.getByLabel('Label', { exact: true }).fill('Support tier');
    await follow(page, page.getByRole('button', { name: 'Save field' }));
    expect(await text(page.locator('table'))).toContain('Support tier');
    await follow(page, page.getByRole('link', { name: 'Edit tier' }));
    await inspect(page, 'field-edit');
  });

  it('shows the base URL and the Entra ID attribute names and types on Configure SCIM', async () => {
    await follow(page, page.getByRole('link', { name: 'Configure SCIM' }));
    expect(await page.getByLabel('SCIM base URL (Tenant URL)').inputValue()).toBe(acme.baseUrl);
    const urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
    const names = await texts(page.locator('table.entra-attributes .attribute-name'));
    const types = await texts(page.locator('table.entra-attributes .entra-type'));
    const entra = names.map((name, index) => [name, types[index]]);
    expect(entra).toEqual([
      [`${urn}:costCenter`, 'String'],
      [`${urn}:contractor`, 'Boolean'],
      [`${urn}:tier`, 'String'],
    ]);
    await inspect(page, 'scim');
  });

  it('generates a token shown once, downloads it as JSON and provisions with it', async () => {
    const answer = page.waitForResponse((response) => response.url().endsWith('/scim/tokens'));
    await follow(page, page.getByRole('button', { name: 'Generate token' }));
    // The one page with the clear token: no cache may keep it, no other site may frame it.
    const headers = (await answer).headers();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
    await page.waitForURL(`**/console/accounts/${acme.accountId}/scim/tokens`);
    const token = await page.getByLabel('Secret token').inputValue();
    expect(token).not.toBe('');
    await inspect(page, 'scim-token');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`roster-scim-${acme.accountId}.json`);
    const file = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      baseUrl: string;
      token: string;
    };
    expect(file).toEqual({ baseUrl: acme.baseUrl, token });

    // Never shown again.
    await page.goto(`${admin.origin}/console/accounts/${acme.accountId}/scim`);
    expect(await page.content()).not.toContain(token);
    tokenId = (await texts(page.locator('table tbody tr th code'))).find((id) => token.includes(id)) ?? '';
    expect(tokenId).not.toBe('');

    scim = new ScimClient(file.baseUrl, file.token);
    const urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
    const created = await scim.post('/Users', {
      schemas: [USER_SCHEMA],
      userName,
      displayName: 'Ada Lovelace',
      active: true,
      emails: [{ type: 'work', value: userName, primary: true }],
      [urn]: { costCenter: 'CC-42', contractor: true, tier: 'Gold' },
    });
    expect(created.status, created.text).toBe(201);
    userId = created.body.id;
    const rejected = await scim.patch(`/Users/${userId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'Replace', path: `${urn}:contractor`, value: 'maybe' }],
    });
    expect(rejected.status, rejected.text).toBe(400);
    const group = await scim.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Engineering',
      members: [{ value: userId }],
    });
    expect(group.status, group.text).toBe(201);
  });

  it('lists the provisioned user with its custom field values in Users', async () => {
    await follow(page, page.getByRole('link', { name: 'Users', exact: true }));
    await page.getByLabel('Search', { exact: true }).fill(userName);
    await follow(page, page.getByRole('button', { name: 'Search' }));
    const row = page.locator('table.users tbody tr', { hasText: userName });
    expect(await text(row.locator('td[data-field="costCenter"]'))).toBe('CC-42');
    expect(await text(row.locator('td[data-field="contractor"]'))).toBe('Yes');
    expect(await text(row.locator('td[data-field="tier"]'))).toBe('Gold');
    expect(await text(row)).toContain('Active');
    const headers = await texts(page.locator('table.users thead th'));
    expect(headers).toEqual(expect.arrayContaining(['Cost center', 'Contractor', 'Support tier']));
    await inspect(page, 'users');

    await page.getByLabel('State', { exact: true }).selectOption('false');
    await follow(page, page.getByRole('button', { name: 'Search' }));
    expect(await text(page.locator('table.users tbody'))).not.toContain(userName);

    await page.goto(`${admin.origin}/console/accounts/${acme.accountId}/users/${userId}`);
    expect(await text(page.locator('dd[data-field="costCenter"]'))).toBe('CC-42');
    await inspect(page, 'user');
  });

  it('shows groups with member counts and a group with its members', async () => {
    await follow(page, page.getByRole('link', { name: 'Groups', exact: true }));
    const row = page.locator('table tbody tr', { hasText: 'Engineering' });
    expect(await text(row.locator('td.number'))).toBe('1');
    await inspect(page, 'groups');
    await follow(page, row.getByRole('link', { name: 'Engineering' }));
    expect(await text(page.locator('table tbody'))).toContain(userName);
    await inspect(page, 'group');
  });

  it('shows the create and the rejected PATCH in the provisioning log, and one entry in detail', async () => {
    const log = `${admin.origin}/console/accounts/${acme.accountId}/log?userName=${encodeURIComponent(userName)}`;
    const rows = page.locator('table.log tbody tr');
    await reloadUntil(page, log, async () => {
      const shown = await texts(rows);
      return shown.some((row) => row.includes('Applied')) && shown.some((row) => row.includes('Rejected'));
    });
    const shown = await texts(rows);
    expect(shown.find((row) => row.includes('Rejected'))).toMatch(/PATCH User[\s\S]*400/);
    expect(shown.find((row) => row.includes('Applied'))).toMatch(/POST User[\s\S]*create/);
    await inspect(page, 'log');

    await page.getByLabel('Outcome', { exact: true }).selectOption('rejected');
    await follow(page, page.getByRole('button', { name: 'Filter' }));
    await expect(rows.count()).resolves.toBe(1);
    await follow(page, rows.first().getByRole('link'));
    expect(await text(page.locator('h1'))).toContain('Rejected');
    expect(await text(page.locator('dl.facts'))).toContain('HTTP 400');
    expect(await text(page.locator('dl.facts'))).toContain('contractor');
    await inspect(page, 'log-entry');
  });

  it('refuses console forms without the CSRF token or from another origin', async () => {
    await page.goto(`${admin.origin}/console/accounts/${acme.accountId}/fields`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const url = `${admin.origin}/console/accounts/${acme.accountId}/fields`;
    const missing = await page.request.post(url, { form: { id: 'forged', type: 'String' }, maxRedirects: 0 });
    expect(missing.status()).toBe(403);
    const foreign = await page.request.post(url, {
      form: { id: 'forged', type: 'String', _csrf: csrf },
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(403);
    const fields = await roster.store.accounts.get(acme.accountId);
    expect(fields?.fields.map((field) => field.id)).not.toContain('forged');
  });

  it('revokes the token: the SCIM API refuses it', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.goto(`${admin.origin}/console/accounts/${acme.accountId}/scim`);
    await follow(page, page.getByRole('button', { name: `Revoke token ${tokenId}` }));
    expect(await text(page.getByRole('status').first())).toContain('revoked');
    await inspect(page, 'scim-revoked');
    const deadline = Date.now() + 3_000;
    let status = 0;
    while (Date.now() < deadline && status !== 401) {
      status = (await scim.get('/Users?count=1')).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(401);
  });

  it('signs in once with a one-time link, and signs out', async () => {
    const linkContext = await browser.newContext();
    const linkPage = await linkContext.newPage();
    const link = await admin.signInLink(owner);
    await linkPage.goto(link);
    await inspect(linkPage, 'sign-in-link');
    await follow(linkPage, linkPage.getByRole('button', { name: 'Continue and sign in' }));
    await linkPage.waitForURL(`**/console/accounts/${acme.accountId}/users`);
    await follow(linkPage, linkPage.getByRole('button', { name: 'Sign out' }));
    await linkPage.waitForURL('**/console/sign-in');
    await linkPage.goto(`${admin.origin}/console/accounts/${acme.accountId}/users`);
    expect(new URL(linkPage.url()).pathname).toBe('/console/sign-in');
    // Used once: the second time it is refused.
    await linkPage.goto(link);
    await follow(linkPage, linkPage.getByRole('button', { name: 'Continue and sign in' }));
    expect(await text(linkPage.locator('h1'))).toContain('does not work');
    await linkContext.close();
  });

  it("gives a user_admin of one account nothing of another account's", async () => {
    const secret = `${uniqueName('hidden')}@other.example`;
    const otherUser = await other.client.post('/Users', {
      schemas: [USER_SCHEMA],
      userName: secret,
      displayName: 'Hidden Person',
    });
    expect(otherUser.status).toBe(201);
    const otherGroup = await other.client.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Hidden Group',
    });
    expect(otherGroup.status).toBe(201);
    const otherLog = await roster.store.provisioningLog.list(other.accountId, { limit: 1 });
    const otherEntry = otherLog.entries[0]?.id ?? '0';

    const userAdmin = await admin.createAdmin(acme.accountId, 'user_admin');
    const adminContext = await browser.newContext();
    const own = await signIn(admin.origin, adminContext, userAdmin.email, TEST_PASSWORD);
    expect(new URL(own.url()).pathname).toBe(`/console/accounts/${acme.accountId}/users`);
    expect(await text(own.locator('table.users'))).toContain(userName);

    const base = `${admin.origin}/console/accounts/${other.accountId}`;
    const pages = [
      '',
      '/users',
      `/users/${otherUser.body.id}`,
      '/groups',
      `/groups/${otherGroup.body.id}`,
      '/log',
      `/log/${otherEntry}`,
      '/scim',
      '/fields',
      '/admins',
      '/manage',
    ];
    for (const path of pages) {
      const response = await own.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(403);
      const body = await own.content();
      expect(body).not.toContain(secret);
      expect(body).not.toContain('Hidden');
      expect(body).not.toContain(otherUser.body.id);
      expect(await text(own.locator('code.permission')), path).toMatch(/^[a-z]+:[a-z]+$/);
    }
    await inspect(own, 'forbidden');

    // Nor can it change anything there: a generated token or a new field would be refused too.
    await own.goto(`${admin.origin}/console/accounts/${acme.accountId}/users`);
    const csrf = await own.locator('input[name="_csrf"]').first().inputValue();
    const forged = await own.request.post(`${base}/scim/tokens`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).not.toContain('rst_');
    expect((await roster.store.tokens.list(other.accountId)).length).toBe(1);
    await adminContext.close();
  });
  it('shows operators the accounts list and the SCIM set-up, never an account directory', async () => {
    const operator = await admin.createAdmin(null, 'operator');
    const operatorContext = await browser.newContext();
    const console = await signIn(admin.origin, operatorContext, operator.email, TEST_PASSWORD);
    expect(new URL(console.url()).pathname).toBe('/console/accounts');
    expect(await text(console.locator('table'))).toContain(acme.accountId);
    await inspect(console, 'accounts');
    await follow(console, console.getByRole('link', { name: acme.accountId }));
    expect(new URL(console.url()).pathname).toBe(`/console/accounts/${acme.accountId}/scim`);
    expect(await texts(console.locator('nav[aria-label="Console"] a'))).toEqual([
      'Accounts',
      'Configure SCIM',
      'Fields',
      'Admins',
      'Account',
    ]);
    const users = await console.goto(`${admin.origin}/console/accounts/${acme.accountId}/users`);
    expect(users?.status()).toBe(403);
    expect(await text(console.locator('code.permission'))).toBe('directory:read');
    expect(await console.content()).not.toContain(userName);
    await operatorContext.close();
  });
});
