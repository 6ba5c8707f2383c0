/**
 * Reads a PATCH request body (RFC 7644 §3.5.2) into typed operations, absorbing the dialects of
 * docs/entra.md §3: `op` in any case (`Add`, `replace`, `REMOVE`), `Operations` in any case, `path`
 * with value filters. Nothing is applied here; `applyPatch` and `splitMemberChanges` do that.
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import { parsePatchPath, type PatchPath } from '../filter/parser.ts';
import { describeUnsafeKey, findUnsafeKey } from '../resource/unsafe-keys.ts';
import { describeJsonType, isJsonObject } from '../resource/values.ts';
import { err, ok, type Result } from '../result.ts';
import { findUrn, PATCH_OP_SCHEMA, urnEquals } from '../urn.ts';

/** Most operations one PATCH request may carry; bounds the work of a single request. */
export const MAX_PATCH_OPERATIONS = 1000;

export type PatchOp = 'add' | 'replace' | 'remove';

/** One operation of a PATCH request, with `op` lower-cased and `path` parsed. */
export interface PatchOperation {
  readonly op: PatchOp;
  /**
   * Absent for path-less `add`/`replace`, whose `value` is an object of attributes, and when the
   * path was a bare schema URN (see `schema`).
   */
  readonly path?: PatchPath;
  /**
   * Set instead of `path` when the path was a bare schema URN, in the spelling of `knownSchemas`:
   * `"path": "urn:…:enterprise:2.0:User"` with `{ "department": "R&D" }` means what the path-less
   * `{ "urn:…:enterprise:2.0:User": { "department": "R&D" } }` means, and `remove` of it removes
   * the whole extension (see `applyPatch`).
   */
  readonly schema?: string;
  /**
   * As sent. Always present for `add`/`replace` (`null` and `""` mean "clear"); for `remove` only
   * when the client sent one (Entra's default-mode member removal, docs/entra.md §2.13).
   */
  readonly value?: unknown;
}

export interface ParsePatchRequestOptions {
  /** Schema URNs that may prefix paths: the resource type's core schema and its extensions. */
  readonly knownSchemas: readonly string[];
}

type Parsed<T> = Result<T, ScimError>;

const OPS: ReadonlyMap<string, PatchOp> = new Map([
  ['add', 'add'],
  ['replace', 'replace'],
  ['remove', 'remove'],
]);

const invalidSyntax = (detail: string): Parsed<never> => err(ScimError.badRequest('invalidSyntax', detail));

/**
 * The key of `object` spelled `name` in any letter case. Two spellings at once are refused: which
 * one the client meant cannot be known.
 */
const findKey = (
  object: Readonly<Record<string, unknown>>,
  name: string,
  where: string,
): Parsed<string | undefined> => {
  const matches = Object.keys(object).filter((key) => key.toLowerCase() === name.toLowerCase());
  const [first, second] = matches;
  if (second !== undefined) {
    return invalidSyntax(
      `${where} has ${quoteForDetail(first ?? '')} and ${quoteForDetail(second)}; send '${name}' once.`,
    );
  }
  return ok(first);
};

const checkSchemas = (body: Readonly<Record<string, unknown>>): Parsed<true> => {
  const key = findKey(body, 'schemas', 'The request body');
  if (!key.ok) return key;
  const raw = key.value === undefined ? undefined : body[key.value];
  const urns: readonly unknown[] = Array.isArray(raw) ? raw : [];
  return urns.some((urn) => typeof urn === 'string' && urnEquals(urn, PATCH_OP_SCHEMA))
    ? ok(true)
    : invalidSyntax(`A PATCH request must have 'schemas' containing '${PATCH_OP_SCHEMA}'.`);
};

const readOperations = (body: Readonly<Record<string, unknown>>): Parsed<readonly unknown[]> => {
  const key = findKey(body, 'Operations', 'The request body');
  if (!key.ok) return key;
  const raw = key.value === undefined ? undefined : body[key.value];
  if (!Array.isArray(raw) || raw.length === 0) {
    return invalidSyntax(
      `A PATCH request must have 'Operations', a non-empty array; got ${raw === undefined ? 'none' : describeJsonType(raw)}.`,
    );
  }
  if (raw.length > MAX_PATCH_OPERATIONS) {
    return invalidSyntax(
      `A PATCH request may have at most ${MAX_PATCH_OPERATIONS} operations; got ${raw.length}.`,
    );
  }
  return ok(raw);
};

const parseOp = (raw: unknown, where: string): Parsed<PatchOp> => {
  const op = typeof raw === 'string' ? OPS.get(raw.toLowerCase()) : undefined;
  if (op !== undefined) return ok(op);
  if (raw === undefined)
    return invalidSyntax(`${where} has no 'op'; it must be 'add', 'replace' or 'remove'.`);
  const got = typeof raw === 'string' ? quoteForDetail(raw) : describeJsonType(raw);
  return invalidSyntax(`${where}.op must be 'add', 'replace' or 'remove'; got ${got}.`);
};

/** What a `path` names: an attribute, a whole schema (a bare URN), or nothing (path-less). */
type Target = { readonly path?: PatchPath; readonly schema?: string };

/**
 * An omitted `path` targets the resource itself (RFC 7644 §3.5.2.1, §3.5.2.3); `null` and a blank
 * string are read the same way, as they name nothing else. A bare schema URN names that schema's
 * attributes as a whole: clients and conformance tools write the extension object's URN as the
 * path where RFC 7644 §3.5.2 examples put it in the value.
 */
const parsePath = (raw: unknown, where: string, options: ParsePatchRequestOptions): Parsed<Target> => {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return ok({});
  if (typeof raw !== 'string') {
    return err(
      ScimError.badRequest('invalidPath', `${where}.path must be a string; got ${describeJsonType(raw)}.`),
    );
  }
  const schema = findUrn(options.knownSchemas, raw.trim());
  if (schema !== undefined) return ok({ schema });
  const path = parsePatchPath(raw, options);
  if (path.ok) return ok({ path: path.value });
  return err(new ScimError(path.error.status, path.error.scimType, `${where}.path: ${path.error.detail}`));
};

const parseOperation = (
  raw: unknown,
  index: number,
  options: ParsePatchRequestOptions,
): Parsed<PatchOperation> => {
  const where = `Operations[${index}]`;
  if (!isJsonObject(raw)) return invalidSyntax(`${where} must be an object; got ${describeJsonType(raw)}.`);
  const keys: Partial<Record<'op' | 'path' | 'value', string>> = {};
  for (const name of ['op', 'path', 'value'] as const) {
    const key = findKey(raw, name, where);
    if (!key.ok) return key;
    if (key.value !== undefined) keys[name] = key.value;
  }
  const op = parseOp(keys.op === undefined ? undefined : raw[keys.op], where);
  if (!op.ok) return op;
  const path = parsePath(keys.path === undefined ? undefined : raw[keys.path], where, options);
  if (!path.ok) return path;
  const hasValue = keys.value !== undefined && raw[keys.value] !== undefined;
  if (op.value === 'remove' && path.value.path === undefined && path.value.schema === undefined) {
    // RFC 7644 §3.5.2.2: a remove without a path has nothing to act on.
    return err(ScimError.badRequest('noTarget', `${where}: a 'remove' operation needs a 'path'.`));
  }
  if (op.value !== 'remove' && !hasValue) {
    const article = op.value === 'add' ? 'an' : 'a';
    return err(
      ScimError.badRequest('invalidValue', `${where}: ${article} '${op.value}' operation needs a 'value'.`),
    );
  }
  const value = hasValue && keys.value !== undefined ? raw[keys.value] : undefined;
  return ok({
    op: op.value,
    ...path.value,
    ...(hasValue ? { value: path.value.schema === undefined ? value : withoutSchemasKey(value) } : {}),
  });
};

/**
 * The object value of a bare-URN path is that extension's attributes. Clients built on SCIM
 * model libraries serialise an extension with its own `schemas` list (scim2-models does);
 * RFC 7643 §3 puts `schemas` on the resource only, so the key says nothing here and is dropped.
 */
const withoutSchemasKey = (value: unknown): unknown => {
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value).filter(([key]) => key.toLowerCase() !== 'schemas');
  return Object.fromEntries(entries);
};

/**
 * Parses a PATCH request body. All rejections are 400: a body that is not a PatchOp message, an
 * `Operations` list that is missing, empty or longer than {@link MAX_PATCH_OPERATIONS}, an unknown
 * `op`, or a `__proto__`/`constructor`/`prototype` key (or a `$` key other than `$ref`) anywhere
 * (invalidSyntax); a malformed `path` (invalidPath); `remove` without a path (noTarget); `add` or
 * `replace` without a value (invalidValue). Details name the operation as `Operations[i]`.
 */
export const parsePatchRequest = (
  body: unknown,
  options: ParsePatchRequestOptions,
): Result<readonly PatchOperation[], ScimError> => {
  if (!isJsonObject(body)) return invalidSyntax('The request body must be a JSON object.');
  const unsafe = findUnsafeKey(body);
  if (unsafe !== undefined) return invalidSyntax(describeUnsafeKey(unsafe));
  const schemas = checkSchemas(body);
  if (!schemas.ok) return schemas;
  const raw = readOperations(body);
  if (!raw.ok) return raw;
  const operations: PatchOperation[] = [];
  for (const [index, item] of raw.value.entries()) {
    const operation = parseOperation(item, index, options);
    if (!operation.ok) return operation;
    operations.push(operation.value);
  }
  return ok(operations);
};
