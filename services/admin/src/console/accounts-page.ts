import type { Router } from 'express';
import type { AdminContext } from '../operations/context.ts';
import { getAccount, listAccounts } from '../operations/accounts.ts';
import { dataTable } from './components.ts';
import { accountPath, param, queryString, when } from './format.ts';
import { html } from './html.ts';
import { visiblePages } from './layout.ts';
import { accountIdOf, seeOther, sendAccountPage, sessionOf } from './request.ts';

const PAGE_SIZE = 50;

/** `/console` and the account pages' entry: admins land in their account, operators on the list. */
export function registerAccounts(router: Router, ctx: AdminContext): void {
  router.get('/', (_req, res) => {
    const { principal } = sessionOf(res);
    seeOther(res, principal.kind === 'admin' ? accountPath(principal.accountId) : '/console/accounts');
  });

  router.get('/accounts', async (req, res) => {
    const { principal } = sessionOf(res);
    const after = param(req.query, 'after');
    const page = await listAccounts(ctx, principal, {
      after: after === '' ? undefined : after,
      limit: PAGE_SIZE,
    });
    const rows = page.accounts.map(
      (account) =>
        html`<tr>
          <th scope="row"><a href="${accountPath(account.id)}">${account.id}</a></th>
          <td>${account.name}</td>
          <td>${when(account.createdAt)}</td>
          <td>${account.disabledAt === null ? 'Active' : html`Disabled ${when(account.disabledAt)}`}</td>
        </tr>`,
    );
    sendAccountPage(res, {
      title: 'Accounts',
      active: 'accounts',
      body: html`<h1>Accounts</h1>
        ${dataTable({
          caption: 'Accounts of this deployment',
          captionHidden: true,
          columns: ['Account', 'Name', 'Created', 'State'],
          rows,
          empty: html`No accounts yet. Create one with <code>roster account create</code>.`,
        })}
        <nav class="pager" aria-label="Pages of accounts">
          ${after === '' ? '' : html`<a href="/console/accounts">First page</a>`}
          ${page.next === null ? '' : html`<a href="/console/accounts${queryString({ after: page.next })}" rel="next">Next page</a>`}
        </nav>`,
    });
  });

  // The account's first page the principal may open; the account's summary when it may open none.
  router.get('/accounts/:accountId', async (req, res) => {
    const { principal } = sessionOf(res);
    const accountId = accountIdOf(req);
    const [first] = visiblePages(principal, accountId);
    if (first !== undefined) {
      seeOther(res, accountPath(accountId, first.segment));
      return;
    }
    const account = await getAccount(ctx, principal, accountId);
    sendAccountPage(res, {
      title: account.name,
      accountId,
      active: 'account',
      body: html`<h1>${account.name}</h1>
        <dl class="facts">
          <dt>Account id</dt>
          <dd><code>${account.id}</code></dd>
          <dt>Created</dt>
          <dd>${when(account.createdAt)}</dd>
          <dt>State</dt>
          <dd>${account.disabledAt === null ? 'Active' : 'Disabled'}</dd>
        </dl>
        <p>
          Your role gives you no console pages in this account. Ask an owner for a role with more permissions.
        </p>`,
    });
  });
}
