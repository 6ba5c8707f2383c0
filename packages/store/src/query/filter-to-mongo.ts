import {
  err,
  instantOf,
  ok,
  ScimError,
  type AttributeDefinition,
  type AttributePath,
  type Filter,
  type Result,
} from '@roster/scim';

/** Where and how one SCIM attribute is stored, as far as querying is concerned. */
export interface StoredAttribute {
  /** Dotted document path, e.g. `core.emails` or `ext.enterprise.employeeNumber`. */
  path: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
  caseExact: boolean;
  multiValued: boolean;
  /** Equality and prefix matches use this lower-cased copy instead (indexed, no collation needed). */
  normalizedPath?: string;
  /** Stored as a BSON date (server-owned timestamps) rather than the string the client sent. */
  storedAsDate?: boolean;
  /**
   * For a dateTime kept as the client's string: where a BSON date copy is stored. `eq`, `ne` and
   * the orderings compare there, as instants; `co`/`sw`/`ew` match the string.
   */
  instantPath?: string;
  /** For complex attributes: what a value filter (`emails[type eq "work"]`) may name. */
  subAttributes?: readonly AttributeDefinition[];
}

/**
 * Maps a filter path to its storage, or `undefined` for an attribute that cannot be
 * filtered. `parent` is set inside a value filter (`emails[type eq "work"]`): the path is
 * then relative to one element of `parent`.
 */
export type AttributeResolver = (
  path: AttributePath,
  parent?: StoredAttribute,
) => StoredAttribute | undefined;

type MongoQuery = Record<string, unknown>;

/**
 * Client text inside a regex matches literally: metacharacters are escaped, and control
 * characters (NUL above all, which BSON cannot carry in a regex) become `\xNN` escapes.
 */
const escapeRegex = (text: string): string =>
  text
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/[\u0000-\u001f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);

const invalid = (detail: string): Result<never, ScimError> =>
  err(ScimError.badRequest('invalidFilter', detail));

const describePath = (path: AttributePath): string =>
  `${path.schema === undefined ? '' : `${path.schema}:`}${path.attr}${path.subAttr === undefined ? '' : `.${path.subAttr}`}`;

/** Converts a filter value to what is stored for `attribute`, or an error naming the mismatch. */
function storedValue(
  attribute: StoredAttribute,
  value: string | number | boolean,
  label: string,
): Result<unknown, ScimError> {
  switch (attribute.type) {
    case 'boolean':
      if (typeof value === 'boolean') return ok(value);
      if (typeof value === 'string' && /^(true|false)$/i.test(value))
        return ok(value.toLowerCase() === 'true');
      return invalid(`${label} is a boolean; compare it with true or false`);
    case 'integer':
    case 'decimal': {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      return Number.isFinite(number) ? ok(number) : invalid(`${label} is a number`);
    }
    case 'dateTime':
      if (attribute.storedAsDate === true) {
        const instant = typeof value === 'string' ? instantOf(value) : undefined;
        return instant !== undefined
          ? ok(new Date(instant))
          : invalid(`${label} needs an xsd:dateTime value`);
      }
      return typeof value === 'string' ? ok(value) : invalid(`${label} needs an xsd:dateTime value`);
    default:
      return ok(typeof value === 'string' ? value : String(value));
  }
}

const INSTANT_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function compare(
  filter: Extract<Filter, { kind: 'compare' }>,
  attribute: StoredAttribute,
): Result<MongoQuery, ScimError> {
  if (attribute.instantPath !== undefined && filter.value !== null && INSTANT_OPERATORS.has(filter.op)) {
    const { instantPath, ...asString } = attribute;
    return compare(filter, { ...asString, path: instantPath, storedAsDate: true });
  }
  const label = describePath(filter.path);
  if (filter.value === null) {
    // RFC 7644 §3.4.2.2: `eq null` / `ne null` behave as absence / presence.
    if (filter.op === 'eq') return ok({ [attribute.path]: null });
    if (filter.op === 'ne') return ok({ [attribute.path]: { $ne: null } });
    return invalid(`${filter.op} cannot compare ${label} with null`);
  }
  const converted = storedValue(attribute, filter.value, label);
  if (!converted.ok) return converted;
  const value = converted.value;
  const foldCase = typeof value === 'string' && !attribute.caseExact;
  const path = foldCase && attribute.normalizedPath !== undefined ? attribute.normalizedPath : attribute.path;
  const usesKey = path !== attribute.path;
  const text = typeof value === 'string' ? (usesKey ? value.toLowerCase() : value) : '';
  const regex = (pattern: string): MongoQuery => ({
    [path]: { $regex: pattern, ...(foldCase && !usesKey ? { $options: 'i' } : {}) },
  });

  switch (filter.op) {
    case 'eq':
      return ok(foldCase && !usesKey ? regex(`^${escapeRegex(text)}$`) : { [path]: usesKey ? text : value });
    case 'ne':
      return ok(
        foldCase && !usesKey
          ? { [path]: { $not: new RegExp(`^${escapeRegex(text)}$`, 'i') } }
          : { [path]: { $ne: usesKey ? text : value } },
      );
    case 'co':
    case 'sw':
    case 'ew': {
      if (typeof value !== 'string')
        return invalid(`${filter.op} needs a string attribute; ${label} is not one`);
      const body = escapeRegex(text);
      return ok(regex(filter.op === 'co' ? body : filter.op === 'sw' ? `^${body}` : `${body}$`));
    }
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      if (typeof value === 'boolean') return invalid(`${filter.op} cannot order the boolean ${label}`);
      return ok({
        [attribute.path]: {
          [`$${filter.op === 'ge' ? 'gte' : filter.op === 'le' ? 'lte' : filter.op}`]: value,
        },
      });
    }
  }
}

interface Inexact {
  flag: boolean;
}

function translate(
  filter: Filter,
  resolve: AttributeResolver,
  parent: StoredAttribute | undefined,
  inexact: Inexact,
): Result<MongoQuery, ScimError> {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const parts: MongoQuery[] = [];
      for (const inner of filter.filters) {
        const part = translate(inner, resolve, parent, inexact);
        if (!part.ok) return part;
        parts.push(part.value);
      }
      return ok({ [filter.kind === 'and' ? '$and' : '$or']: parts });
    }
    case 'not': {
      const innerInexact: Inexact = { flag: false };
      const inner = translate(filter.filter, resolve, parent, innerInexact);
      if (!inner.ok) return inner;
      // The negation of a superset is a subset: drop the constraint and let the re-check decide.
      if (innerInexact.flag) {
        inexact.flag = true;
        return ok({});
      }
      return ok({ $nor: [inner.value] });
    }
    case 'present': {
      const attribute = resolve(filter.path, parent);
      if (attribute === undefined)
        return invalid(`${describePath(filter.path)} is not a filterable attribute`);
      return ok({ [attribute.path]: { $exists: true, $nin: [null, ''] } });
    }
    case 'compare': {
      let attribute = resolve(filter.path, parent);
      if (attribute === undefined)
        return invalid(`${describePath(filter.path)} is not a filterable attribute`);
      if (attribute.type === 'complex' && filter.path.subAttr === undefined) {
        // `manager eq "id"`, `emails co "x"`: a complex attribute compares by its `value` (RFC 7644 §3.4.2.2).
        attribute = resolve({ ...filter.path, subAttr: 'value' }, parent);
        if (attribute === undefined)
          return invalid(`${describePath(filter.path)} is complex; filter on a sub-attribute`);
      }
      return compare(filter, attribute);
    }
    case 'valuePath': {
      const attribute = resolve(filter.path, parent);
      if (attribute === undefined || attribute.type !== 'complex') {
        return invalid(`${describePath(filter.path)} is not a multi-valued complex attribute`);
      }
      const inner = translate(filter.filter, resolve, attribute, inexact);
      if (!inner.ok) return inner;
      // FerretDB v1 supports $elemMatch only with operator expressions, so "some element
      // matches all clauses" cannot be said in one query there. The clauses are applied to
      // the array paths independently (a superset of the exact answer), and the result is
      // marked inexact so the repository re-checks candidates with the SCIM evaluator.
      if (attribute.multiValued) inexact.flag = true;
      return inner;
    }
  }
}

export interface TranslatedFilter {
  query: MongoQuery;
  /**
   * False when the query may match more than the filter (value filters on multi-valued
   * attributes, see above); callers then re-check each candidate in memory.
   */
  exact: boolean;
}

/**
 * Builds a MongoDB query from a parsed SCIM filter. Only attributes the resolver knows
 * reach the query, under storage paths the resolver chose; client text never becomes a
 * key or an operator, and string values are only ever values or escaped regexes.
 */
export function filterToMongo(
  filter: Filter,
  resolve: AttributeResolver,
): Result<TranslatedFilter, ScimError> {
  const inexact: Inexact = { flag: false };
  const query = translate(filter, resolve, undefined, inexact);
  return query.ok ? ok({ query: query.value, exact: !inexact.flag }) : query;
}
