/**
 * Validation of POST and PUT bodies for Users and Groups (RFC 7644 §3.3, §3.5.1) into a
 * {@link ValidatedResource}: only attributes some schema defines, in canonical case, typed, with
 * the client quirks of docs/entra.md §2.3, §4.2 and docs/okta.md §3 absorbed. Never throws; every
 * rejection is a 400.
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { commonAttributes } from '../schemas/common.ts';
import { groupSchemaDefinition } from '../schemas/group.ts';
import { findAttribute } from '../schemas/lookup.ts';
import type { AttributeDefinition, SchemaDefinition } from '../schemas/types.ts';
import { userSchemaDefinition } from '../schemas/user.ts';
import { urnEquals } from '../urn.ts';
import { validateObject, type ValidationContext } from './attributes.ts';
import { describeUnsafeKey, findUnsafeKey } from './unsafe-keys.ts';
import { describeJsonType, isJsonObject, type AttributeValues } from './values.ts';

export type ResourceTypeName = 'User' | 'Group';

/** Size limits; they bound the memory and storage one request can claim. */
export interface ResourceLimits {
  /** Longest string value, in UTF-16 code units. Default 4096. */
  readonly maxStringLength: number;
  /** Most elements of a multi-valued attribute. Default 1000. */
  readonly maxValues: number;
  /** Most elements of Group `members` in one body. Default 10000. */
  readonly maxGroupMembers: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxStringLength: 4096,
  maxValues: 1000,
  maxGroupMembers: 10_000,
};

/** Most entries reported in {@link ValidatedResource.ignored}; the list is for logs, not a mirror of the body. */
export const MAX_IGNORED_REPORTED = 100;

export interface ValidateResourceOptions {
  /**
   * Extension schemas allowed on this resource for this account, e.g. Enterprise User and the
   * account's custom extension for Users; usually none for Groups. An extension object is accepted
   * under its URN key whether or not `schemas` lists the URN (Entra omits custom URNs, docs/entra.md §4.2).
   */
  readonly extensions: readonly SchemaDefinition[];
  /** Overrides of {@link DEFAULT_RESOURCE_LIMITS}. */
  readonly limits?: Partial<ResourceLimits>;
}

/**
 * A validated User or Group body, ready to be stored.
 *
 * Values are as the client sent them except: `"true"`/`"false"` strings (any case) become booleans
 * for boolean attributes; numeric strings become numbers for integer/decimal attributes; a
 * reference shorthand (`"manager": "id"`) becomes `{ value: "id" }`. `null`, empty arrays and
 * empty objects are absent. readOnly attributes (`id`, `meta`, `groups`,
 * `manager.displayName`, `members.display`) and `password` are dropped silently.
 */
export interface ValidatedResource {
  readonly resourceType: ResourceTypeName;
  /** The core schema URN, then the canonical URN of every extension present in `extensions`. */
  readonly schemas: readonly [string, ...string[]];
  /** Common (`externalId`) and core attributes, keyed by canonical name. */
  readonly core: AttributeValues;
  /** Canonical extension URN → that extension's attributes; only non-empty extensions appear. */
  readonly extensions: Readonly<Record<string, AttributeValues>>;
  /**
   * Attribute paths, as the client spelled them, that no allowed schema defines, e.g. `nickname2`,
   * `name.foo`, `urn:example:other:User` (at most {@link MAX_IGNORED_REPORTED}). Their values are
   * dropped, never stored.
   */
  readonly ignored: readonly string[];
}

type Checked<T> = Result<T, ScimError>;

const invalidSyntax = (detail: string): Checked<never> => err(ScimError.badRequest('invalidSyntax', detail));
const invalidValue = (detail: string): Checked<never> => err(ScimError.badRequest('invalidValue', detail));

// Common attributes sit beside core ones at the top level (RFC 7643 §3.1). Built once so the
// case-insensitive index in schemas/lookup.ts is built once too.
const TOP_LEVEL: Readonly<
  Record<ResourceTypeName, { schema: SchemaDefinition; attributes: readonly AttributeDefinition[] }>
> = {
  User: {
    schema: userSchemaDefinition,
    attributes: [...commonAttributes, ...userSchemaDefinition.attributes],
  },
  Group: {
    schema: groupSchemaDefinition,
    attributes: [...commonAttributes, ...groupSchemaDefinition.attributes],
  },
};
const GROUP_MEMBERS = findAttribute(groupSchemaDefinition.attributes, 'members');

const checkSchemasAttribute = (raw: unknown, core: SchemaDefinition): Checked<true> => {
  const expected = `an array of schema URNs that includes '${core.id}'`;
  if (!Array.isArray(raw)) return invalidValue(`Attribute 'schemas' must be ${expected}.`);
  const urns: readonly unknown[] = raw;
  if (!urns.every((urn) => typeof urn === 'string'))
    return invalidValue(`Attribute 'schemas' must be ${expected}; it contains a non-string.`);
  // Other URNs (Microsoft's ADSCIM Group schema, docs/entra.md §2.10) are allowed and ignored.
  return urns.some((urn) => urnEquals(urn, core.id))
    ? ok(true)
    : invalidValue(`Attribute 'schemas' must be ${expected} for a ${core.name}.`);
};

export const checkRequired = (
  values: AttributeValues,
  schema: SchemaDefinition,
  pathOf: (name: string) => string,
): Checked<true> => {
  for (const definition of schema.attributes) {
    if (!definition.required) continue;
    const value = values[definition.name];
    if (value === undefined) return invalidValue(`Attribute '${pathOf(definition.name)}' is required.`);
    if (typeof value === 'string' && value.trim() === '') {
      return invalidValue(`Attribute '${pathOf(definition.name)}' is required and must not be empty.`);
    }
  }
  return ok(true);
};

/** Top-level keys sorted by role, each role matched case-insensitively. */
export interface TopLevelKeys {
  readonly schemasKey: string | undefined;
  readonly coreKeys: readonly string[];
  readonly extensionKeys: ReadonlyMap<SchemaDefinition, string>;
}

export const sortTopLevelKeys = (
  body: Readonly<Record<string, unknown>>,
  extensions: readonly SchemaDefinition[],
): Checked<TopLevelKeys> => {
  let schemasKey: string | undefined;
  const coreKeys: string[] = [];
  const extensionKeys = new Map<SchemaDefinition, string>();
  const twice = (earlier: string, key: string) =>
    invalidSyntax(
      `Attribute ${quoteForDetail(key, 128)} appears twice, as ${quoteForDetail(earlier, 128)} and ${quoteForDetail(key, 128)}.`,
    );
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === 'schemas') {
      if (schemasKey !== undefined) return twice(schemasKey, key);
      schemasKey = key;
      continue;
    }
    const extension = extensions.find((candidate) => urnEquals(candidate.id, key));
    if (extension === undefined) {
      coreKeys.push(key);
      continue;
    }
    const earlier = extensionKeys.get(extension);
    if (earlier !== undefined) return twice(earlier, key);
    extensionKeys.set(extension, key);
  }
  return ok({ schemasKey, coreKeys, extensionKeys });
};

export const resolveLimits = (limits: Partial<ResourceLimits> | undefined): ResourceLimits => ({
  ...DEFAULT_RESOURCE_LIMITS,
  ...limits,
});

/** The context every validation run uses; `ignore` receives paths of attributes no schema defines. */
export const createValidationContext = (
  limits: ResourceLimits,
  ignore: (path: string) => void,
): ValidationContext => ({
  maxStringLength: limits.maxStringLength,
  maxValues: (definition) => (definition === GROUP_MEMBERS ? limits.maxGroupMembers : limits.maxValues),
  ignore,
});

/**
 * Validates a POST or PUT body for `resourceType`.
 *
 * Rejections (all status 400): a body that is not a JSON object, or that contains a `__proto__`,
 * `constructor` or `prototype` key or a `$` key other than `$ref` anywhere (invalidSyntax); the
 * same attribute twice in different letter case (invalidSyntax); `schemas` missing, malformed or
 * without the core URN (invalidValue); a value of the wrong type or shape, a missing required
 * attribute (`userName`, Group `displayName`), a string longer than `maxStringLength` or too many
 * values (invalidValue, naming the attribute path and what was expected).
 */
export const validateResource = (
  body: unknown,
  resourceType: ResourceTypeName,
  options: ValidateResourceOptions,
): Result<ValidatedResource, ScimError> => {
  if (!isJsonObject(body)) return invalidSyntax('The request body must be a JSON object.');
  const unsafe = findUnsafeKey(body);
  if (unsafe !== undefined) return invalidSyntax(describeUnsafeKey(unsafe));
  const { schema: core, attributes: topLevel } = TOP_LEVEL[resourceType];
  const keys = sortTopLevelKeys(body, options.extensions);
  if (!keys.ok) return keys;
  const schemasCheck = checkSchemasAttribute(
    keys.value.schemasKey === undefined ? undefined : body[keys.value.schemasKey],
    core,
  );
  if (!schemasCheck.ok) return schemasCheck;

  const limits = resolveLimits(options.limits);
  const ignored: string[] = [];
  const context = createValidationContext(limits, (path) => {
    if (ignored.length < MAX_IGNORED_REPORTED)
      ignored.push(path.length > 256 ? `${path.slice(0, 256)}…` : path);
  });

  const coreValues = validateObject(body, keys.value.coreKeys, topLevel, context, (name) => name);
  if (!coreValues.ok) return coreValues;
  const coreRequired = checkRequired(coreValues.value, core, (name) => name);
  if (!coreRequired.ok) return coreRequired;

  const schemas: [string, ...string[]] = [core.id];
  const extensions: Record<string, AttributeValues> = {};
  for (const extension of options.extensions) {
    const key = keys.value.extensionKeys.get(extension);
    const raw = key === undefined ? null : body[key];
    if (raw === null || raw === undefined) continue;
    if (!isJsonObject(raw)) {
      return invalidValue(
        `Attribute '${extension.id}' must be an object holding the extension's attributes; got ${describeJsonType(raw)}.`,
      );
    }
    const pathOf = (name: string) => `${extension.id}:${name}`;
    const values = validateObject(raw, Object.keys(raw), extension.attributes, context, pathOf);
    if (!values.ok) return values;
    const required = checkRequired(values.value, extension, pathOf);
    if (!required.ok) return required;
    if (Object.keys(values.value).length === 0) continue;
    schemas.push(extension.id);
    extensions[extension.id] = values.value;
  }

  return ok({ resourceType, schemas, core: coreValues.value, extensions, ignored });
};
