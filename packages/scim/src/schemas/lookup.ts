/**
 * Case-insensitive name lookup (RFC 7643 §2.1: attribute names are case-insensitive) returning the
 * canonical definition, and resolution of parsed paths against a resource's schemas.
 */
import { formatAttributePath, type AttributePath } from '../attribute-path.ts';
import { quoteForDetail, ScimError, type ScimType } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { urnEquals } from '../urn.ts';
import { commonAttributes } from './common.ts';
import type { AttributeDefinition, SchemaDefinition } from './types.ts';

// Definitions are static, so each list is indexed once.
const indexes = new WeakMap<readonly AttributeDefinition[], ReadonlyMap<string, AttributeDefinition>>();

const indexOf = (attributes: readonly AttributeDefinition[]): ReadonlyMap<string, AttributeDefinition> => {
  let index = indexes.get(attributes);
  if (index === undefined) {
    index = new Map(attributes.map((definition) => [definition.name.toLowerCase(), definition]));
    indexes.set(attributes, index);
  }
  return index;
};

/** The attribute of `attributes` called `name` in any letter case. */
export const findAttribute = (
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined => indexOf(attributes).get(name.toLowerCase());

/** The sub-attribute of a complex attribute called `name` in any letter case. */
export const findSubAttribute = (
  parent: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined =>
  parent.subAttributes === undefined ? undefined : findAttribute(parent.subAttributes, name);

/** The schemas one resource type may use: its core schema and the extensions allowed on it. */
export interface ResourceSchemas {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
}

/** A path matched against the schemas, with every name in canonical case. */
export interface ResolvedAttribute {
  /** The schema the attribute belongs to (the core schema for common attributes such as `id`). */
  readonly schema: SchemaDefinition;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
  /** The path in canonical case; `schema` is set only for extension attributes. */
  readonly path: AttributePath;
}

/**
 * Resolves a parsed path. An unqualified path, or one qualified with the core URN, names a common
 * attribute (RFC 7643 §3.1) or a core attribute; extension attributes need their URN (§3.10).
 *
 * @param scimType - `invalidFilter` for filters, `invalidPath` for PATCH paths and `sortBy`.
 */
export const resolveAttributePath = (
  path: AttributePath,
  schemas: ResourceSchemas,
  scimType: ScimType,
): Result<ResolvedAttribute, ScimError> => {
  const fail = (reason: string) =>
    err(
      ScimError.badRequest(
        scimType,
        `Unknown attribute ${quoteForDetail(formatAttributePath(path), 128)}: ${reason}.`,
      ),
    );
  const inCore = path.schema === undefined || urnEquals(path.schema, schemas.core.id);
  const schema = inCore
    ? schemas.core
    : schemas.extensions.find((candidate) => urnEquals(candidate.id, path.schema ?? ''));
  if (schema === undefined) return fail('its schema is not used by this resource type');
  const attribute =
    (inCore ? findAttribute(commonAttributes, path.attr) : undefined) ??
    findAttribute(schema.attributes, path.attr);
  if (attribute === undefined) return fail(`${schema.name} has no attribute ${quoteForDetail(path.attr)}`);
  const canonical: AttributePath = { ...(inCore ? {} : { schema: schema.id }), attr: attribute.name };
  if (path.subAttr === undefined) return ok({ schema, attribute, path: canonical });
  const subAttribute = findSubAttribute(attribute, path.subAttr);
  if (subAttribute === undefined)
    return fail(`${attribute.name} has no sub-attribute ${quoteForDetail(path.subAttr)}`);
  return ok({ schema, attribute, subAttribute, path: { ...canonical, subAttr: subAttribute.name } });
};

/**
 * {@link resolveAttributePath} plus one leniency: an unqualified name that is not a common or core
 * attribute is looked up in the extensions, in order. Entra's legacy reference probe filters on
 * `manager eq "…"` and its clear sends `remove manager[value eq "…"]`, both without the
 * enterprise URN (docs/entra.md §2.9, §7 check 20). Errors are those of the strict lookup.
 */
export const resolveLenientAttribute = (
  path: AttributePath,
  schemas: ResourceSchemas,
  scimType: ScimType,
): Result<ResolvedAttribute, ScimError> => {
  const resolved = resolveAttributePath(path, schemas, scimType);
  if (resolved.ok || path.schema !== undefined) return resolved;
  for (const extension of schemas.extensions) {
    const inExtension = resolveAttributePath({ ...path, schema: extension.id }, schemas, scimType);
    if (inExtension.ok) return inExtension;
  }
  return resolved;
};

/** {@link resolveLenientAttribute} for filters (errors are `invalidFilter`). */
export const resolveFilterAttribute = (
  path: AttributePath,
  schemas: ResourceSchemas,
): Result<ResolvedAttribute, ScimError> => resolveLenientAttribute(path, schemas, 'invalidFilter');
