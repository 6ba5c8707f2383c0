import type { Router } from 'express';
import type { AdminContext } from '../operations/context.ts';
import { groupMembers, listGroups, type GroupMembersPage } from '../operations/directory.ts';
import { dataTable, filterButtons, searchField } from './components.ts';
import { accountPath, param, showValue, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { countText, pager, pageSizeSelect, pagingOf } from './paging.ts';
import { accountIdOf, routeParam, sendAccountPage, sessionOf } from './request.ts';

function memberRows(accountId: string, page: GroupMembersPage): SafeHtml[] {
  return page.rows.map((member) => {
    const segment = member.type === 'User' ? 'users' : 'groups';
    const name = member.userName ?? member.displayName ?? member.id;
    return html`<tr>
      <th scope="row">
        ${member.exists ? html`<a href="${accountPath(accountId, segment, member.id)}">${name}</a>` : html`<code>${member.id}</code> <span class="muted">(deleted)</span>`}
      </th>
      <td>${member.type === 'User' ? (member.displayName ?? '') : ''}</td>
      <td>${member.type}</td>
    </tr>`;
  });
}

/** Groups with their member counts, and one group's members, paged. */
export function registerGroups(router: Router, ctx: AdminContext): void {
  router.get('/accounts/:accountId/groups', async (req, res) => {
    const accountId = accountIdOf(req);
    const search = param(req.query, 'search').slice(0, 256);
    const { count, startIndex } = pagingOf(req.query);
    const page = await listGroups(ctx, sessionOf(res).principal, accountId, {
      ...(search === '' ? {} : { search }),
      startIndex,
      count,
    });
    const path = accountPath(accountId, 'groups');
    const rows = page.rows.map(
      (group) =>
        html`<tr>
          <th scope="row">
            <a href="${accountPath(accountId, 'groups', group.id)}">${group.displayName}</a>
          </th>
          <td class="number">${countText(group.memberCount, group.memberCountKind)}</td>
          <td>${showValue(group.externalId)}</td>
          <td>${when(group.lastModified, 'short')}</td>
        </tr>`,
    );
    sendAccountPage(res, {
      title: 'Groups',
      accountId,
      active: 'groups',
      body: html`<h1>Groups</h1>
        <form method="get" action="${path}" class="filters" role="search" aria-label="Find groups">
          ${searchField('group-search', search, 'Start of a group name, or a group id')}
          ${pageSizeSelect('group-count', count)} ${filterButtons(path)}
        </form>
        ${dataTable({
          caption: 'Groups of this account',
          captionHidden: true,
          columns: ['Group', 'Members', 'externalId', 'Last modified (UTC)'],
          rows,
          empty: 'No groups match.',
        })}
        ${pager({ path, label: 'Pages of groups', params: { search }, count, page })}`,
    });
  });

  router.get('/accounts/:accountId/groups/:groupId', async (req, res) => {
    const accountId = accountIdOf(req);
    const groupId = routeParam(req, 'groupId');
    const { count, startIndex } = pagingOf(req.query);
    const page = await groupMembers(ctx, sessionOf(res).principal, accountId, groupId, { startIndex, count });
    const path = accountPath(accountId, 'groups', groupId);
    sendAccountPage(res, {
      title: `Group ${page.group.displayName}`,
      accountId,
      active: 'groups',
      body: html`<h1>${page.group.displayName}</h1>
        <dl class="facts">
          <dt>Members</dt>
          <dd>${countText(page.totalResults, page.totalKind)}</dd>
          <dt>externalId</dt>
          <dd>${showValue(page.group.externalId)}</dd>
          <dt>Id</dt>
          <dd><code>${page.group.id}</code></dd>
          <dt>Last modified</dt>
          <dd>${when(page.group.lastModified)}</dd>
        </dl>
        ${dataTable({
          caption: 'Members',
          columns: ['Member', 'Display name', 'Type'],
          rows: memberRows(accountId, page),
          empty: 'This group has no members.',
        })}
        ${pager({ path, label: 'Pages of members', params: {}, count, page })}
        <p><a href="${accountPath(accountId, 'groups')}">All groups</a></p>`,
    });
  });
}
