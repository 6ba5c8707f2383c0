/**
 * Resolves a PATCH path to the attribute it names, in canonical case, and applies the mutability
 * rules that depend only on the path (RFC 7644 §3.5.2: "a client MUST NOT modify an attribute
 * that has mutability readOnly"). Value-dependent rules live in `apply.ts`.
 */
import { formatAttributePath } from '../attribute-path.ts';
import { quoteForDetail, ScimError } from '../errors.ts';
import type { Filter } from '../filter/ast.ts';
import type { PatchPath } from '../filter/parser.ts';
import { canonicalizeFilter } from '../filter/resolve.ts';
import { coerceScalar } from '../resource/coerce.ts';
import { err, ok, type Result } from '../result.ts';
import { findSubAttribute, resolveLenientAttribute, type ResourceSchemas } from '../schemas/lookup.ts';
import type { AttributeDefinition, SchemaDefinition } from '../schemas/types.ts';
import { urnEquals } from '../urn.ts';

export interface PatchTarget {
  /** The schema the attribute belongs to (the core schema for common attributes). */
  readonly schema: SchemaDefinition;
  /** True when the attribute lives in the extension object keyed by `schema.id`. */
  readonly inExtension: boolean;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
  /** The value filter, canonical and relative to one element, with literals coerced to type. */
  readonly filter?: Filter;
  /** The canonical path for error details, e.g. `name.givenName` or `urn:…:User:manager`. */
  readonly label: string;
  /** writeOnly (`password`): accepted and dropped, never stored (RFC 7643 §2.2, docs/okta.md §3). */
  readonly writeOnly: boolean;
}

type Checked<T> = Result<T, ScimError>;

const mutability = (detail: string): Checked<never> => err(ScimError.badRequest('mutability', detail));

/**
 * Rewrites string literals compared with boolean or numeric sub-attributes to their typed value:
 * Entra writes `roles[primary eq "True"]` (docs/entra.md §2.5) while stored values are booleans.
 */
const coerceLiterals = (filter: Filter, parent: AttributeDefinition): Filter => {
  switch (filter.kind) {
    case 'compare': {
      const sub = findSubAttribute(parent, filter.path.attr);
      if (sub === undefined || typeof filter.value !== 'string' || sub.type === 'complex') return filter;
      if (sub.type !== 'boolean' && sub.type !== 'integer' && sub.type !== 'decimal') return filter;
      const value = coerceScalar(filter.value, sub.type);
      return value === undefined ? filter : { ...filter, value };
    }
    case 'and':
    case 'or': {
      const [first, second, ...rest] = filter.filters;
      return {
        kind: filter.kind,
        filters: [
          coerceLiterals(first, parent),
          coerceLiterals(second, parent),
          ...rest.map((child) => coerceLiterals(child, parent)),
        ],
      };
    }
    case 'not':
      return { kind: 'not', filter: coerceLiterals(filter.filter, parent) };
    case 'present':
    case 'valuePath':
      return filter;
  }
};

const resolveFilter = (
  path: PatchPath,
  resolved: { readonly attribute: AttributeDefinition; readonly canonical: PatchPath },
  schemas: ResourceSchemas,
): Checked<Filter | undefined> => {
  if (path.valueFilter === undefined) return ok(undefined);
  // Checked as a whole `attr[filter]` so the filter's names are resolved against the attribute.
  const checked = canonicalizeFilter(
    { kind: 'valuePath', path: resolved.canonical, filter: path.valueFilter },
    schemas,
  );
  if (!checked.ok) return checked;
  const inner = checked.value.kind === 'valuePath' ? checked.value.filter : path.valueFilter;
  return ok(coerceLiterals(inner, resolved.attribute));
};

/**
 * Resolves `path`. Unknown attributes are a 400 `invalidPath`, or `undefined` when `unknown` is
 * `'ignore'` (keys of a path-less value, which are ignored like unknown attributes of a POST body).
 * readOnly attributes and sub-attributes (`id`, `meta`, `groups`, `manager.displayName`), and the
 * server-owned `schemas`, are a 400 `mutability`.
 */
export const resolveTarget = (
  path: PatchPath,
  schemas: ResourceSchemas,
  unknown: 'error' | 'ignore',
): Checked<PatchTarget | undefined> => {
  const inCore = path.schema === undefined || urnEquals(path.schema, schemas.core.id);
  if (inCore && path.attr.toLowerCase() === 'schemas') {
    return mutability("Attribute 'schemas' is set by the server; it cannot be changed.");
  }
  const resolved = resolveLenientAttribute(path, schemas, 'invalidPath');
  if (!resolved.ok) return unknown === 'ignore' ? ok(undefined) : resolved;
  const { schema, attribute, subAttribute } = resolved.value;
  const label = formatAttributePath(resolved.value.path);
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
    return mutability(`Attribute ${quoteForDetail(label, 128)} is readOnly; it cannot be changed.`);
  }
  const canonical: PatchPath = {
    ...(resolved.value.path.schema === undefined ? {} : { schema: resolved.value.path.schema }),
    attr: resolved.value.path.attr,
  };
  const filter = resolveFilter(path, { attribute, canonical }, schemas);
  if (!filter.ok) return filter;
  return ok({
    schema,
    inExtension: resolved.value.path.schema !== undefined,
    attribute,
    ...(subAttribute === undefined ? {} : { subAttribute }),
    ...(filter.value === undefined ? {} : { filter: filter.value }),
    label,
    writeOnly: attribute.mutability === 'writeOnly' || subAttribute?.mutability === 'writeOnly',
  });
};
