import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type AdminUnderTest, type TestAdmin } from './support/admin.ts';
import { uniqueName, type RosterUnderTest, type TestAccount } from './support/roster.ts';
import { follow, inspect, signIn, text, texts, useConsoleStack } from './support/console-browser.ts';

/**
 * The console's Admins page (owners add admins and pass on a one-time link; the last owner
 * stays; super admins cannot make owners) and the operators' account management (create an
 * account, set its SCIM rate, disable and enable it), in a real browser over the real service.
 */

let roster: RosterUnderTest;
let admin: AdminUnderTest;
let browser: Browser;
let acme: TestAccount;
let other: TestAccount;

useConsoleStack((stack) => {
  ({ roster, admin, browser, acme, other } = stack);
});

/** The status of the page a click loads (a re-rendered form answers 400 or 409). */
async function submit(page: Page, name: string): Promise<number | undefined> {
  const answer = page.waitForResponse((response) => response.request().method() === 'POST');
  await follow(page, page.getByRole('button', { name, exact: true }));
  return (await answer).status();
}

describe('console Admins page', () => {
  let owner: TestAdmin;
  let context: BrowserContext;
  let page: Page;
  const newEmail = `${uniqueName('ua')}@acme.example`;

  it('lets an owner add a user_admin and shows the one-time sign-in link once', async () => {
    owner = await admin.createAdmin(acme.accountId, 'owner');
    context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    page = await signIn(admin.origin, context, owner.email, TEST_PASSWORD);
    await follow(page, page.getByRole('link', { name: 'Admins', exact: true }));
    expect(new URL(page.url()).pathname).toBe(`/console/accounts/${acme.accountId}/admins`);
    expect(await text(page.locator('table.admins'))).toContain(owner.email);
    // No password in the console: the new admin signs in with the link.
    expect(await page.locator('form input[type="password"]').count()).toBe(0);
    await inspect(page, 'admins');

    await page.getByLabel('Email', { exact: true }).fill(newEmail);
    await page.getByLabel('Display name').fill('Una Admin');
    await page.getByLabel('Role', { exact: true }).selectOption('user_admin');
    expect(await submit(page, 'Add admin')).toBe(200);
    expect(await text(page.locator('h1'))).toContain(`Admin ${newEmail} added`);
    const link = await page.getByLabel('One-time sign-in link').inputValue();
    expect(link.startsWith(`${admin.origin}/console/sign-in/link?code=`)).toBe(true);
    await inspect(page, 'admin-added');

    // Shown once: the list does not hold it.
    await follow(page, page.getByRole('link', { name: 'Back to Admins' }));
    expect(await page.content()).not.toContain(link.split('code=')[1]);
    const row = page.locator('table.admins tbody tr', { hasText: newEmail });
    expect(await text(row)).toContain('User admin');
    expect(await text(row)).toContain('Una Admin');

    // The link signs the new admin in to the account.
    const linkContext = await browser.newContext();
    const linkPage = await linkContext.newPage();
    await linkPage.goto(link);
    await follow(linkPage, linkPage.getByRole('button', { name: 'Continue and sign in' }));
    await linkPage.waitForURL(`**/console/accounts/${acme.accountId}/users`);
    expect(await text(linkPage.locator('.who'))).toContain('Una Admin');
    await linkContext.close();
  });

  it('keeps the last owner: demoting or removing it is refused with the reason', async () => {
    await page.getByLabel(`Role of ${owner.email}`).selectOption('member');
    expect(await submit(page, `Change role of ${owner.email}`)).toBe(409);
    expect(await text(page.getByRole('alert'))).toContain('at least one owner');
    await inspect(page, 'admins-last-owner');
    page.once('dialog', (dialog) => void dialog.accept());
    expect(await submit(page, `Remove ${owner.email}`)).toBe(409);
    expect(await text(page.getByRole('alert'))).toContain('at least one owner');
    const stored = await roster.store.admins.get(acme.accountId, owner.adminId);
    expect(stored?.role).toBe('owner');
  });

  it('changes a role and removes an admin', async () => {
    await page.goto(`${admin.origin}/console/accounts/${acme.accountId}/admins`);
    await page.getByLabel(`Role of ${newEmail}`).selectOption('member');
    await submit(page, `Change role of ${newEmail}`);
    expect(await text(page.getByRole('status').first())).toContain('Role changed');
    expect(await text(page.locator('table.admins tbody tr', { hasText: newEmail }))).toContain('Member');
    page.once('dialog', (dialog) => void dialog.accept());
    await submit(page, `Remove ${newEmail}`);
    expect(await text(page.getByRole('status').first())).toContain('Admin removed');
    expect(await text(page.locator('table.admins'))).not.toContain(newEmail);
    await context.close();
  });

  it('offers a super_admin no owner role, and no changes to an owner', async () => {
    const superAdmin = await admin.createAdmin(acme.accountId, 'super_admin');
    const userAdmin = await admin.createAdmin(acme.accountId, 'user_admin');
    const superContext = await browser.newContext();
    const own = await signIn(
      admin.origin,
      superContext,
      superAdmin.email,
      TEST_PASSWORD,
      `/console/accounts/${acme.accountId}/admins`,
    );
    expect(await texts(own.locator('#admin-role option'))).toEqual(['Super admin', 'User admin', 'Member']);
    expect(await own.getByLabel(`Role of ${owner.email}`).count()).toBe(0);
    expect(await texts(own.getByLabel(`Role of ${userAdmin.email}`).locator('option'))).not.toContain(
      'Owner',
    );

    // A forged post making someone owner is refused by the operation.
    const csrf = await own.locator('input[name="_csrf"]').first().inputValue();
    const forged = await own.request.post(
      `${admin.origin}/console/accounts/${acme.accountId}/admins/${userAdmin.adminId}/role`,
      { form: { _csrf: csrf, role: 'owner' }, maxRedirects: 0 },
    );
    expect(forged.status()).toBe(403);
    expect((await roster.store.admins.get(acme.accountId, userAdmin.adminId))?.role).toBe('user_admin');
    // Nor may it let an owner in, or anyone of another account (who, in this account, is no one).
    const linkFor = (adminId: string) =>
      own.request.post(`${admin.origin}/console/accounts/${acme.accountId}/admins/${adminId}/link`, {
        form: { _csrf: csrf },
        maxRedirects: 0,
      });
    expect((await linkFor(owner.adminId)).status()).toBe(403);
    const stranger = await admin.createAdmin(other.accountId, 'owner');
    expect((await linkFor(stranger.adminId)).status()).toBe(404);

    await follow(own, own.getByRole('button', { name: `New sign-in link for ${userAdmin.email}` }));
    expect(await own.getByLabel('One-time sign-in link').inputValue()).toContain(
      '/console/sign-in/link?code=',
    );
    await inspect(own, 'admin-link');
    await superContext.close();
  });
});

describe('console account management (operators)', () => {
  it('creates an account, sets its rate limit, disables and enables it', async () => {
    const operator = await admin.createAdmin(null, 'operator');
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await signIn(admin.origin, context, operator.email, TEST_PASSWORD);
    const accountId = uniqueName('made-');
    await page.getByLabel('Account id').fill(accountId);
    await page.getByLabel('Name', { exact: true }).fill('Made Here');
    await submit(page, 'Create account');
    expect(new URL(page.url()).pathname).toBe(`/console/accounts/${accountId}/manage`);
    expect(await text(page.getByRole('status').first())).toContain('Account created');
    expect(await texts(page.locator('nav[aria-label="Console"] a'))).toEqual([
      'Accounts',
      'Configure SCIM',
      'Fields',
      'Admins',
      'Account',
    ]);
    expect(await text(page.locator('.rate-limit'))).toContain("deployment's rate");
    await inspect(page, 'account-manage');

    // The same id again is refused on the accounts page, keeping what was typed.
    await page.goto(`${admin.origin}/console/accounts`);
    await page.getByLabel('Account id').fill(accountId);
    expect(await submit(page, 'Create account')).toBe(409);
    expect(await text(page.getByRole('alert'))).toContain('already exists');
    expect(await page.getByLabel('Account id').inputValue()).toBe(accountId);

    await page.goto(`${admin.origin}/console/accounts/${accountId}/manage`);
    await page.getByLabel('Requests per second').fill('5');
    await page.getByLabel('Burst').fill('2');
    expect(await submit(page, 'Save rate limit')).toBe(400);
    expect(await text(page.getByRole('alert'))).toContain('burst must be at least perSecond');
    await page.getByLabel('Burst').fill('10');
    await submit(page, 'Save rate limit');
    expect(await text(page.locator('.rate-limit'))).toBe('5 requests per second, bursts of 10');
    expect((await roster.store.accounts.get(accountId))?.rateLimit).toEqual({ perSecond: 5, burst: 10 });

    page.once('dialog', (dialog) => void dialog.accept());
    await submit(page, 'Disable account');
    expect(await text(page.locator('.account-state'))).toContain('Disabled since');
    expect((await roster.store.accounts.get(accountId))?.disabledAt).not.toBeNull();
    await inspect(page, 'account-disabled');
    await submit(page, 'Enable account');
    expect(await text(page.locator('.account-state'))).toBe('Active');
    expect((await roster.store.accounts.get(accountId))?.disabledAt).toBeNull();

    await submit(page, "Use the deployment's rate");
    expect((await roster.store.accounts.get(accountId))?.rateLimit).toBeNull();
    await context.close();
  });
});
