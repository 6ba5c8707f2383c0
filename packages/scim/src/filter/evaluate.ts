/**
 * Evaluates a filter against one resource in its SCIM JSON form (RFC 7644 §3.4.2.2). The
 * store uses it to re-check candidates when a query could only be approximated (FerretDB
 * v1 lacks field-level $elemMatch), so both must agree on every operator's meaning.
 */
import type { AttributePath } from '../attribute-path.ts';
import { instantOf } from '../instant.ts';
import { findSubAttribute, resolveFilterAttribute, type ResourceSchemas } from '../schemas/lookup.ts';
import type { AttributeDefinition } from '../schemas/types.ts';
import type { CompareFilter, Filter } from './ast.ts';

type Json = Record<string, unknown>;

interface Located {
  values: readonly unknown[];
  definition: AttributeDefinition;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = (value: unknown): readonly unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** Reads a key of a SCIM object case-insensitively (clients and storage agree on canonical case, but be safe). */
const read = (object: Json, name: string): unknown => {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
};

function locateTop(resource: Json, path: AttributePath, schemas: ResourceSchemas): Located | undefined {
  const resolved = resolveFilterAttribute(path, schemas);
  if (!resolved.ok) return undefined;
  const { schema, attribute, subAttribute } = resolved.value;
  const container = schema.id === schemas.core.id ? resource : read(resource, schema.id);
  if (!isObject(container)) return { values: [], definition: subAttribute ?? attribute };
  const top = asList(read(container, attribute.name));
  if (subAttribute === undefined) return { values: top, definition: attribute };
  return {
    values: top.flatMap((element) => (isObject(element) ? asList(read(element, subAttribute.name)) : [])),
    definition: subAttribute,
  };
}

function locateInElement(
  element: Json,
  path: AttributePath,
  parent: AttributeDefinition,
): Located | undefined {
  const sub = findSubAttribute(parent, path.attr);
  return sub === undefined ? undefined : { values: asList(read(element, sub.name)), definition: sub };
}

function compareOne(actual: unknown, filter: CompareFilter, definition: AttributeDefinition): boolean {
  const expected = filter.value;
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (definition.type === 'dateTime' && ['gt', 'ge', 'lt', 'le', 'eq', 'ne'].includes(filter.op)) {
      const a = instantOf(actual);
      const b = instantOf(expected);
      if (a !== undefined && b !== undefined) return order(a, b, filter.op);
    }
    const a = definition.caseExact ? actual : actual.toLowerCase();
    const b = definition.caseExact ? expected : expected.toLowerCase();
    switch (filter.op) {
      case 'co':
        return a.includes(b);
      case 'sw':
        return a.startsWith(b);
      case 'ew':
        return a.endsWith(b);
      default:
        return order(a, b, filter.op);
    }
  }
  if (typeof actual === 'number' && typeof expected === 'number') return order(actual, expected, filter.op);
  if (typeof actual === 'boolean' && typeof expected === 'boolean') {
    return filter.op === 'eq' ? actual === expected : filter.op === 'ne' ? actual !== expected : false;
  }
  return filter.op === 'ne';
}

function order<T extends string | number>(a: T, b: T, op: CompareFilter['op']): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

const isPresent = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

function evaluate(filter: Filter, locate: (path: AttributePath) => Located | undefined): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.filters.every((inner) => evaluate(inner, locate));
    case 'or':
      return filter.filters.some((inner) => evaluate(inner, locate));
    case 'not':
      return !evaluate(filter.filter, locate);
    case 'present':
      return (locate(filter.path)?.values ?? []).some(isPresent);
    case 'compare': {
      let located = locate(filter.path);
      if (
        located !== undefined &&
        located.definition.type === 'complex' &&
        filter.path.subAttr === undefined
      ) {
        located = locate({ ...filter.path, subAttr: 'value' });
      }
      if (located === undefined) return false;
      if (filter.value === null) {
        const present = located.values.some(isPresent);
        return filter.op === 'eq' ? !present : filter.op === 'ne' ? present : false;
      }
      const { values, definition } = located;
      // ne holds when no value equals; the other operators when some value satisfies them.
      if (filter.op === 'ne')
        return !values.some((value) => compareOne(value, { ...filter, op: 'eq' }, definition));
      return values.some((value) => compareOne(value, filter, definition));
    }
    case 'valuePath': {
      const located = locate(filter.path);
      if (located === undefined || located.definition.type !== 'complex') return false;
      const parent = located.definition;
      return located.values.some(
        (element) =>
          isObject(element) && evaluate(filter.filter, (path) => locateInElement(element, path, parent)),
      );
    }
  }
}

/** True when `resource` (SCIM JSON: core attributes by name, extensions under their URN) satisfies `filter`. */
export const matchesFilter = (resource: Json, filter: Filter, schemas: ResourceSchemas): boolean =>
  evaluate(filter, (path) => {
    // Server-owned `id` and `meta` are common attributes (RFC 7643 §3.1), resolved from the core schema.
    return locateTop(resource, path, schemas);
  });

/**
 * True when one element of the complex attribute `parent` (an email object, a manager object)
 * satisfies `filter`, whose paths are relative to the element as in `emails[type eq "work"]`.
 * PATCH uses it to pick the values a filtered path targets, so it agrees with {@link matchesFilter}.
 */
export const matchesValueFilter = (element: unknown, filter: Filter, parent: AttributeDefinition): boolean =>
  isObject(element) && evaluate(filter, (path) => locateInElement(element, path, parent));
