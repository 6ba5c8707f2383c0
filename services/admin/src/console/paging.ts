import { MAX_START_INDEX } from '../operations/directory.ts';
import { intParam, param, queryString } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** Rows per page offered by the directory pages; the first is the default. */
export const PAGE_SIZES = [50, 25, 100] as const;

export const pageSizeOf = (text: string): number => {
  const size = Number(text);
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0];
};

/** The page a directory page's query asks for: its size (`count`) and 1-based `startIndex`. */
export const pagingOf = (query: unknown): { count: number; startIndex: number } => ({
  count: pageSizeOf(param(query, 'count')),
  startIndex: intParam(query, 'startIndex', 1, MAX_START_INDEX),
});

/** How far a total can be trusted (the directory estimates counts of very large accounts). */
export type TotalKind = 'exact' | 'estimate' | 'atLeast';

const number = (value: number): string => value.toLocaleString('en-US');

/** `1,234`, `about 100,000` or `at least 500`. */
export const countText = (count: number, kind: TotalKind): string =>
  kind === 'exact'
    ? number(count)
    : kind === 'estimate'
      ? `about ${number(count)}`
      : `at least ${number(count)}`;

/** The paging facts of a directory page (users, groups, a group's members). */
export interface PagedRows {
  startIndex: number;
  rows: readonly unknown[];
  totalResults: number;
  totalKind: TotalKind;
}

/**
 * "Showing 51–100 of 100,000" and First / Previous / Next links for SCIM-style paging
 * (1-based `startIndex`), keeping the page's other query parameters and a page size other than
 * the default. Pages start at most at MAX_START_INDEX: deeper rows are found by narrowing the search.
 */
export function pager(options: {
  path: string;
  label: string;
  params: Record<string, string | number | undefined>;
  count: number;
  page: PagedRows;
}): SafeHtml {
  const { path, count, page } = options;
  const { startIndex, totalKind } = page;
  const shown = page.rows.length;
  const total = page.totalResults;
  const params = { ...options.params, count: count === PAGE_SIZES[0] ? undefined : count };
  const link = (start: number) =>
    `${path}${queryString({ ...params, startIndex: start === 1 ? undefined : start })}`;
  const last = startIndex + shown - 1;
  const next = startIndex + count;
  const more = shown === count && (totalKind !== 'exact' || last < total);
  const tooDeep = more && next > MAX_START_INDEX;
  const summary =
    shown === 0
      ? `No rows here (${countText(total, totalKind)} in all)`
      : `Showing ${number(startIndex)}–${number(last)} of ${countText(Math.max(total, last), totalKind)}`;
  return html`<nav class="pager" aria-label="${options.label}">
    <p class="muted">${summary}</p>
    ${startIndex > 1 ? html`<a href="${link(1)}">First page</a> <a href="${link(Math.max(1, startIndex - count))}" rel="prev">Previous page</a>` : ''}
    ${more && !tooDeep ? html`<a href="${link(next)}" rel="next">Next page</a>` : ''}
    ${tooDeep ? html`<p class="muted">Narrow the search to see rows past ${number(last)}.</p>` : ''}
  </nav>`;
}

/** A page-size select for a GET filter form. */
export const pageSizeSelect = (id: string, current: number): SafeHtml =>
  html`<div class="field">
    <label for="${id}">Rows per page</label>
    <select id="${id}" name="count">
      ${[...PAGE_SIZES]
        .sort((a, b) => a - b)
        .map(
          (size) => html`<option value="${size}" ${size === current ? html` selected` : ''}>${size}</option>`,
        )}
    </select>
  </div>`;
