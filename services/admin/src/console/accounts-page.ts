import type { Response, Router } from 'express';
import type { ScimError } from '@roster/scim';
import type { AdminContext } from '../operations/context.ts';
import { createAccount, getAccount, listAccounts } from '../operations/accounts.ts';
import { csrfField, dataTable, formError } from './components.ts';
import { accountPath, param, queryString, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { visiblePages } from './layout.ts';
import { accountIdOf, isFormError, seeOther, sendAccountPage, sessionOf } from './request.ts';

const PAGE_SIZE = 50;

interface NewAccountValues {
  id: string;
  name: string;
}

function createForm(csrf: string, values: NewAccountValues, error?: string): SafeHtml {
  return html`<form method="post" action="/console/accounts" class="inline-form">
    ${csrfField(csrf)} ${error === undefined ? '' : formError(error)}
    <div class="field">
      <label for="account-id">Account id</label>
      <input
        id="account-id"
        name="id"
        type="text"
        value="${values.id}"
        required
        maxlength="63"
        pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}"
        aria-describedby="account-id-hint"
        autocomplete="off"
        spellcheck="false"
      />
      <p class="hint" id="account-id-hint">
        Letters, digits, "-" or "_"; part of the SCIM URL. Cannot change.
      </p>
    </div>
    <div class="field">
      <label for="account-name">Name</label>
      <input id="account-name" name="name" type="text" value="${values.name}" maxlength="200" />
    </div>
    <div class="field"><button type="submit">Create account</button></div>
  </form>`;
}

/** `/console` and the account pages' entry: admins land in their account, operators on the list. */
export function registerAccounts(router: Router, ctx: AdminContext): void {
  router.get('/', (_req, res) => {
    const { principal } = sessionOf(res);
    seeOther(res, principal.kind === 'admin' ? accountPath(principal.accountId) : '/console/accounts');
  });

  const showList = async (
    res: Response,
    after: string,
    form?: { values: NewAccountValues; error: ScimError },
  ) => {
    const { principal, csrf } = sessionOf(res);
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
    sendAccountPage(
      res,
      {
        title: 'Accounts',
        active: 'accounts',
        body: html`<h1>Accounts</h1>
          ${dataTable({
            caption: 'Accounts of this deployment',
            captionHidden: true,
            columns: ['Account', 'Name', 'Created', 'State'],
            rows,
            empty: 'No accounts yet. Create one below.',
          })}
          <nav class="pager" aria-label="Pages of accounts">
            ${after === '' ? '' : html`<a href="/console/accounts">First page</a>`}
            ${page.next === null ? '' : html`<a href="/console/accounts${queryString({ after: page.next })}" rel="next">Next page</a>`}
          </nav>
          <section aria-labelledby="create-account" class="card">
            <h2 id="create-account">Create an account</h2>
            ${createForm(csrf, form?.values ?? { id: '', name: '' }, form?.error.detail)}
          </section>`,
      },
      form?.error.status ?? 200,
    );
  };

  router.get('/accounts', async (req, res) => {
    await showList(res, param(req.query, 'after'));
  });

  router.post('/accounts', async (req, res) => {
    const values = { id: param(req.body, 'id'), name: param(req.body, 'name') };
    try {
      await createAccount(ctx, sessionOf(res).principal, {
        accountId: values.id,
        name: values.name === '' ? undefined : values.name,
      });
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showList(res, '', { values, error });
      return;
    }
    seeOther(res, `${accountPath(values.id, 'manage')}?done=created`);
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
