/**
 * Typed values of custom fields, computed from the extension object that `validateResource` (or
 * `applyPatch`) produced. Only the typed side is computed here: the values the client sent are
 * stored and returned untouched (docs/entra.md §4.3, §7 check 12), so this module never rewrites them.
 */
import { ScimError } from '../errors.ts';
import { coerceScalar } from '../resource/coerce.ts';
import { describeJsonType, isJsonObject } from '../resource/values.ts';
import { err, ok, type Result } from '../result.ts';
import { CURRENCY_GRAMMAR, parseCurrency } from './currency.ts';
import { parseDate, parseDateTime } from './dates.ts';
import type { FieldDefinition } from './definition.ts';
import { list, quote } from './detail.ts';

/** One typed value; `null` when the field is absent or cleared. */
export type TypedFieldValue = string | number | boolean | Date | null;

export interface TypedFieldValues {
  /**
   * Field id → typed value, with exactly one entry per field definition. The object has no
   * prototype, so field ids can never collide with `Object.prototype` members.
   */
  readonly typed: Record<string, TypedFieldValue>;
}

/**
 * The referenced id of a Reference value in any shape Entra sends (docs/entra.md §4.3): a bare string,
 * `{ "value": id }` (the `value` key in any case, other sub-attributes such as `$ref` ignored), or
 * an array holding one such value (`null` elements skipped).
 *
 * @returns the id; `null` for "no reference" (`null`, `undefined`, `""`, `{}`, `{ "value": "" }`,
 *   `{ "value": null }`, `[]`); `undefined` when `value` has none of these shapes (a number, an
 *   object without `value`, a non-string `value`, an array of several references, …).
 */
export const normaliseReference = (value: unknown): string | null | undefined => {
  if (Array.isArray(value)) {
    const items = (value as readonly unknown[]).filter((item) => item !== null);
    if (items.length > 1) return undefined;
    const [item] = items;
    return Array.isArray(item) ? undefined : normaliseReference(item);
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (!isJsonObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0) return null;
  const valueKeys = keys.filter((key) => key.toLowerCase() === 'value');
  const [key] = valueKeys;
  if (key === undefined || valueKeys.length > 1) return undefined;
  const id = value[key];
  if (id === null || id === '') return null;
  return typeof id === 'string' ? id : undefined;
};

type Converted = Result<TypedFieldValue, ScimError>;

const invalid = (field: FieldDefinition, reason: string): Converted =>
  err(ScimError.badRequest('invalidValue', `${field.id}: ${reason}`));

/** `"text"` quoted, or `true`/`12` for other scalars, or `an object`/`an array`. */
const show = (raw: unknown): string => {
  if (typeof raw === 'string') return quote(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return describeJsonType(raw);
};

const expectedString = (field: FieldDefinition, raw: unknown, what: string): Converted =>
  invalid(field, `expected ${what}; got ${describeJsonType(raw)}`);

const convertCurrency = (field: FieldDefinition, raw: unknown): Converted => {
  if (typeof raw !== 'string') return expectedString(field, raw, 'a string such as "USD 12.50"');
  if (raw.trim() === '') return ok(null);
  const parsed = parseCurrency(raw, field.currencies);
  if (parsed.ok) return ok(parsed.value);
  switch (parsed.error.kind) {
    case 'syntax':
      return invalid(field, `${quote(raw)} is not a currency value; expected ${CURRENCY_GRAMMAR}`);
    case 'noCode':
      return invalid(field, `${quote(raw)} has no currency code; expected ${CURRENCY_GRAMMAR}`);
    case 'codeNotAllowed':
      return invalid(field, `currency ${parsed.error.code} is not one of ${list(field.currencies ?? [])}`);
  }
};

const convertOne = (field: FieldDefinition, raw: unknown): Converted => {
  if (raw === null || raw === undefined || raw === '') return ok(null);
  switch (field.type) {
    case 'String':
      return typeof raw === 'string' ? ok(raw) : expectedString(field, raw, 'a string');

    case 'Number': {
      const number = coerceScalar(raw, 'decimal');
      if (typeof number === 'number') return ok(number);
      return invalid(field, `${show(raw)} is not a number`);
    }

    case 'Boolean': {
      const flag = coerceScalar(raw, 'boolean');
      if (typeof flag === 'boolean') return ok(flag);
      return invalid(field, `${show(raw)} is not a boolean (true or false)`);
    }

    case 'Dropdown': {
      const options = field.options ?? [];
      if (typeof raw !== 'string') return expectedString(field, raw, `one of ${list(options)}`);
      const wanted = raw.trim().toLowerCase();
      if (wanted === '') return ok(null);
      const option = options.find((candidate) => candidate.toLowerCase() === wanted);
      return option === undefined
        ? invalid(field, `${quote(raw)} is not one of ${list(options)}`)
        : ok(option);
    }

    case 'Currency':
      return convertCurrency(field, raw);

    case 'Date': {
      if (typeof raw !== 'string') return expectedString(field, raw, 'a date string (YYYY-MM-DD)');
      if (raw.trim() === '') return ok(null);
      const date = parseDate(raw.trim());
      return date === undefined ? invalid(field, `${quote(raw)} is not a date (YYYY-MM-DD)`) : ok(date);
    }

    case 'DateTime': {
      const example = 'ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z';
      if (typeof raw !== 'string') return expectedString(field, raw, `a date-time string (${example})`);
      if (raw.trim() === '') return ok(null);
      const instant = parseDateTime(raw.trim());
      return instant === undefined
        ? invalid(field, `${quote(raw)} is not a date-time (${example})`)
        : ok(instant);
    }

    case 'Reference': {
      const id = normaliseReference(raw);
      if (id !== undefined) return ok(id);
      if (Array.isArray(raw)) {
        const count = (raw as readonly unknown[]).filter((item) => item !== null).length;
        if (count > 1)
          return invalid(field, `a reference holds one user id; got an array of ${count} values`);
      }
      return invalid(
        field,
        `expected the id of a user of this account ("<id>", {"value": "<id>"} or [{"value": "<id>"}]); got ${show(raw)}`,
      );
    }
  }
};

/**
 * Computes the typed value of every field from `values`, the account's extension object as
 * `validateResource` or `applyPatch` left it (canonical field ids → values; keys that name no field
 * are ignored, and fields missing from it are `null`).
 *
 * | type      | typed value                                                                       |
 * |-----------|-----------------------------------------------------------------------------------|
 * | String    | the string as sent                                                                |
 * | Number    | a finite number (JSON number or numeric string)                                   |
 * | Boolean   | a boolean (JSON boolean or `"true"`/`"false"` in any case)                        |
 * | Dropdown  | the option's canonical spelling (matched case-insensitively, whitespace trimmed)  |
 * | Currency  | `CODE amount` or `CODE`, see `parseCurrency` for the grammar                      |
 * | Date      | Date at UTC midnight of a `YYYY-MM-DD` date                                       |
 * | DateTime  | Date of an ISO 8601 date-time with `T` (no offset = UTC)                          |
 * | Reference | the referenced id, see {@link normaliseReference}; existence is not checked here  |
 *
 * `null`, `""` and, for types other than String, whitespace-only strings give `null` (cleared).
 * Presence of required fields is not checked here: `validateResource` and `applyPatch` already do,
 * and re-checking would refuse every PATCH of users created before a field became required.
 *
 * Errors: the first invalid value, as a 400 `invalidValue` whose detail starts with the field id,
 * e.g. `dept: "Salse" is not one of Sales, Support`. Never throws.
 */
export const convertFieldValues = (
  fields: readonly FieldDefinition[],
  values: Readonly<Record<string, unknown>>,
): Result<TypedFieldValues, ScimError> => {
  const typed: Record<string, TypedFieldValue> = Object.create(null) as Record<string, TypedFieldValue>;
  for (const field of fields) {
    const raw = Object.hasOwn(values, field.id) ? values[field.id] : undefined;
    const value = convertOne(field, raw);
    if (!value.ok) return value;
    typed[field.id] = value.value;
  }
  return ok({ typed });
};
