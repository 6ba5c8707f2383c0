import { authorize, type Action } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { assetUrl } from './assets.ts';
import { csrfField } from './components.ts';
import { accountPath } from './format.ts';
import { html, type SafeHtml } from './html.ts';

export type NavKey =
  'accounts' | 'users' | 'groups' | 'log' | 'scim' | 'fields' | 'admins' | 'manage' | 'account';

interface NavItem {
  key: NavKey;
  label: string;
  segment: string;
  action: Action;
}

/** The account pages, each shown only to a principal the policy lets see it. */
const ACCOUNT_NAV: readonly NavItem[] = [
  { key: 'users', label: 'Users', segment: 'users', action: 'directory:read' },
  { key: 'groups', label: 'Groups', segment: 'groups', action: 'directory:read' },
  { key: 'log', label: 'Provisioning log', segment: 'log', action: 'log:read' },
  { key: 'scim', label: 'Configure SCIM', segment: 'scim', action: 'scim:configure' },
  { key: 'fields', label: 'Fields', segment: 'fields', action: 'scim:configure' },
  { key: 'admins', label: 'Admins', segment: 'admins', action: 'admins:read' },
  { key: 'manage', label: 'Account', segment: 'manage', action: 'accounts:manage' },
];

/** The account pages `principal` may open in `accountId`, in menu order. */
export const visiblePages = (principal: Principal, accountId: string): readonly NavItem[] =>
  ACCOUNT_NAV.filter((item) => authorize(principal, item.action, accountId).allowed);

export interface PageView {
  title: string;
  body: SafeHtml;
  /** Absent on pages for signed-out visitors. */
  principal?: Principal | undefined;
  /** The account the page is about: its menu is shown. */
  accountId?: string | undefined;
  active?: NavKey | undefined;
  /** The session's CSRF token, for the sign-out form. */
  csrf?: string | undefined;
  /** A one-line confirmation shown above the page (after a redirect from a form). */
  notice?: string | undefined;
}

/** How the console names each role. */
export const ROLE_NAMES: Record<string, string> = {
  owner: 'Owner',
  super_admin: 'Super admin',
  user_admin: 'User admin',
  member: 'Member',
};

const roleName = (principal: Principal): string =>
  principal.kind === 'operator' ? 'Operator' : (ROLE_NAMES[principal.role] ?? principal.role);

const navLink = (href: string, label: string, current: boolean): SafeHtml =>
  html`<li><a href="${href}" ${current ? html` aria-current="page"` : ''}>${label}</a></li>`;

function navigation(view: PageView): SafeHtml {
  const { principal, accountId, active } = view;
  if (principal === undefined) return html``;
  const links: SafeHtml[] = [];
  if (authorize(principal, 'accounts:manage').allowed)
    links.push(navLink('/console/accounts', 'Accounts', active === 'accounts'));
  if (accountId !== undefined)
    for (const item of visiblePages(principal, accountId))
      links.push(navLink(accountPath(accountId, item.segment), item.label, active === item.key));
  if (links.length === 0) return html``;
  return html`<nav aria-label="Console">
    <ul class="nav">
      ${links}
    </ul>
  </nav>`;
}

function account(view: PageView): SafeHtml {
  if (view.principal === undefined) return html``;
  return html`<div class="who">
    <span
      ><span class="visually-hidden">Signed in as </span>${view.principal.displayName}
      <span class="muted"
        >(${roleName(view.principal)}${view.accountId === undefined ? '' : html`, account <code>${view.accountId}</code>`})</span
      ></span
    >
    <form method="post" action="/console/sign-out">
      ${csrfField(view.csrf ?? '')}
      <button type="submit" class="link-button">Sign out</button>
    </form>
  </div>`;
}

/** The whole document around a page's body. */
export function layout(view: PageView): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${view.title} · Roster console</title>
        <link rel="stylesheet" href="${assetUrl('console.css')}" />
        <script src="${assetUrl('console.js')}" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/console">Roster console</a>
          ${account(view)}
        </header>
        ${navigation(view)}
        <main id="main" tabindex="-1">
          ${view.notice === undefined ? '' : html`<p class="notice" role="status">${view.notice}</p>`}
          ${view.body}
        </main>
      </body>
    </html>`;
}
