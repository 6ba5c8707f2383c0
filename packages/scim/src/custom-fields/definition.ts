/**
 * Account-defined User fields: their definitions and the checks an admin CLI/API runs before one is
 * saved. Each field becomes an attribute of the account's custom extension
 * (`urn:roster:scim:schemas:extension:<AccountId>:2:User:<FieldId>`, docs/entra.md §4.1).
 */
import { err, ok, type Result } from '../result.ts';
import { isJsonObject } from '../resource/values.ts';
import { quote } from './detail.ts';

/** Field types in the spelling the product uses; see {@link FieldDefinition.type}. */
export const FIELD_TYPES = [
  'String',
  'Number',
  'Boolean',
  'Date',
  'DateTime',
  'Dropdown',
  'Currency',
  'Reference',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** One custom User field of an account. */
export interface FieldDefinition {
  /**
   * The SCIM attribute name. Matches {@link FIELD_ID_PATTERN}: no `:`, `.`, `[`, `]` or spaces,
   * which Entra and SCIM paths read as syntax (docs/entra.md §4.1). Unique per account in any letter
   * case, since SCIM attribute names are case-insensitive (RFC 7643 §2.1).
   */
  readonly id: string;
  /** Human-readable name; shown in the schema description. */
  readonly label: string;
  /**
   * SCIM type advertised: Reference → reference (a User's id, `referenceTypes: ["User"]`); Number →
   * decimal; Boolean → boolean; DateTime → dateTime; String, Dropdown, Currency, Date → string.
   */
  readonly type: FieldType;
  /** Advertised as the attribute's `required` characteristic, and enforced by POST/PUT and PATCH. */
  readonly required: boolean;
  /** Dropdown only: the allowed values, at least one, unique in any letter case. */
  readonly options?: readonly string[];
  /** Currency only: allowed ISO 4217 codes (three upper-case letters); absent means any code. */
  readonly currencies?: readonly string[];
  /** The application column the field feeds, if any; matches {@link TARGET_PATTERN}. */
  readonly target?: string;
  /** Used for matching or filtering: the store keeps an index on it (MongoDB). */
  readonly indexed?: boolean;
}

/** Field ids: a letter, then up to 63 letters, digits, `_` or `-`. */
export const FIELD_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Targets: a letter, then up to 63 letters, digits or `_`. */
export const TARGET_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

/** Longest label and longest Dropdown option, in UTF-16 code units. */
export const MAX_FIELD_TEXT_LENGTH = 256;
/** Most options of one Dropdown field (they are listed in the schema description). */
export const MAX_DROPDOWN_OPTIONS = 500;

// validateResource refuses bodies containing these keys (resource/unsafe-keys.ts), so a field with
// such an id could never receive a value; it would also shadow Object.prototype members.
const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const ALLOWED_KEYS: ReadonlySet<string> = new Set([
  'id',
  'label',
  'type',
  'required',
  'options',
  'currencies',
  'target',
  'indexed',
]);

const TYPE_BY_LOWER_CASE: ReadonlyMap<string, FieldType> = new Map(
  FIELD_TYPES.map((type) => [type.toLowerCase(), type]),
);

type Checked<T> = Result<T, string>;

/** `null` and `undefined` both mean "not given" for optional properties: JSON forms often send null. */
const given = (value: unknown): boolean => value !== undefined && value !== null;

const checkOptions = (raw: unknown, where: string): Checked<readonly string[]> => {
  if (!Array.isArray(raw)) return err(`${where}: options must be an array of strings.`);
  const items: readonly unknown[] = raw;
  if (items.length === 0) return err(`${where}: a Dropdown field needs at least one option.`);
  if (items.length > MAX_DROPDOWN_OPTIONS)
    return err(
      `${where}: a Dropdown field has at most ${MAX_DROPDOWN_OPTIONS} options; got ${items.length}.`,
    );
  const options: string[] = [];
  const seen = new Map<string, string>();
  for (const item of items) {
    if (typeof item !== 'string') return err(`${where}: options must be an array of strings.`);
    const option = item.trim();
    if (option === '') return err(`${where}: options must not be empty.`);
    if (option.length > MAX_FIELD_TEXT_LENGTH)
      return err(`${where}: options must be at most ${MAX_FIELD_TEXT_LENGTH} characters long.`);
    // Values are matched case-insensitively, so options differing only in case would be ambiguous.
    const earlier = seen.get(option.toLowerCase());
    if (earlier !== undefined)
      return err(`${where}: option ${quote(option)} is listed twice (as ${quote(earlier)}).`);
    seen.set(option.toLowerCase(), option);
    options.push(option);
  }
  return ok(options);
};

const checkCurrencies = (raw: unknown, where: string): Checked<readonly string[]> => {
  const expected = `${where}: currencies must be an array of ISO 4217 codes (three upper-case letters, e.g. "USD").`;
  if (!Array.isArray(raw)) return err(expected);
  const items: readonly unknown[] = raw;
  const codes: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' || !CURRENCY_CODE_PATTERN.test(item)) return err(expected);
    if (codes.includes(item)) return err(`${where}: currency ${item} is listed twice.`);
    codes.push(item);
  }
  return ok(codes);
};

/**
 * Checks one field definition as an admin sent it and returns it in canonical form: `type` in the
 * spelling of {@link FIELD_TYPES} (input in any case), `label` trimmed and defaulting to `id`,
 * `required` defaulting to false, Dropdown options trimmed, an empty `currencies` list omitted.
 * `null` counts as absent for optional properties. Unknown properties are refused, so a typo such
 * as `option` is not silently dropped.
 *
 * Errors are one sentence naming the field, e.g. `Field "dept": options are only allowed for
 * Dropdown fields.` Never throws.
 */
export const validateFieldDefinition = (input: unknown): Result<FieldDefinition, string> => {
  if (!isJsonObject(input)) return err('A field definition must be an object.');
  for (const key of Object.keys(input)) {
    if (!ALLOWED_KEYS.has(key)) {
      return err(
        `A field definition has no property ${quote(key)}; allowed: ${[...ALLOWED_KEYS].join(', ')}.`,
      );
    }
  }

  const { id } = input;
  if (typeof id !== 'string') return err('A field definition needs an id (a string).');
  if (!FIELD_ID_PATTERN.test(id)) {
    return err(
      `Field id ${quote(id)} is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).`,
    );
  }
  if (RESERVED_IDS.has(id.toLowerCase())) return err(`Field id ${JSON.stringify(id)} is reserved.`);
  const where = `Field ${JSON.stringify(id)}`;

  const rawType = input['type'];
  const type = typeof rawType === 'string' ? TYPE_BY_LOWER_CASE.get(rawType.trim().toLowerCase()) : undefined;
  if (type === undefined) {
    const choices = `one of ${FIELD_TYPES.join(', ')}`;
    if (typeof rawType === 'string') return err(`${where}: type ${quote(rawType)} is not ${choices}.`);
    return err(
      given(rawType) ? `${where}: type must be a string, ${choices}.` : `${where}: needs a type, ${choices}.`,
    );
  }

  let label = id;
  if (given(input['label'])) {
    const rawLabel = input['label'];
    if (typeof rawLabel !== 'string') return err(`${where}: label must be a string.`);
    if (rawLabel.trim().length > MAX_FIELD_TEXT_LENGTH)
      return err(`${where}: label must be at most ${MAX_FIELD_TEXT_LENGTH} characters long.`);
    if (rawLabel.trim() !== '') label = rawLabel.trim();
  }

  let required = false;
  if (given(input['required'])) {
    const rawRequired = input['required'];
    if (typeof rawRequired !== 'boolean') return err(`${where}: required must be true or false.`);
    required = rawRequired;
  }

  let options: readonly string[] | undefined;
  if (type === 'Dropdown') {
    if (!given(input['options'])) return err(`${where}: a Dropdown field needs at least one option.`);
    const checked = checkOptions(input['options'], where);
    if (!checked.ok) return checked;
    options = checked.value;
  } else if (given(input['options'])) {
    return err(`${where}: options are only allowed for Dropdown fields.`);
  }

  let currencies: readonly string[] | undefined;
  if (given(input['currencies'])) {
    if (type !== 'Currency') return err(`${where}: currencies are only allowed for Currency fields.`);
    const checked = checkCurrencies(input['currencies'], where);
    if (!checked.ok) return checked;
    if (checked.value.length > 0) currencies = checked.value;
  }

  let target: string | undefined;
  if (given(input['target'])) {
    const rawTarget = input['target'];
    if (typeof rawTarget !== 'string' || !TARGET_PATTERN.test(rawTarget)) {
      return err(
        `${where}: target must start with a letter and contain only letters, digits and "_" (at most 64 characters).`,
      );
    }
    target = rawTarget;
  }

  const indexed = input['indexed'];
  if (given(indexed) && typeof indexed !== 'boolean') return err(`${where}: indexed must be true or false.`);

  return ok({
    id,
    label,
    type,
    required,
    ...(options === undefined ? {} : { options }),
    ...(currencies === undefined ? {} : { currencies }),
    ...(target === undefined ? {} : { target }),
    ...(indexed === true ? { indexed: true } : {}),
  });
};

/**
 * Checks an account's whole field list: each entry with {@link validateFieldDefinition}, then that
 * no two fields share an id in any letter case (SCIM attribute names are case-insensitive, so they
 * would be one attribute) and no two fields feed the same `target`.
 */
export const validateFieldDefinitions = (input: unknown): Result<FieldDefinition[], string> => {
  if (!Array.isArray(input)) return err('Field definitions must be an array.');
  const items: readonly unknown[] = input;
  const fields: FieldDefinition[] = [];
  const byId = new Map<string, FieldDefinition>();
  const byTarget = new Map<string, FieldDefinition>();
  for (const [index, item] of items.entries()) {
    const field = validateFieldDefinition(item);
    if (!field.ok) return err(`fields[${index}]: ${field.error}`);
    const { id, target } = field.value;
    const sameId = byId.get(id.toLowerCase());
    if (sameId !== undefined) {
      return err(
        sameId.id === id
          ? `Field id ${JSON.stringify(id)} is used twice.`
          : `Field ids ${JSON.stringify(sameId.id)} and ${JSON.stringify(id)} differ only in letter case; SCIM attribute names are case-insensitive.`,
      );
    }
    byId.set(id.toLowerCase(), field.value);
    if (target !== undefined) {
      const sameTarget = byTarget.get(target);
      if (sameTarget !== undefined) {
        return err(
          `Fields ${JSON.stringify(sameTarget.id)} and ${JSON.stringify(id)} both feed target ${JSON.stringify(target)}.`,
        );
      }
      byTarget.set(target, field.value);
    }
    fields.push(field.value);
  }
  return ok(fields);
};
