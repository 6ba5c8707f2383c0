import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startAdmin, type AdminUnderTest } from './admin.ts';
import { startRoster, uniqueName, type RosterUnderTest, type TestAccount } from './roster.ts';

/** Where browser tests save a screenshot of every page they check (git-ignored). */
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots');

/** Debian's chromium (or CHROMIUM_PATH), headless, driven by playwright-core. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

/** Page checks run in the browser: language, title, one main and one h1, a name for every control. */
const ACCESSIBILITY_PROBLEMS = `(() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (document.title.trim() === '') problems.push('no <title>');
  const mains = document.querySelectorAll('main').length;
  if (mains !== 1) problems.push(mains + ' <main> elements');
  const h1s = document.querySelectorAll('h1').length;
  if (h1s !== 1) problems.push(h1s + ' <h1> elements');
  for (const control of document.querySelectorAll('input, select, textarea')) {
    if (control.type === 'hidden') continue;
    const named = control.labels.length > 0 || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby');
    if (!named) problems.push('unlabelled control: ' + control.outerHTML.slice(0, 120));
  }
  for (const element of document.querySelectorAll('button, a')) {
    if (element.textContent.trim() === '' && !element.hasAttribute('aria-label')) problems.push('nameless ' + element.outerHTML.slice(0, 80));
  }
  for (const table of document.querySelectorAll('table')) {
    if (table.querySelector('thead th[scope="col"]') === null) problems.push('table without column headers');
  }
  return problems;
})()`;

const FOCUSED_OUTLINE = `(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return { tag: el.tagName, name: el.getAttribute('name') ?? el.textContent.trim(), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
})()`;

/** The focused element and its outline, to check that keyboard focus is visible. */
export const focusedOutline = (page: Page) =>
  page.evaluate<{ tag: string; name: string; style: string; width: number }>(FOCUSED_OUTLINE);

/** An element's text with whitespace collapsed (pages are formatted HTML). */
export const text = async (locator: Locator): Promise<string> =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
export const texts = async (locator: Locator): Promise<string[]> =>
  (await locator.allTextContents()).map((item) => item.replace(/\s+/g, ' ').trim());

/** Clicks what loads another page, and waits until that page has loaded. */
export async function follow(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await target.click();
  await navigated;
  await page.waitForLoadState();
}

/** Runs the accessibility checks on the page, then saves `.artifacts/screenshots/<name>.png`. */
export async function inspect(page: Page, name: string): Promise<void> {
  expect(await page.evaluate<string[]>(ACCESSIBILITY_PROBLEMS), `accessibility of ${name}`).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens `path` in a new page, is sent to the sign-in form, signs in and lands back. */
export async function signIn(
  origin: string,
  context: BrowserContext,
  email: string,
  password: string,
  path = '/console',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await follow(page, page.getByRole('button', { name: 'Sign in' }));
  return page;
}

/** Loads `url` until `done` holds for the page, or fails after `ms` (writes are logged asynchronously). */
export async function reloadUntil(
  page: Page,
  url: string,
  done: () => Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    await page.goto(url);
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting on ${url}`);
    await page.waitForTimeout(200);
  }
}

/** What the console's browser tests run against: Roster, its admin service, chromium, two accounts. */
export interface ConsoleStack {
  roster: RosterUnderTest;
  admin: AdminUnderTest;
  browser: Browser;
  acme: TestAccount;
  other: TestAccount;
}

/**
 * Starts the stack before the file's tests (handing it to `take`) and stops it after them:
 * the real ingress, worker and admin service over the suite's Redis and store, and chromium.
 */
export function useConsoleStack(take: (stack: ConsoleStack) => void): void {
  let stack: Partial<ConsoleStack> = {};
  beforeAll(async () => {
    const roster = await startRoster();
    stack = { roster };
    const admin = await startAdmin(roster);
    stack.admin = admin;
    stack.acme = await roster.createAccount(uniqueName('acme-'));
    stack.other = await roster.createAccount(uniqueName('other-'));
    stack.browser = await launchChromium();
    take(stack as ConsoleStack);
  });
  afterAll(async () => {
    await stack.browser?.close();
    await stack.admin?.stop();
    await stack.roster?.stop();
  });
}
