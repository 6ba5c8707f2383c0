/**
 * The attribute names a PATCH request addresses inside one schema, as the client spelled them, for
 * callers that judge names beyond what the schema says: Roster answers an unknown custom field id
 * in a PATCH with the 400 a POST or PUT body gets (`unknownFieldError`), where `applyPatch` alone
 * would report a generic unknown path or, for path-less values, ignore the key.
 */
import { isJsonObject } from '../resource/values.ts';
import { urnEquals } from '../urn.ts';
import type { PatchOperation } from './parse.ts';

/** `dept` of `dept`, `dept.value` or `dept[type eq "x"].value`. */
const headOf = (name: string): string => /^[^.[]*/.exec(name)?.[0] ?? name;

/** The names of a path-less value's keys that fall inside `urn`: `urn:…:dept` and `{ "urn:…": { dept } }`. */
const namesInValue = (value: Readonly<Record<string, unknown>>, urn: string): string[] => {
  const prefix = `${urn.toLowerCase()}:`;
  const names: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (urnEquals(key, urn)) {
      if (isJsonObject(item)) names.push(...Object.keys(item).map(headOf));
    } else if (key.toLowerCase().startsWith(prefix)) {
      names.push(headOf(key.slice(prefix.length)));
    }
  }
  return names;
};

/**
 * Every attribute name `operations` address inside the schema `urn`, first-seen order, no repeats,
 * up to the first `.` or `[`: from paths qualified with `urn`, from a bare-`urn` path's value, and
 * from path-less values (flat `urn:…:name` keys and objects under the `urn` key). Unqualified names
 * are not included: they name core attributes first.
 */
export const patchedNamesIn = (operations: readonly PatchOperation[], urn: string): string[] => {
  const names: string[] = [];
  for (const { path, schema, value } of operations) {
    if (path?.schema !== undefined && urnEquals(path.schema, urn)) names.push(path.attr);
    else if (schema !== undefined && urnEquals(schema, urn) && isJsonObject(value))
      names.push(...Object.keys(value).map(headOf));
    else if (path === undefined && schema === undefined && isJsonObject(value))
      names.push(...namesInValue(value, urn));
  }
  return [...new Set(names.filter((name) => name !== ''))];
};
