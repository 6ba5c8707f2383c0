import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type AdminUnderTest } from './support/admin.ts';
import type { TestAccount } from './support/roster.ts';
import { SCREENSHOTS, signIn, useConsoleStack } from './support/console-browser.ts';
import { USER_SCHEMA } from './support/entra-payloads.ts';

/**
 * The queue dashboard (bull-board) in a real browser: an operator signed in to the console
 * opens it and sees Roster's queues; an account owner signed in is refused.
 */
let admin: AdminUnderTest;
let browser: Browser;
let acme: TestAccount;
useConsoleStack((stack) => {
  ({ admin, browser, acme } = stack);
});

describe('queue dashboard', () => {
  it('shows an operator the write and maintenance queues; refuses an account owner', async () => {
    // A write, so the write queue has a completed job to show.
    const created = await acme.client.post('/Users', {
      schemas: [USER_SCHEMA],
      userName: `dash-${Date.now()}@acme.example`,
    });
    expect(created.status).toBe(201);

    const operator = await admin.createAdmin(null, 'operator');
    const context = await browser.newContext();
    const page = await signIn(admin.origin, context, operator.email, TEST_PASSWORD, '/queues');
    expect(new URL(page.url()).pathname).toMatch(/^\/queues/);
    await expect.poll(() => page.getByText('scim-writes').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByText('roster-maintenance').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // The queue's own view: its counts by state, the completed create among them.
    await page.getByText('scim-writes').first().click();
    await expect.poll(() => page.getByText('Loading').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByText(/completed/i).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'queues.png'), fullPage: true });
    await context.close();

    const owner = await admin.createAdmin(acme.accountId, 'owner');
    const ownerContext = await browser.newContext();
    const ownerPage = await signIn(admin.origin, ownerContext, owner.email, TEST_PASSWORD);
    const refused = await ownerPage.goto(`${admin.origin}/queues`);
    expect(refused?.status()).toBe(403);
    await ownerContext.close();
  });
});
