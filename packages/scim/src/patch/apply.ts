/**
 * Applies parsed PATCH operations (RFC 7644 §3.5.2) to the SCIM view of a resource. Pure: works
 * on a private copy and returns a new view, or the first error with nothing applied (RFC 7644
 * §3.5.2: a patch request "SHALL be treated as atomic. If a single operation encounters an error
 * condition, the original SCIM resource MUST be restored").
 *
 * For Groups, call `splitMemberChanges` first and pass only its `rest`: the view has no `members`.
 */
import { quoteForDetail, ScimError } from '../errors.ts';
import { parsePatchPath, type PatchPath } from '../filter/parser.ts';
import type { ValidationContext } from '../resource/attributes.ts';
import { createValidationContext, resolveLimits, type ResourceLimits } from '../resource/validate.ts';
import { describeJsonType, isJsonObject } from '../resource/values.ts';
import { topLevelAttributes, validateView, type ScimView } from '../resource/view.ts';
import { err, ok, type Result } from '../result.ts';
import type { ResourceSchemas } from '../schemas/lookup.ts';
import type { AttributeDefinition, SchemaDefinition } from '../schemas/types.ts';
import { urnEquals } from '../urn.ts';
import { assign, isClear, type Json } from './assign.ts';
import { jsonEquals } from './elements.ts';
import type { PatchOp, PatchOperation } from './parse.ts';
import { resolveTarget } from './target.ts';

export interface ApplyPatchOptions {
  /**
   * The resource's id. Okta repeats it inside path-less values (`{"id": "…", "displayName": "…"}`,
   * docs/okta.md §5.3), so an `id` key there is ignored; when `id` is given, a different one is a 400
   * `mutability`. An `id` anywhere else (`path: "id"`) is always a 400 `mutability`.
   */
  readonly id?: string;
  /** Overrides of `DEFAULT_RESOURCE_LIMITS`, as for `validateResource`. */
  readonly limits?: Partial<ResourceLimits>;
}

type Checked<T> = Result<T, ScimError>;
type Done = Checked<undefined>;

interface Run {
  readonly schemas: ResourceSchemas;
  readonly knownSchemas: readonly string[];
  readonly context: ValidationContext;
  readonly id: string | undefined;
}

const DONE: Done = ok(undefined);

const isIdPath = (path: PatchPath, core: SchemaDefinition): boolean =>
  path.attr.toLowerCase() === 'id' &&
  path.subAttr === undefined &&
  path.valueFilter === undefined &&
  (path.schema === undefined || urnEquals(path.schema, core.id));

/** One key of a path-less value: an attribute path (`name.givenName`, `urn:…:User:manager`). */
const applyKey = (state: Json, op: 'add' | 'replace', key: string, value: unknown, run: Run): Done => {
  const path = parsePatchPath(key, { knownSchemas: run.knownSchemas });
  // Keys that are not attribute paths are ignored, like unknown attributes of a POST body.
  if (!path.ok) return DONE;
  if (isIdPath(path.value, run.schemas.core)) {
    if (run.id === undefined || value === run.id) return DONE;
    return err(
      ScimError.badRequest(
        'mutability',
        `Attribute 'id' is readOnly; a path-less '${op}' may repeat it but not change it.`,
      ),
    );
  }
  const target = resolveTarget(path.value, run.schemas, 'ignore');
  if (!target.ok) return target;
  return target.value === undefined ? DONE : assign(state, op, target.value, value, run.context);
};

/**
 * A path-less `add`/`replace` (RFC 7644 §3.5.2.1, §3.5.2.3): each key of the value is applied as if
 * it were the path. Keys may be names, dotted names, URN-qualified names (Entra's flag mode), or a
 * schema URN holding an object of that schema's attributes (Okta and RFC style), docs/entra.md §3.3 rule 3.
 */
const applyPathless = (state: Json, op: 'add' | 'replace', value: unknown, run: Run): Done => {
  if (!isJsonObject(value)) {
    return err(
      ScimError.badRequest(
        'invalidValue',
        `${op === 'add' ? 'An' : 'A'} '${op}' operation without a 'path' needs an object of attributes as its value; got ${describeJsonType(value)}.`,
      ),
    );
  }
  for (const [key, item] of Object.entries(value)) {
    const schema = [run.schemas.core, ...run.schemas.extensions].find((candidate) =>
      urnEquals(candidate.id, key),
    );
    if (schema === undefined) {
      const applied = applyKey(state, op, key, item, run);
      if (!applied.ok) return applied;
      continue;
    }
    if (item === null) continue;
    if (!isJsonObject(item)) {
      const detail = `Attribute ${quoteForDetail(schema.id, 128)} must be an object holding the schema's attributes; got ${describeJsonType(item)}.`;
      return err(ScimError.badRequest('invalidValue', detail));
    }
    for (const [name, inner] of Object.entries(item)) {
      const applied = applyKey(state, op, `${schema.id}:${name}`, inner, run);
      if (!applied.ok) return applied;
    }
  }
  return DONE;
};

/**
 * A bare schema URN as the path. `add`/`replace` with an object mean what the path-less form keyed
 * by that URN means; `remove`, or a value of `null`/`""` (which clears, as for any other path),
 * removes the whole extension object. The core schema cannot be removed: its attributes can, by name.
 */
const applyToSchema = (state: Json, op: PatchOp, urn: string, value: unknown, run: Run): Done => {
  if (op !== 'remove' && !isClear(value)) return applyPathless(state, op, { [urn]: value }, run);
  const extension = run.schemas.extensions.find((candidate) => urnEquals(candidate.id, urn));
  if (extension === undefined) {
    const detail = `The core schema ${quoteForDetail(urn, 128)} cannot be ${op === 'remove' ? 'removed' : 'cleared'}; remove its attributes by name instead.`;
    return err(ScimError.badRequest('invalidPath', detail));
  }
  for (const key of Object.keys(state)) {
    if (urnEquals(key, extension.id)) Reflect.deleteProperty(state, key);
  }
  return DONE;
};

const applyOperation = (state: Json, operation: PatchOperation, run: Run): Done => {
  const { op, path, value } = operation;
  if (operation.schema !== undefined) return applyToSchema(state, op, operation.schema, value, run);
  if (path === undefined) {
    if (op === 'remove') {
      return err(ScimError.badRequest('noTarget', "A 'remove' operation needs a 'path'."));
    }
    return applyPathless(state, op, value, run);
  }
  if (op !== 'remove' && value === undefined) {
    return err(
      ScimError.badRequest('invalidValue', `${op === 'add' ? 'An' : 'A'} '${op}' operation needs a 'value'.`),
    );
  }
  const target = resolveTarget(path, run.schemas, 'error');
  if (!target.ok) return target;
  return target.value === undefined ? DONE : assign(state, op, target.value, value, run.context);
};

/** Values of `immutable` attributes may be set once, never changed (RFC 7643 §2.2, RFC 7644 §3.5.2). */
const checkImmutable = (before: ScimView, after: ScimView, schemas: ResourceSchemas): Done => {
  const containers: {
    attributes: readonly AttributeDefinition[];
    before: unknown;
    after: unknown;
    prefix: string;
  }[] = [
    { attributes: topLevelAttributes(schemas.core), before, after, prefix: '' },
    ...schemas.extensions.map((extension) => ({
      attributes: extension.attributes,
      before: before[extension.id],
      after: after[extension.id],
      prefix: `${extension.id}:`,
    })),
  ];
  const read = (object: unknown, name: string): unknown => (isJsonObject(object) ? object[name] : undefined);
  const changed = (a: unknown, b: unknown): boolean => a !== undefined && !jsonEquals(a, b);
  for (const container of containers) {
    for (const definition of container.attributes) {
      const was = read(container.before, definition.name);
      const is = read(container.after, definition.name);
      const paths: [unknown, unknown, string][] = [];
      if (definition.mutability === 'immutable') paths.push([was, is, definition.name]);
      // Immutable sub-attributes of multi-valued attributes (Group members) belong to elements that
      // may come and go, so only single-valued complex attributes are compared field by field.
      if (!definition.multiValued) {
        for (const sub of definition.subAttributes ?? []) {
          if (sub.mutability !== 'immutable') continue;
          paths.push([read(was, sub.name), read(is, sub.name), `${definition.name}.${sub.name}`]);
        }
      }
      const hit = paths.find(([a, b]) => changed(a, b));
      if (hit !== undefined) {
        const detail = `Attribute ${quoteForDetail(`${container.prefix}${hit[2]}`, 128)} is immutable; it cannot be changed once set.`;
        return err(ScimError.badRequest('mutability', detail));
      }
    }
  }
  return DONE;
};

/**
 * Applies `ops` in order to `resource` (see module comment and `assign.ts` for the semantics) and
 * returns the new view, checked with the rules of `validateResource`. Never throws, never mutates
 * `resource` or `ops`. Errors (all 400): an unknown attribute in a path (invalidPath) or filter
 * (invalidFilter); removing the core schema by its bare URN (invalidPath); a readOnly target such
 * as `id`, `meta`, `groups`, `schemas` or a changed immutable value (mutability); a value of the
 * wrong type or over a limit, or removing or clearing a required attribute such as `userName`
 * (invalidValue); a filter that matches nothing and does not describe an element to create
 * (noTarget).
 */
export const applyPatch = (
  resource: ScimView,
  ops: readonly PatchOperation[],
  schemas: ResourceSchemas,
  options: ApplyPatchOptions = {},
): Result<ScimView, ScimError> => {
  const limits = resolveLimits(options.limits);
  const before = validateView(resource, schemas, limits);
  if (!before.ok) return before;
  const state: Json = { ...structuredClone(before.value) };
  const run: Run = {
    schemas,
    knownSchemas: [schemas.core.id, ...schemas.extensions.map((extension) => extension.id)],
    context: createValidationContext(limits, () => undefined),
    id: options.id,
  };
  for (const operation of ops) {
    const applied = applyOperation(state, operation, run);
    if (!applied.ok) return applied;
  }
  const after = validateView(state, schemas, limits);
  if (!after.ok) return after;
  const immutable = checkImmutable(before.value, after.value, schemas);
  return immutable.ok ? after : immutable;
};
