/**
 * Date and date-time parsing for custom fields. Strict formats rather than `Date.parse`, whose
 * accepted forms are implementation-defined and which reads offset-less date-times in the server's
 * local time zone.
 */

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
// xsd:dateTime / RFC 3339, plus ISO 8601 forms clients produce: seconds optional, any number of
// fraction digits (kept to milliseconds), `,` as decimal mark, offsets `Z`, `±HH:MM`, `±HHMM`, `±HH`.
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$/;

/** The instant of a UTC calendar date and time, or `undefined` when the date does not exist (Feb 30). */
const utc = (year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0) => {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? date : undefined;
};

/** A `YYYY-MM-DD` calendar date as a Date at UTC midnight; `undefined` for any other text. */
export const parseDate = (text: string): Date | undefined => {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = ''] = match;
  return utc(Number(year), Number(month), Number(day));
};

/** Offset east of UTC in minutes, or `undefined` when out of range. No offset means UTC. */
const offsetMinutes = (offset: string | undefined): number | undefined => {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
};

/**
 * An ISO 8601 date-time with a `T` (e.g. `2025-03-01T09:30:00Z`, `2025-03-01T10:30:00.5+01:00`)
 * as a Date; `undefined` for any other text or an impossible date or time. A date-time without an
 * offset is read as UTC, never as server-local time.
 */
export const parseDateTime = (text: string): Date | undefined => {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = '', hours = '', minutes = '', seconds = '0', fraction = '', offset] =
    match;
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds);
  if (h > 23 || m > 59 || s > 59) return undefined;
  const shift = offsetMinutes(offset);
  if (shift === undefined) return undefined;
  const local = utc(
    Number(year),
    Number(month),
    Number(day),
    h,
    m,
    s,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  return local === undefined ? undefined : new Date(local.getTime() - shift * 60_000);
};
