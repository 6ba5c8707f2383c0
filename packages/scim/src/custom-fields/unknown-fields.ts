/** Reporting attributes sent under an account's custom extension that the account has not defined. */
import { ScimError } from '../errors.ts';
import type { FieldDefinition } from './definition.ts';
import { list } from './detail.ts';

/** Longest unknown id echoed in a detail: the ids come from the client. */
const MAX_ID_SHOWN = 64;

/**
 * The 400 `invalidValue` for values sent under `urn` for fields the account does not define, e.g.
 * `Unknown fields dept, level in urn:…:acme:2:User; this account's fields are: cost_code, start`
 * (or `…; this account has no custom fields yet`). Long lists are cut, see `MAX_LISTED`.
 */
export const unknownFieldError = (
  urn: string,
  unknownIds: readonly string[],
  fields: readonly FieldDefinition[],
): ScimError => {
  const ids = unknownIds.map((id) => (id.length > MAX_ID_SHOWN ? `${id.slice(0, MAX_ID_SHOWN)}…` : id));
  const known =
    fields.length === 0
      ? 'this account has no custom fields yet'
      : `this account's fields are: ${list(fields.map((field) => field.id))}`;
  return ScimError.badRequest(
    'invalidValue',
    `Unknown field${ids.length === 1 ? '' : 's'} ${list(ids)} in ${urn}; ${known}`,
  );
};

/**
 * The attribute names under `urn` among `ignored` paths (`ValidatedResource.ignored`, or any list
 * of `urn:name` paths), in first-seen order without repeats. Paths whose name, up to the first
 * `.`, is a defined field in any case (an unknown sub-attribute such as `manager.displayName`, or
 * a flat `urn:…:User:field` key the caller ignored for another reason) are not unknown fields and
 * are left out. The URN prefix matches case-insensitively.
 */
export const unknownFieldIds = (
  urn: string,
  ignored: readonly string[],
  fields: readonly FieldDefinition[],
): string[] => {
  const prefix = `${urn.toLowerCase()}:`;
  const known = new Set(fields.map((field) => field.id.toLowerCase()));
  const unknown: string[] = [];
  for (const path of ignored) {
    if (!path.toLowerCase().startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    const head = name.split('.', 1)[0] ?? name;
    if (name === '' || known.has(head.toLowerCase()) || unknown.includes(name)) continue;
    unknown.push(name);
  }
  return unknown;
};
