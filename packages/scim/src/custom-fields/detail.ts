/** Wording shared by the custom-field error details. */

/** Most entries named in one detail; details are logged by Entra and by us, so they stay short. */
export const MAX_LISTED = 20;

/** Longest piece of client text quoted in a detail. */
const MAX_QUOTED = 64;

/** `text` as a JSON string literal (so quotes and control characters are escaped), cut to 64 characters. */
export const quote = (text: string): string =>
  JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);

/** `a, b, c`, or `a, b, … (7 more)` past {@link MAX_LISTED} entries. */
export const list = (items: readonly string[]): string =>
  items.length > MAX_LISTED
    ? `${items.slice(0, MAX_LISTED).join(', ')}, … (${items.length - MAX_LISTED} more)`
    : items.join(', ');
