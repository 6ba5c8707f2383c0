/**
 * dateTime values compared as instants (RFC 7643 §2.3.5: xsd:dateTime), the way filters, `sortBy`
 * and the store all need them, so they agree on what `gt` means.
 */
import { parseDate, parseDateTime } from './custom-fields/dates.ts';

/**
 * The instant `text` names, in milliseconds since the epoch, or `undefined` when it is not a
 * date-time. Accepts what clients send: up to 9 fraction digits (.NET writes 7,
 * `2015-10-10T14:38:21.8617979-07:00`; kept to the millisecond, as stored timestamps are), any
 * offset, and a bare `YYYY-MM-DD` as UTC midnight. Text without an offset is UTC, never the
 * server's local time (which `Date.parse` would use).
 */
export const instantOf = (text: string): number | undefined =>
  (parseDateTime(text) ?? parseDate(text))?.getTime();
