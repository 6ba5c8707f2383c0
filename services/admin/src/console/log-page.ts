import type { Router } from 'express';
import { ScimError } from '@roster/scim';
import type { ProvisioningLogRecord, ProvisioningOutcome } from '@roster/store';
import type { AdminContext } from '../operations/context.ts';
import { getLogEntry, listLog } from '../operations/provisioning-log.ts';
import { dataTable, filterButtons } from './components.ts';
import { accountPath, param, queryString, showValue, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { accountIdOf, routeParam, sendAccountPage, sessionOf } from './request.ts';

const PAGE_SIZE = 50;

const OUTCOMES: Record<ProvisioningOutcome, { label: string; badge: string }> = {
  applied: { label: 'Applied', badge: 'badge-ok' },
  rejected: { label: 'Rejected', badge: 'badge-warn' },
  failed: { label: 'Failed', badge: 'badge-bad' },
  timedOut: { label: 'Timed out', badge: 'badge-bad' },
};

const isOutcome = (value: string): value is ProvisioningOutcome => Object.hasOwn(OUTCOMES, value);

/** Outcomes are told by their words; the colour only repeats them. */
export const outcomeBadge = (outcome: ProvisioningOutcome): SafeHtml =>
  html`<span class="badge ${OUTCOMES[outcome].badge}">${OUTCOMES[outcome].label}</span>`;

/** `datetime-local` values are read as UTC (the page says so): the log is shown in UTC too. */
const DATE_TIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
function utcInstant(text: string, name: string): Date | undefined {
  if (text === '') return undefined;
  const date = DATE_TIME_LOCAL.test(text) ? new Date(`${text}Z`) : undefined;
  if (date === undefined || Number.isNaN(date.getTime()))
    throw ScimError.badRequest('invalidValue', `"${name}" must be a date and time such as 2025-03-01T09:30.`);
  return date;
}

interface LogFilters {
  from: string;
  to: string;
  outcome: string;
  userName: string;
  resourceId: string;
}

const filtersOf = (query: unknown): LogFilters => ({
  from: param(query, 'from').slice(0, 19),
  to: param(query, 'to').slice(0, 19),
  outcome: param(query, 'outcome'),
  userName: param(query, 'userName').slice(0, 256),
  resourceId: param(query, 'resourceId').slice(0, 128),
});

function filterForm(action: string, filters: LogFilters): SafeHtml {
  const outcomeOptions = (Object.keys(OUTCOMES) as ProvisioningOutcome[]).map(
    (outcome) =>
      html`<option value="${outcome}" ${filters.outcome === outcome ? html` selected` : ''}>
        ${OUTCOMES[outcome].label}
      </option>`,
  );
  return html`<form method="get" action="${action}" class="filters" role="search" aria-label="Filter the log">
    <div class="field">
      <label for="log-from">From (UTC)</label>
      <input id="log-from" name="from" type="datetime-local" value="${filters.from}" />
    </div>
    <div class="field">
      <label for="log-to">Before (UTC)</label>
      <input id="log-to" name="to" type="datetime-local" value="${filters.to}" />
    </div>
    <div class="field">
      <label for="log-outcome">Outcome</label>
      <select id="log-outcome" name="outcome">
        <option value="">Any</option>
        ${outcomeOptions}
      </select>
    </div>
    <div class="field">
      <label for="log-user">userName</label>
      <input id="log-user" name="userName" type="search" value="${filters.userName}" autocomplete="off" />
    </div>
    <div class="field">
      <label for="log-resource">Resource id</label>
      <input
        id="log-resource"
        name="resourceId"
        type="search"
        value="${filters.resourceId}"
        autocomplete="off"
      />
    </div>
    ${filterButtons(action, 'Filter')}
  </form>`;
}

const subject = (entry: ProvisioningLogRecord): SafeHtml =>
  html`${entry.userName ?? entry.displayName ?? ''}${
    entry.resourceId === undefined ? '' : html`<br /><code class="muted">${entry.resourceId}</code>`
  }`;

function logTable(accountId: string, entries: readonly ProvisioningLogRecord[]): SafeHtml {
  if (entries.length === 0) return html`<p>No log entries match.</p>`;
  const rows = entries.map(
    (entry) =>
      html`<tr>
        <td><a href="${accountPath(accountId, 'log', entry.id)}">${when(entry.at)}</a></td>
        <td>${entry.method} ${entry.resourceType}</td>
        <td>${subject(entry)}</td>
        <td>${entry.operation}</td>
        <td>${outcomeBadge(entry.outcome)}</td>
        <td>${entry.status}</td>
        <td class="number">${entry.durationMs} ms</td>
        <td class="detail-cell">${entry.detail ?? ''}</td>
      </tr>`,
  );
  return dataTable({
    caption: 'Provisioning log, newest first',
    captionHidden: true,
    className: 'log',
    columns: [
      'Time (UTC)',
      'Request',
      'User or group',
      'Operation',
      'Outcome',
      'Status',
      'Duration',
      'Detail',
    ],
    rows,
  });
}

function changes(entry: ProvisioningLogRecord): SafeHtml {
  const change = entry.changes;
  if (change === undefined) return html`<p>No change recorded.</p>`;
  const values = Object.entries(change.values ?? {});
  return html`<h2>Changes</h2>
    <p>
      Attributes changed:
      ${change.attributes.length === 0 ? 'none' : html`${change.attributes.map((attribute, index) => html`${index === 0 ? '' : ', '}<code>${attribute}</code>`)}`}
    </p>
    ${
      values.length === 0
        ? ''
        : dataTable({
            caption: 'New values of custom fields and app columns',
            columns: ['Attribute', 'Value'],
            rows: values.map(
              ([name, value]) =>
                html`<tr>
                  <th scope="row"><code>${name}</code></th>
                  <td>${showValue(value)}</td>
                </tr>`,
            ),
          })
    }
    ${change.members === undefined ? '' : html`<p>Members added: ${change.members.added}; removed: ${change.members.removed === 'all' ? 'all' : change.members.removed}.</p>`}`;
}

function entryFacts(accountId: string, entry: ProvisioningLogRecord): SafeHtml {
  const resourceLink =
    entry.resourceId === undefined
      ? html`<span class="muted">—</span>`
      : entry.resourceType === 'User' || entry.resourceType === 'Group'
        ? html`<a
            href="${accountPath(accountId, entry.resourceType === 'User' ? 'users' : 'groups', entry.resourceId)}"
            ><code>${entry.resourceId}</code></a
          >`
        : html`<code>${entry.resourceId}</code>`;
  return html`<dl class="facts">
    <dt>Time</dt>
    <dd>${when(entry.at)}</dd>
    <dt>Outcome</dt>
    <dd>
      ${outcomeBadge(entry.outcome)} (HTTP
      ${entry.status}${entry.scimType === undefined ? '' : html`, <code>${entry.scimType}</code>`})
    </dd>
    <dt>Detail</dt>
    <dd>${entry.detail ?? html`<span class="muted">—</span>`}</dd>
    <dt>Request</dt>
    <dd>
      ${entry.method} ${entry.resourceType},
      ${entry.operation}${entry.bulkIndex === undefined ? '' : `, bulk operation ${entry.bulkIndex}`}
    </dd>
    <dt>Resource</dt>
    <dd>${resourceLink}</dd>
    <dt>userName / displayName</dt>
    <dd>${entry.userName ?? entry.displayName ?? html`<span class="muted">—</span>`}</dd>
    <dt>Duration</dt>
    <dd>${entry.durationMs} ms</dd>
    <dt>SCIM token</dt>
    <dd>
      ${entry.tokenId === undefined ? html`<span class="muted">—</span>` : html`<code>${entry.tokenId}</code>`}
    </dd>
    <dt>Request id</dt>
    <dd><code>${entry.requestId}</code></dd>
    <dt>Recorded by</dt>
    <dd>${entry.source}</dd>
  </dl>`;
}

/** The provisioning log: filters, pages newest first, and one entry's detail. */
export function registerLog(router: Router, ctx: AdminContext): void {
  router.get('/accounts/:accountId/log', async (req, res) => {
    const accountId = accountIdOf(req);
    const { principal } = sessionOf(res);
    const filters = filtersOf(req.query);
    const cursor = param(req.query, 'cursor').slice(0, 256);
    const page = await listLog(ctx, principal, accountId, {
      from: utcInstant(filters.from, 'From'),
      to: utcInstant(filters.to, 'Before'),
      outcome: isOutcome(filters.outcome) ? filters.outcome : undefined,
      userName: filters.userName === '' ? undefined : filters.userName,
      resourceId: filters.resourceId === '' ? undefined : filters.resourceId,
      cursor: cursor === '' ? undefined : cursor,
      limit: PAGE_SIZE,
    });
    const action = accountPath(accountId, 'log');
    const filtered = queryString({ ...filters });
    const next =
      page.nextCursor === undefined ? undefined : queryString({ ...filters, cursor: page.nextCursor });
    sendAccountPage(res, {
      title: 'Provisioning log',
      accountId,
      active: 'log',
      body: html`<h1>Provisioning log</h1>
        <p>
          Every write Entra ID or another SCIM client sent to this account, newest first, with its outcome.
        </p>
        ${filterForm(action, filters)} ${logTable(accountId, page.entries)}
        ${page.scanLimited ? html`<p class="muted">This page stopped early to stay fast; older matching entries may follow.</p>` : ''}
        <nav class="pager" aria-label="Pages of the log">
          ${cursor === '' ? '' : html`<a href="${action}${filtered}">Newest entries</a>`}
          ${next === undefined ? '' : html`<a href="${action}${next}" rel="next">Older entries</a>`}
        </nav>`,
    });
  });

  router.get('/accounts/:accountId/log/:entryId', async (req, res) => {
    const accountId = accountIdOf(req);
    const entry = await getLogEntry(ctx, sessionOf(res).principal, accountId, routeParam(req, 'entryId'));
    sendAccountPage(res, {
      title: 'Log entry',
      accountId,
      active: 'log',
      body: html`<h1>Log entry: ${entry.method} ${entry.resourceType} ${outcomeBadge(entry.outcome)}</h1>
        ${entryFacts(accountId, entry)} ${changes(entry)}
        <p><a href="${accountPath(accountId, 'log')}">Back to the log</a></p>`,
    });
  });
}
