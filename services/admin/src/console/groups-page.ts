import type { Router } from 'express';
import type { AdminContext } from '../operations/context.ts';
import { groupMembers, listGroups, MAX_START_INDEX, type GroupMembersPage } from '../operations/directory.ts';
import { accountPath, intParam, param, showValue, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { countText, pager, pageSizeOf, pageSizeSelect } from './paging.ts';
import { accountIdOf, routeParam, sendAccountPage, sessionOf } from './request.ts';

function memberRows(accountId: string, page: GroupMembersPage): SafeHtml {
  if (page.rows.length === 0)
    return html`<tr>
      <td colspan="3">This group has no members.</td>
    </tr>`;
  return html`${page.rows.map((member) => {
    const segment = member.type === 'User' ? 'users' : 'groups';
    const name = member.userName ?? member.displayName ?? member.id;
    return html`<tr>
      <th scope="row">
        ${member.exists ? html`<a href="${accountPath(accountId, segment, member.id)}">${name}</a>` : html`<code>${member.id}</code> <span class="muted">(deleted)</span>`}
      </th>
      <td>${member.type === 'User' ? (member.displayName ?? '') : ''}</td>
      <td>${member.type}</td>
    </tr>`;
  })}`;
}

/** Groups with their member counts, and one group's members, paged. */
export function registerGroups(router: Router, ctx: AdminContext): void {
  router.get('/accounts/:accountId/groups', async (req, res) => {
    const accountId = accountIdOf(req);
    const search = param(req.query, 'search').slice(0, 256);
    const count = pageSizeOf(param(req.query, 'count'));
    const startIndex = intParam(req.query, 'startIndex', 1, MAX_START_INDEX);
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
          <div class="field grow">
            <label for="group-search">Search</label>
            <input
              id="group-search"
              name="search"
              type="search"
              value="${search}"
              autocomplete="off"
              aria-describedby="group-search-hint"
            />
            <p class="hint" id="group-search-hint">Start of a group name, or a group id</p>
          </div>
          ${pageSizeSelect('group-count', count)}
          <div class="field buttons"><button type="submit">Search</button> <a href="${path}">Clear</a></div>
        </form>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">
              Groups of this account
            </caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Members</th>
                <th scope="col">externalId</th>
                <th scope="col">Last modified (UTC)</th>
              </tr>
            </thead>
            <tbody>
              ${
                rows.length === 0
                  ? html`<tr>
                      <td colspan="4">No groups match.</td>
                    </tr>`
                  : rows
              }
            </tbody>
          </table>
        </div>
        ${pager({
          path,
          label: 'Pages of groups',
          params: { search, count: count === 50 ? undefined : count },
          startIndex: page.startIndex,
          count,
          shown: page.rows.length,
          total: page.totalResults,
          totalKind: page.totalKind,
          maxStartIndex: MAX_START_INDEX,
        })}`,
    });
  });

  router.get('/accounts/:accountId/groups/:groupId', async (req, res) => {
    const accountId = accountIdOf(req);
    const groupId = routeParam(req, 'groupId');
    const count = pageSizeOf(param(req.query, 'count'));
    const startIndex = intParam(req.query, 'startIndex', 1, MAX_START_INDEX);
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
        <div class="table-wrap">
          <table>
            <caption>
              Members
            </caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Display name</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              ${memberRows(accountId, page)}
            </tbody>
          </table>
        </div>
        ${pager({
          path,
          label: 'Pages of members',
          params: { count: count === 50 ? undefined : count },
          startIndex: page.startIndex,
          count,
          shown: page.rows.length,
          total: page.totalResults,
          totalKind: page.totalKind,
          maxStartIndex: MAX_START_INDEX,
        })}
        <p><a href="${accountPath(accountId, 'groups')}">All groups</a></p>`,
    });
  });
}
