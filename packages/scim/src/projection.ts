/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.9, §3.4.2.5) applied to a rendered resource,
 * with the `returned` characteristic of every attribute (RFC 7643 §2.2):
 *
 * - `always` (`id`, and `schemas`, which no schema lists as an attribute) is always returned;
 *   `excludedAttributes` cannot remove it.
 * - `never` (`password`) is never returned, even when asked for.
 * - `default` is returned unless `attributes` is given and does not name it, or
 *   `excludedAttributes` names it.
 * - `request` is returned only when `attributes` names it.
 *
 * Naming a complex attribute selects all its sub-attributes; naming a sub-attribute
 * (`name.givenName`, `emails.value`) selects just that one. Paths a schema does not define are
 * ignored, not an error: Entra sends `excludedAttributes=members` to User endpoints too, and
 * RFC 7644 §3.9 gives no error for it.
 */
import type { AttributePath } from './attribute-path.ts';
import { topLevelAttributes } from './resource/view.ts';
import { isJsonObject } from './resource/values.ts';
import {
  findAttribute,
  findSubAttribute,
  resolveLenientAttribute,
  type ResourceSchemas,
} from './schemas/lookup.ts';
import type { AttributeDefinition } from './schemas/types.ts';
import { urnEquals } from './urn.ts';

export interface ProjectionRequest {
  /** From `attributes=`, parsed with `parseAttributeList`; empty or absent means "the default set". */
  readonly attributes?: readonly AttributePath[];
  /** From `excludedAttributes=`. When both are given, `attributes` selects and this then removes. */
  readonly excludedAttributes?: readonly AttributePath[];
}

/** Attributes named whole, and sub-attributes named per parent. */
interface Selection {
  readonly whole: ReadonlySet<AttributeDefinition>;
  readonly subs: ReadonlyMap<AttributeDefinition, ReadonlySet<AttributeDefinition>>;
}

/**
 * Which sub-attributes of one complex value to keep: those of the default set, all of them (the
 * attribute was named, so `request` ones too), or the named ones.
 */
type Keep = 'default' | 'all' | ReadonlySet<AttributeDefinition>;

const select = (paths: readonly AttributePath[], schemas: ResourceSchemas): Selection => {
  const whole = new Set<AttributeDefinition>();
  const subs = new Map<AttributeDefinition, Set<AttributeDefinition>>();
  for (const path of paths) {
    const resolved = resolveLenientAttribute(path, schemas, 'invalidPath');
    if (!resolved.ok) continue;
    const { attribute, subAttribute } = resolved.value;
    if (subAttribute === undefined) {
      whole.add(attribute);
      continue;
    }
    const named = subs.get(attribute) ?? new Set<AttributeDefinition>();
    named.add(subAttribute);
    subs.set(attribute, named);
  }
  return { whole, subs };
};

const named = (selection: Selection, definition: AttributeDefinition): Keep | undefined =>
  selection.whole.has(definition) ? 'all' : selection.subs.get(definition);

/** One complex value with only the sub-attributes `keep` allows and `excluded` does not remove. */
const projectComplex = (
  value: Readonly<Record<string, unknown>>,
  definition: AttributeDefinition,
  keep: Keep,
  excluded: ReadonlySet<AttributeDefinition> | undefined,
): Record<string, unknown> | undefined => {
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const sub = findSubAttribute(definition, key);
    if (sub === undefined) {
      // Not in the schema, so it has no `returned`: part of the default view only.
      if (keep === 'default' || keep === 'all') entries.push([key, item]);
      continue;
    }
    if (sub.returned === 'never') continue;
    if (sub.returned !== 'always') {
      if (typeof keep !== 'string' && !keep.has(sub)) continue;
      if (keep === 'default' && sub.returned === 'request') continue;
      if (excluded?.has(sub) === true) continue;
    }
    entries.push([key, item]);
  }
  // Object.fromEntries defines own data properties, so no key can reach a prototype.
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
};

/** The projected value of one attribute, or `undefined` to leave it out. */
const projectAttribute = (
  value: unknown,
  definition: AttributeDefinition,
  requested: Selection | undefined,
  excluded: Selection,
): unknown => {
  if (definition.returned === 'never') return undefined;
  let keep: Keep = 'default';
  let excludedSubs: ReadonlySet<AttributeDefinition> | undefined;
  if (definition.returned !== 'always') {
    if (requested !== undefined) {
      const asked = named(requested, definition);
      if (asked === undefined) return undefined;
      keep = asked;
    } else if (definition.returned === 'request') {
      return undefined;
    }
    if (excluded.whole.has(definition)) return undefined;
    excludedSubs = excluded.subs.get(definition);
  }
  if (definition.type !== 'complex') return value;
  if (!definition.multiValued)
    return isJsonObject(value) ? projectComplex(value, definition, keep, excludedSubs) : value;
  if (!Array.isArray(value) || value.length === 0) return value;
  const elements = (value as readonly unknown[])
    .map((element) =>
      isJsonObject(element) ? projectComplex(element, definition, keep, excludedSubs) : element,
    )
    .filter((element) => element !== undefined);
  return elements.length === 0 ? undefined : elements;
};

/** The projected `[key, value]` pairs of one schema's attributes, in the order given. */
const projectEntries = (
  entries: readonly (readonly [string, unknown])[],
  attributes: readonly AttributeDefinition[],
  requested: Selection | undefined,
  excluded: Selection,
): [string, unknown][] => {
  const projected: [string, unknown][] = [];
  for (const [key, value] of entries) {
    const definition = findAttribute(attributes, key);
    if (definition === undefined) {
      // Not in the schema, so it has no `returned`: part of the default view only.
      if (requested === undefined) projected.push([key, value]);
      continue;
    }
    const kept = projectAttribute(value, definition, requested, excluded);
    if (kept !== undefined) projected.push([key, kept]);
  }
  return projected;
};

/**
 * Projects a rendered resource (with `schemas`, `id`, `meta` and extension objects under their URN
 * keys) for a response. Returns a new object; `resource` is not modified. An extension object left
 * empty is dropped; `schemas` is returned as rendered.
 */
export const projectResource = (
  resource: Readonly<Record<string, unknown>>,
  request: ProjectionRequest,
  schemas: ResourceSchemas,
): Record<string, unknown> => {
  const requested =
    request.attributes === undefined || request.attributes.length === 0
      ? undefined
      : select(request.attributes, schemas);
  const excluded = select(request.excludedAttributes ?? [], schemas);
  const topLevel = topLevelAttributes(schemas.core);
  const entries: [string, unknown][] = [];
  for (const entry of Object.entries(resource)) {
    const [key, value] = entry;
    const extension = schemas.extensions.find((candidate) => urnEquals(candidate.id, key));
    if (key.toLowerCase() === 'schemas') {
      entries.push(entry);
    } else if (extension === undefined) {
      entries.push(...projectEntries([entry], topLevel, requested, excluded));
    } else if (isJsonObject(value)) {
      const inner = projectEntries(Object.entries(value), extension.attributes, requested, excluded);
      if (inner.length > 0) entries.push([key, Object.fromEntries(inner)]);
    }
  }
  // Object.fromEntries defines own data properties, so no key can reach a prototype.
  return Object.fromEntries(entries);
};
