/**
 * Checks the attributes of one JSON object against their definitions and builds the validated
 * copy. Output objects only ever receive keys taken from the definitions (canonical names), never
 * keys taken from the client.
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { findAttribute, findSubAttribute } from '../schemas/lookup.ts';
import type { AttributeDefinition } from '../schemas/types.ts';
import { normaliseReference } from '../custom-fields/convert.ts';
import { coerceScalar, expectationFor } from './coerce.ts';
import {
  describeJsonType,
  isJsonObject,
  type AttributeValue,
  type AttributeValues,
  type SimpleValue,
} from './values.ts';

/** Shared state of one validation run. */
export interface ValidationContext {
  readonly maxStringLength: number;
  /** Most elements a multi-valued attribute may have. */
  readonly maxValues: (definition: AttributeDefinition) => number;
  /** Collects paths of attributes dropped because no schema defines them. */
  readonly ignore: (path: string) => void;
}

type Checked<T> = Result<T, ScimError>;

const invalidValue = (detail: string): Checked<never> => err(ScimError.badRequest('invalidValue', detail));

/**
 * Validates `keys` of `object` against `definitions`.
 *
 * @param pathOf - how to name an attribute of this object in details and in `ignored`.
 */
export const validateObject = (
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  definitions: readonly AttributeDefinition[],
  context: ValidationContext,
  pathOf: (name: string) => string,
): Checked<AttributeValues> => {
  const values: Record<string, AttributeValue> = {};
  const keyFor = new Map<string, string>();
  for (const key of keys) {
    const definition = findAttribute(definitions, key);
    if (definition === undefined) {
      // An unknown attribute sent as null carries no data worth reporting (old Entra samples send
      // `"manager": null` at the top level, docs/entra.md §2.3).
      if (object[key] !== null) context.ignore(pathOf(key));
      continue;
    }
    const earlier = keyFor.get(definition.name);
    if (earlier !== undefined) {
      const detail = `Attribute '${pathOf(definition.name)}' appears twice, as ${quoteForDetail(earlier)} and ${quoteForDetail(key)}.`;
      return err(ScimError.badRequest('invalidSyntax', detail));
    }
    keyFor.set(definition.name, key);
    // RFC 7643 §2.2: readOnly values sent by a client SHALL be ignored. The only writeOnly
    // attribute is `password`, which Roster never stores (Okta sends one on create, docs/okta.md §3).
    if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly') continue;
    const value = validateValue(object[key], definition, context, pathOf(definition.name));
    if (!value.ok) return value;
    if (value.value !== undefined) values[definition.name] = value.value;
  }
  return ok(values);
};

/**
 * Validates one attribute value (the whole list for a multi-valued attribute). `null`, and a
 * multi-valued attribute left without elements, mean "absent" (`undefined`). Also used by PATCH
 * to check an operation's value before it is applied, so both paths coerce the same way.
 */
export const validateValue = (
  raw: unknown,
  definition: AttributeDefinition,
  context: ValidationContext,
  path: string,
): Checked<AttributeValue | undefined> => {
  if (raw === null) return ok(undefined);
  if (!definition.multiValued) return validateSingle(raw, definition, context, path);
  if (!Array.isArray(raw))
    return invalidValue(`Attribute '${path}' must be an array; got ${describeJsonType(raw)}.`);
  const items: readonly unknown[] = raw;
  const max = context.maxValues(definition);
  if (items.length > max)
    return invalidValue(`Attribute '${path}' has ${items.length} values; at most ${max} are allowed.`);
  const values: (SimpleValue | AttributeValues)[] = [];
  for (const [index, item] of items.entries()) {
    if (item === null) continue;
    const value = validateSingle(item, definition, context, `${path}[${index}]`);
    if (!value.ok) return value;
    if (value.value !== undefined) values.push(value.value);
  }
  return ok(values.length === 0 ? undefined : values);
};

/**
 * Entra writes `manager` as a bare id string, and older payloads as a one-element array
 * (docs/entra.md §2.3, §2.9, §3.3 rule 6), where RFC 7643 §4.3 has `{ "value": id }`. Any single-valued
 * complex attribute with a `value` sub-attribute accepts those shorthands; `""` means absent.
 */
const expandShorthand = (raw: unknown, definition: AttributeDefinition, path: string): Checked<unknown> => {
  if (definition.multiValued || findSubAttribute(definition, 'value') === undefined) return ok(raw);
  if (typeof raw === 'string') return ok(raw === '' ? null : { value: raw });
  if (!Array.isArray(raw)) return ok(raw);
  const items = (raw as readonly unknown[]).filter((item) => item !== null);
  if (items.length > 1)
    return invalidValue(`Attribute '${path}' is single-valued; got an array of ${items.length} values.`);
  return ok(items[0] ?? null);
};

/**
 * The reverse of {@link expandShorthand}: a single-valued `reference` attribute (an account's
 * Reference field, advertised as RFC 7643 §2.3.7 `reference`) also takes the shapes clients write
 * for a reference such as `manager`: `{ "value": id }` (other sub-attributes ignored) or a
 * one-element array of one (docs/entra.md §4.3). `{}`, `[]` and `{ "value": null }` are absent.
 */
const collapseReference = (raw: unknown, definition: AttributeDefinition): unknown => {
  if (definition.type !== 'reference' || definition.multiValued || typeof raw === 'string') return raw;
  const id = normaliseReference(raw);
  // Not a reference shape: left as it is, to be refused below with the expected type.
  return id === undefined ? raw : id;
};

const validateSingle = (
  rawValue: unknown,
  definition: AttributeDefinition,
  context: ValidationContext,
  path: string,
): Checked<SimpleValue | AttributeValues | undefined> => {
  if (definition.type !== 'complex') {
    const raw = collapseReference(rawValue, definition);
    if (raw === null) return ok(undefined);
    if (typeof raw === 'string' && raw.length > context.maxStringLength) {
      return invalidValue(`Attribute '${path}' is longer than ${context.maxStringLength} characters.`);
    }
    const value = coerceScalar(raw, definition.type);
    if (value !== undefined) return ok(value);
    return invalidValue(
      `Attribute '${path}' must be ${expectationFor(definition.type)}; got ${describeJsonType(raw)}.`,
    );
  }
  const expanded = expandShorthand(rawValue, definition, path);
  if (!expanded.ok) return expanded;
  if (expanded.value === null) return ok(undefined);
  if (!isJsonObject(expanded.value)) {
    return invalidValue(
      `Attribute '${path}' must be an object with sub-attributes; got ${describeJsonType(expanded.value)}.`,
    );
  }
  const object = expanded.value;
  const values = validateObject(
    object,
    Object.keys(object),
    definition.subAttributes ?? [],
    context,
    (name) => `${path}.${name}`,
  );
  if (!values.ok) return values;
  // `{}` (or only ignored/readOnly keys) carries no data: treat it like null.
  return ok(Object.keys(values.value).length === 0 ? undefined : values.value);
};
