/**
 * Attribute paths as written in filters, `sortBy`, `attributes=`/`excludedAttributes=` and PATCH
 * paths: `[schemaUrn ":"] attrName ["." subAttrName]` (RFC 7644 §3.10, ABNF in §3.4.2.2).
 *
 * URNs themselves contain `:` and `.` (`…:enterprise:2.0:User:manager.value`), so a URN prefix is
 * recognised only by matching one of the caller's known schema URNs, never by splitting on
 * separators. Value filters (`emails[type eq "work"]`) are not handled here: see `patch-path.ts`
 * and `filter/parser.ts`.
 */
import { quoteForDetail, ScimError, type ScimType } from './errors.ts';
import { err, ok, type Result } from './result.ts';

/** A parsed attribute reference. Names are kept as the client wrote them (see `schemas/lookup.ts`). */
export interface AttributePath {
  /** The schema URN when the path was URN-qualified, spelled as in the caller's `knownSchemas`. */
  readonly schema?: string;
  readonly attr: string;
  readonly subAttr?: string;
}

export interface AttributePathOptions {
  /**
   * Schema URNs that may prefix a path: typically core User or Group, Enterprise User and the
   * account's custom extension. Matched case-insensitively; the longest match wins.
   */
  readonly knownSchemas: readonly string[];
}

// RFC 7644 §3.4.2.2: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA.
const ATTR_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
// `$ref` breaks the ATTRNAME rule but is a sub-attribute name RFC 7643 itself defines (§2.3.7).
const REF_NAME = /^\$ref$/i;

/** True for a name allowed by the RFC 7644 ATTRNAME rule. */
export const isAttrName = (name: string): boolean => ATTR_NAME.test(name);

/** True for a name allowed as a sub-attribute: an ATTRNAME or `$ref`. */
export const isSubAttrName = (name: string): boolean => ATTR_NAME.test(name) || REF_NAME.test(name);

const NAME_RULE = 'names start with a letter and contain only letters, digits, "-" and "_"';

/** Splits off the longest known schema URN followed by `:`, if any. */
const splitSchema = (
  text: string,
  knownSchemas: readonly string[],
): { readonly schema: string; readonly rest: string } | undefined => {
  const lower = text.toLowerCase();
  let best: string | undefined;
  for (const urn of knownSchemas) {
    const fits = lower.length > urn.length && lower.startsWith(`${urn.toLowerCase()}:`);
    if (fits && (best === undefined || urn.length > best.length)) best = urn;
  }
  return best === undefined ? undefined : { schema: best, rest: text.slice(best.length + 1) };
};

/**
 * Parses one attribute path. Errors are plain reasons (no position, no prefix) so the filter and
 * PATCH path parsers can put them in context; most callers want {@link parseAttributePath}.
 */
export const readAttributePath = (
  text: string,
  knownSchemas: readonly string[],
): Result<AttributePath, string> => {
  if (text === '') return err('an attribute name is missing');
  if (knownSchemas.some((urn) => urn.toLowerCase() === text.toLowerCase())) {
    return err(`${quoteForDetail(text)} names a schema, not an attribute`);
  }
  const qualified = splitSchema(text, knownSchemas);
  const rest = qualified === undefined ? text : qualified.rest;
  if (rest.includes(':')) {
    return err(`${quoteForDetail(text)} does not start with a schema URN this server knows`);
  }
  const [attr = '', subAttr, ...deeper] = rest.split('.');
  if (deeper.length > 0) return err(`${quoteForDetail(text)} has more than one sub-attribute level`);
  if (attr === '') return err(`${quoteForDetail(text)} has no attribute name`);
  if (!isAttrName(attr)) return err(`${quoteForDetail(attr)} is not a valid attribute name (${NAME_RULE})`);
  if (subAttr === '') return err(`${quoteForDetail(text)} has an empty sub-attribute name`);
  if (subAttr !== undefined && !isSubAttrName(subAttr)) {
    return err(`${quoteForDetail(subAttr)} is not a valid sub-attribute name (${NAME_RULE})`);
  }
  return ok({
    ...(qualified === undefined ? {} : { schema: qualified.schema }),
    attr,
    ...(subAttr === undefined ? {} : { subAttr }),
  });
};

/**
 * Parses an attribute path such as `userName`, `name.familyName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 *
 * @param options.scimType - error type to report; `invalidPath` (default) for PATCH and
 *   `sortBy`, `invalidFilter` when the path came from a filter.
 */
export const parseAttributePath = (
  text: string,
  options: AttributePathOptions & { readonly scimType?: ScimType },
): Result<AttributePath, ScimError> => {
  const parsed = readAttributePath(text, options.knownSchemas);
  if (parsed.ok) return parsed;
  return err(
    ScimError.badRequest(options.scimType ?? 'invalidPath', `Invalid attribute path: ${parsed.error}.`),
  );
};

export interface AttributeListOptions extends AttributePathOptions {
  /** The parameter the list came from, named in error details; default `attributes`. */
  readonly parameter?: 'attributes' | 'excludedAttributes';
}

/**
 * Parses the comma-separated list of `attributes=` / `excludedAttributes=` (RFC 7644 §3.9).
 * Blank entries (`a,,b`, a trailing comma) are skipped rather than rejected: clients build these
 * lists by string concatenation.
 *
 * A value filter (`emails[type eq "work"]`) is a 400 `invalidPath` that says so: §3.9 takes
 * attribute names only, and a detail blaming the attribute name would send the client looking for a
 * typo that is not there.
 */
export const parseAttributeList = (
  text: string,
  options: AttributeListOptions,
): Result<readonly AttributePath[], ScimError> => {
  const parameter = options.parameter ?? 'attributes';
  // Checked on the whole text: a filter's own commas (`[value eq "a,b"]`) would split it.
  if (text.includes('[') || text.includes(']')) {
    const entry = text.split(',').find((item) => item.includes('[') || item.includes(']')) ?? text;
    return err(
      ScimError.badRequest(
        'invalidPath',
        `Invalid ${parameter}: ${quoteForDetail(entry.trim())} has a value filter; filters are not allowed in 'attributes' or 'excludedAttributes' (RFC 7644 §3.9), so name the attribute or sub-attribute only, e.g. 'emails' or 'emails.value'.`,
      ),
    );
  }
  const paths: AttributePath[] = [];
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const parsed = parseAttributePath(trimmed, {
      knownSchemas: options.knownSchemas,
      scimType: 'invalidPath',
    });
    if (!parsed.ok) return parsed;
    paths.push(parsed.value);
  }
  return ok(paths);
};

/** Writes a path back in RFC 7644 §3.10 notation. */
export const formatAttributePath = (path: AttributePath): string =>
  `${path.schema === undefined ? '' : `${path.schema}:`}${path.attr}${path.subAttr === undefined ? '' : `.${path.subAttr}`}`;
