import type { Router } from 'express';
import { ScimError } from '@roster/scim';
import type { AdminContext } from '../operations/context.ts';
import { getUser, listUsers, type UserDetail, type UserPage } from '../operations/directory.ts';
import { dataTable, filterButtons, formError, searchField } from './components.ts';
import { accountPath, param, queryString, showValue, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { pager, pageSizeSelect, pagingOf } from './paging.ts';
import { accountIdOf, routeParam, sendAccountPage, sessionOf } from './request.ts';

const activeBadge = (active: boolean): SafeHtml =>
  active
    ? html`<span class="badge badge-ok">Active</span>`
    : html`<span class="badge badge-off">Inactive</span>`;

function usersTable(accountId: string, page: UserPage | undefined): SafeHtml {
  if (page === undefined) return html``;
  const { fields, app } = page.columns;
  const columns = [
    'userName',
    'Display name',
    'Email',
    'State',
    ...fields.map((field) => ({ label: field.label, className: 'custom' })),
    ...app.map((column) => ({
      label: html`<span class="visually-hidden">App column </span>${column}`,
      className: 'app',
    })),
    'Last modified (UTC)',
  ];
  const rows = page.rows.map(
    (user) =>
      html`<tr>
        <th scope="row"><a href="${accountPath(accountId, 'users', user.id)}">${user.userName}</a></th>
        <td>${user.displayName ?? ''}</td>
        <td>${user.email ?? ''}</td>
        <td>${activeBadge(user.active)}</td>
        ${fields.map((field) => html`<td data-field="${field.id}">${showValue(user.fields[field.id])}</td>`)}
        ${app.map((column) => html`<td data-app="${column}">${showValue(user.app[column])}</td>`)}
        <td>${when(user.lastModified, 'short')}</td>
      </tr>`,
  );
  return dataTable({
    caption: 'Users of this account',
    captionHidden: true,
    className: 'users',
    columns,
    rows,
    empty: 'No users match.',
  });
}

function userDetail(accountId: string, user: UserDetail): SafeHtml {
  const { fields, app } = user.columns;
  const resource = { id: user.id, ...user.core, ...user.extensions, meta: user.meta };
  return html`<h1>${user.displayName ?? user.userName}</h1>
    <dl class="facts">
      <dt>userName</dt>
      <dd>${user.userName}</dd>
      <dt>State</dt>
      <dd>${activeBadge(user.active)}</dd>
      <dt>Email</dt>
      <dd>${showValue(user.email)}</dd>
      <dt>externalId</dt>
      <dd>${showValue(user.externalId)}</dd>
      <dt>Id</dt>
      <dd><code>${user.id}</code></dd>
      <dt>Created</dt>
      <dd>${when(user.meta.created)}</dd>
      <dt>Last modified</dt>
      <dd>${when(user.lastModified)}</dd>
    </dl>
    <h2>Custom fields</h2>
    ${
      fields.length === 0
        ? html`<p>This account has no custom fields.</p>`
        : html`<dl class="facts">
            ${fields.map(
              (field) =>
                html`<dt>${field.label}</dt>
                  <dd data-field="${field.id}">${showValue(user.fields[field.id])}</dd>`,
            )}
          </dl>`
    }
    ${
      app.length === 0
        ? ''
        : html`<h2>Application columns</h2>
            <dl class="facts">
              ${app.map(
                (column) =>
                  html`<dt>${column}</dt>
                    <dd>${showValue(user.app[column])}</dd>`,
              )}
            </dl>`
    }
    <h2>Groups</h2>
    ${
      user.groups.length === 0
        ? html`<p>Not a member of any group.</p>`
        : html`<ul>
            ${user.groups.map((group) => html`<li><a href="${accountPath(accountId, 'groups', group.id)}">${group.displayName ?? group.id}</a></li>`)}
          </ul>`
    }
    <details>
      <summary>SCIM resource as stored</summary>
      <pre class="json">${JSON.stringify(resource, null, 2)}</pre>
    </details>
    <p>
      <a href="${accountPath(accountId, 'log')}${queryString({ resourceId: user.id })}"
        >This user in the provisioning log</a
      >
      · <a href="${accountPath(accountId, 'users')}">All users</a>
    </p>`;
}

/** Users: the user management table (search, filter, active/inactive, paging, custom columns) and one user. */
export function registerUsers(router: Router, ctx: AdminContext): void {
  router.get('/accounts/:accountId/users', async (req, res) => {
    const accountId = accountIdOf(req);
    const search = param(req.query, 'search').slice(0, 256);
    const filter = param(req.query, 'filter').slice(0, 2048);
    const state = param(req.query, 'active');
    const { count, startIndex } = pagingOf(req.query);
    let page: UserPage | undefined;
    let problem: ScimError | undefined;
    try {
      page = await listUsers(ctx, sessionOf(res).principal, accountId, {
        ...(search === '' ? {} : { search }),
        ...(filter === '' ? {} : { filter }),
        ...(state === 'true' || state === 'false' ? { active: state === 'true' } : {}),
        startIndex,
        count,
      });
    } catch (error) {
      // A filter the grammar refuses is shown next to the form, not as an error page.
      if (!(error instanceof ScimError) || error.status !== 400) throw error;
      problem = error;
    }
    const path = accountPath(accountId, 'users');
    sendAccountPage(
      res,
      {
        title: 'Users',
        accountId,
        active: 'users',
        body: html`<h1>Users</h1>
          <form method="get" action="${path}" class="filters" role="search" aria-label="Find users">
            ${searchField('user-search', search, 'Start of a userName, or a user id')}
            <div class="field">
              <label for="user-active">State</label>
              <select id="user-active" name="active">
                <option value="">All</option>
                <option value="true" ${state === 'true' ? html` selected` : ''}>Active</option>
                <option value="false" ${state === 'false' ? html` selected` : ''}>Inactive</option>
              </select>
            </div>
            ${pageSizeSelect('user-count', count)} ${filterButtons(path)}
            <details class="advanced" ${filter === '' ? '' : html`open`}>
              <summary>SCIM filter</summary>
              <div class="field">
                <label for="user-filter"
                  >Filter (RFC 7644 syntax, e.g. <code>emails.value eq "ada@example.com"</code>)</label
                >
                <input
                  id="user-filter"
                  name="filter"
                  type="text"
                  value="${filter}"
                  autocomplete="off"
                  spellcheck="false"
                />
              </div>
            </details>
          </form>
          ${problem === undefined ? '' : formError(problem.detail)} ${usersTable(accountId, page)}
          ${
            page === undefined
              ? ''
              : pager({
                  path,
                  label: 'Pages of users',
                  params: { search, filter, active: state },
                  count,
                  page,
                })
          }`,
      },
      problem === undefined ? 200 : 400,
    );
  });

  router.get('/accounts/:accountId/users/:userId', async (req, res) => {
    const accountId = accountIdOf(req);
    const user = await getUser(ctx, sessionOf(res).principal, accountId, routeParam(req, 'userId'));
    sendAccountPage(res, {
      title: `User ${user.userName}`,
      accountId,
      active: 'users',
      body: userDetail(accountId, user),
    });
  });
}
