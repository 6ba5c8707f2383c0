import { html, type SafeHtml } from './html.ts';

/** `/console/accounts/<id>/<path>`, every segment encoded. */
export const accountPath = (accountId: string, ...segments: string[]): string =>
  `/console/accounts/${[accountId, ...segments].map(encodeURIComponent).join('/')}`;

/** A query string from the non-empty values of `params` (leading `?`, or '' when empty). */
export const queryString = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

/**
 * An instant as `2025-03-01 09:30:00 UTC` in a `<time>` element (`short`: `2025-03-01 09:30`,
 * for table columns headed UTC); a dash when absent.
 */
export const when = (iso: string | Date | null | undefined, form: 'full' | 'short' = 'full'): SafeHtml => {
  if (iso === null || iso === undefined) return html`<span class="muted">—</span>`;
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return html`${String(iso)}`;
  const full = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return form === 'full'
    ? html`<time datetime="${date.toISOString()}">${full}</time>`
    : html`<time datetime="${date.toISOString()}" title="${full}">${full.slice(0, 16)}</time>`;
};

/** A stored value for a table cell: booleans as Yes/No, dates as text, objects as JSON. */
export const showValue = (value: unknown): SafeHtml => {
  if (value === null || value === undefined || value === '') return html`<span class="muted">—</span>`;
  if (typeof value === 'boolean') return html`${value ? 'Yes' : 'No'}`;
  if (value instanceof Date) return when(value);
  if (typeof value === 'string' || typeof value === 'number') return html`${String(value)}`;
  return html`<code>${JSON.stringify(value)}</code>`;
};

/** The first value of a form or query parameter, as sent ('' when absent). */
export const rawParam = (source: unknown, name: string): string => {
  if (typeof source !== 'object' || source === null) return '';
  const value: unknown = (source as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
};

/** The first value of a form or query parameter, trimmed ('' when absent). */
export const param = (source: unknown, name: string): string => rawParam(source, name).trim();

/** A positive whole number parameter, or `fallback`. */
export const intParam = (
  source: unknown,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number => {
  const text = param(source, name);
  if (!/^[0-9]{1,9}$/.test(text)) return fallback;
  const value = Number(text);
  return value < 1 ? fallback : Math.min(value, max);
};
