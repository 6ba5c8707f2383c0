import { html, type HtmlValue, type SafeHtml } from './html.ts';

/** A column header: its text, or its content (escaped unless markup) with a class for styles. */
export type Column = string | { label: HtmlValue; className?: string };

/** The header of a last column of buttons: named for screen readers only. */
export const ACTIONS_COLUMN: Column = { label: html`<span class="visually-hidden">Actions</span>` };

const classAttribute = (className: string | undefined): SafeHtml | '' =>
  className === undefined ? '' : html`class="${className}"`;

const columnHeader = (column: Column): SafeHtml =>
  typeof column === 'string'
    ? html`<th scope="col">${column}</th>`
    : html`<th scope="col" ${classAttribute(column.className)}>${column.label}</th>`;

export interface DataTableOptions {
  /** What the table holds: read by screen readers, and shown above the table unless `captionHidden`. */
  caption: HtmlValue;
  captionHidden?: boolean;
  /** A class on the table, for styles and tests (`users`, `log`). */
  className?: string;
  columns: readonly Column[];
  rows: readonly SafeHtml[];
  /** A row across every column in place of none; without it an empty table has an empty body. */
  empty?: HtmlValue;
}

/** A table of rows under column headers, scrolling sideways on narrow screens. */
export function dataTable(options: DataTableOptions): SafeHtml {
  const { caption, columns, rows, empty } = options;
  const body =
    rows.length === 0 && empty !== undefined
      ? html`<tr>
          <td colspan="${columns.length}">${empty}</td>
        </tr>`
      : rows;
  return html`<div class="table-wrap">
    <table ${classAttribute(options.className)}>
      <caption ${options.captionHidden === true ? html`class="visually-hidden"` : ''}>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map(columnHeader)}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}

/** The hidden field that carries the session's CSRF token in every console POST form. */
export const csrfField = (csrf: string): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${csrf}" />`;

/**
 * The message of a form the server refused, announced at once and focused by the console script
 * (`data-focus`) so it is read first. `id` lets a field point at it with `aria-describedby`.
 */
export const formError = (text: HtmlValue, id?: string): SafeHtml =>
  html`<p
    class="form-error"
    role="alert"
    ${id === undefined ? '' : html`id="${id}"`}
    tabindex="-1"
    data-focus
  >
    ${text}
  </p>`;

/**
 * A one-button POST form for a destructive action (remove, revoke) that asks `confirm` first once
 * the console script runs; `subject` completes the button's name for screen readers.
 */
export const dangerButtonForm = (options: {
  action: string;
  confirm: string;
  csrf: string;
  label: string;
  subject: string;
}): SafeHtml =>
  html`<form method="post" action="${options.action}" data-confirm="${options.confirm}">
    ${csrfField(options.csrf)}
    <button type="submit" class="danger small">
      ${options.label}<span class="visually-hidden"> ${options.subject}</span>
    </button>
  </form>`;

/** The search box of a GET filter form (`search`), with a hint of what it matches. */
export const searchField = (id: string, value: string, hint: string): SafeHtml =>
  html`<div class="field grow">
    <label for="${id}">Search</label>
    <input
      id="${id}"
      name="search"
      type="search"
      value="${value}"
      autocomplete="off"
      aria-describedby="${`${id}-hint`}"
    />
    <p class="hint" id="${`${id}-hint`}">${hint}</p>
  </div>`;

/** A GET filter form's submit button and its link back to the unfiltered page at `path`. */
export const filterButtons = (path: string, submit = 'Search'): SafeHtml =>
  html`<div class="field buttons"><button type="submit">${submit}</button> <a href="${path}">Clear</a></div>`;
