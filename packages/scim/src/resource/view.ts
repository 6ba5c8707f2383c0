/**
 * The "SCIM view" of a stored resource: plain JSON with core and common attributes under their
 * canonical names and each extension's attributes in an object under its canonical URN, without
 * the server-owned `id`, `meta` and `schemas` (and, for Groups, without `members`, which live in
 * their own collection). PATCH reads and writes this form; `validateView` holds it to the same
 * rules as POST/PUT bodies (see `validate.ts`).
 */
import { ScimError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { commonAttributes } from '../schemas/common.ts';
import type { ResourceSchemas } from '../schemas/lookup.ts';
import type { AttributeDefinition, SchemaDefinition } from '../schemas/types.ts';
import { validateObject } from './attributes.ts';
import { checkRequired, createValidationContext, sortTopLevelKeys, type ResourceLimits } from './validate.ts';
import { describeJsonType, isJsonObject } from './values.ts';

/** A resource as PATCH sees it (module comment). Values are JSON as stored. */
export interface ScimView {
  readonly [name: string]: unknown;
}

// Built once per core schema so the case-insensitive index in schemas/lookup.ts is built once too.
const topLevelCache = new WeakMap<SchemaDefinition, readonly AttributeDefinition[]>();

/** Common attributes (RFC 7643 §3.1) followed by the attributes of `core`. */
export const topLevelAttributes = (core: SchemaDefinition): readonly AttributeDefinition[] => {
  let attributes = topLevelCache.get(core);
  if (attributes === undefined) {
    attributes = [...commonAttributes, ...core.attributes];
    topLevelCache.set(core, attributes);
  }
  return attributes;
};

/**
 * Validates a view against `schemas` with the rules of `validateResource` (types, coercions,
 * shorthands, limits, required attributes) and returns it in canonical form: canonical names,
 * coerced values, no attribute a schema does not define, no readOnly or writeOnly attribute, no
 * empty extension object. A `schemas` key, if present, is ignored. The result shares no object
 * with the input.
 */
export const validateView = (
  view: ScimView,
  schemas: ResourceSchemas,
  limits: ResourceLimits,
): Result<ScimView, ScimError> => {
  const keys = sortTopLevelKeys(view, schemas.extensions);
  if (!keys.ok) return keys;
  const context = createValidationContext(limits, () => undefined);
  const core = validateObject(
    view,
    keys.value.coreKeys,
    topLevelAttributes(schemas.core),
    context,
    (name) => name,
  );
  if (!core.ok) return core;
  const coreRequired = checkRequired(core.value, schemas.core, (name) => name);
  if (!coreRequired.ok) return coreRequired;

  const result: Record<string, unknown> = { ...core.value };
  for (const extension of schemas.extensions) {
    const key = keys.value.extensionKeys.get(extension);
    const raw = key === undefined ? undefined : view[key];
    if (raw === null || raw === undefined) continue;
    if (!isJsonObject(raw)) {
      const detail = `Attribute '${extension.id}' must be an object holding the extension's attributes; got ${describeJsonType(raw)}.`;
      return err(ScimError.badRequest('invalidValue', detail));
    }
    const pathOf = (name: string) => `${extension.id}:${name}`;
    const values = validateObject(raw, Object.keys(raw), extension.attributes, context, pathOf);
    if (!values.ok) return values;
    const required = checkRequired(values.value, extension, pathOf);
    if (!required.ok) return required;
    if (Object.keys(values.value).length > 0) result[extension.id] = values.value;
  }
  return ok(result);
};
