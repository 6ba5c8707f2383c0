/**
 * Checks every attribute path of a parsed filter against a resource's schemas and rewrites names to
 * their canonical case, so a query builder can map paths to storage fields with a plain lookup and
 * never meets a name it does not know: queries are built only from known attribute paths, never
 * from raw client strings.
 */
import type { AttributePath } from '../attribute-path.ts';
import { quoteForDetail, ScimError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { findSubAttribute, resolveAttributePath, type ResourceSchemas } from '../schemas/lookup.ts';
import type { AttributeDefinition } from '../schemas/types.ts';
import type { Filter } from './ast.ts';

type Resolved = Result<Filter, ScimError>;

const invalid = (detail: string): Resolved => err(ScimError.badRequest('invalidFilter', detail));

/** Resolves a path inside `attr[...]` against the sub-attributes of `parent`. */
const resolveElementPath = (
  path: AttributePath,
  parent: AttributeDefinition,
): Result<AttributePath, ScimError> => {
  const sub = findSubAttribute(parent, path.attr);
  return sub === undefined
    ? err(
        ScimError.badRequest(
          'invalidFilter',
          `Unknown attribute: ${parent.name} has no sub-attribute ${quoteForDetail(path.attr)}.`,
        ),
      )
    : ok({ attr: sub.name });
};

const resolveLeafPath = (
  path: AttributePath,
  schemas: ResourceSchemas,
  parent: AttributeDefinition | undefined,
): Result<AttributePath, ScimError> => {
  if (parent !== undefined) return resolveElementPath(path, parent);
  const resolved = resolveAttributePath(path, schemas, 'invalidFilter');
  return resolved.ok ? ok(resolved.value.path) : resolved;
};

const resolve = (
  filter: Filter,
  schemas: ResourceSchemas,
  parent: AttributeDefinition | undefined,
): Resolved => {
  switch (filter.kind) {
    case 'compare':
    case 'present': {
      const path = resolveLeafPath(filter.path, schemas, parent);
      return path.ok ? ok({ ...filter, path: path.value }) : path;
    }
    case 'and':
    case 'or': {
      const [first, second, ...rest] = filter.filters;
      const a = resolve(first, schemas, parent);
      if (!a.ok) return a;
      const b = resolve(second, schemas, parent);
      if (!b.ok) return b;
      const more: Filter[] = [];
      for (const child of rest) {
        const next = resolve(child, schemas, parent);
        if (!next.ok) return next;
        more.push(next.value);
      }
      return ok({ kind: filter.kind, filters: [a.value, b.value, ...more] });
    }
    case 'not': {
      const inner = resolve(filter.filter, schemas, parent);
      return inner.ok ? ok({ kind: 'not', filter: inner.value }) : inner;
    }
    case 'valuePath': {
      const target = resolveAttributePath(filter.path, schemas, 'invalidFilter');
      if (!target.ok) return target;
      if (target.value.attribute.type !== 'complex') {
        return invalid(
          `Invalid filter: ${target.value.attribute.name} has no sub-attributes to filter with '[...]'.`,
        );
      }
      const inner = resolve(filter.filter, schemas, target.value.attribute);
      return inner.ok ? ok({ kind: 'valuePath', path: target.value.path, filter: inner.value }) : inner;
    }
  }
};

/**
 * Returns `filter` with every attribute path in canonical case (extension paths keep their
 * canonical URN; core and common ones lose any URN prefix), or a 400 `invalidFilter` naming the
 * first path that is not defined for the resource type.
 */
export const canonicalizeFilter = (filter: Filter, schemas: ResourceSchemas): Result<Filter, ScimError> =>
  resolve(filter, schemas, undefined);
