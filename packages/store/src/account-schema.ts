import {
  convertFieldValues,
  customExtensionSchema,
  customExtensionUrn,
  err,
  ok,
  patchedNamesIn,
  unknownFieldError,
  urnEquals,
  type FieldDefinition,
  type PatchOperation,
  type Result,
  type ScimError,
  type ValidatedResource,
} from '@roster/scim';
import type { AccountRecord } from './repositories/account.repository.ts';
import type { AppFieldMapping } from './models/account.model.ts';
import type { ResourceAttributes } from './resource-record.ts';
import { accountUserKind, type ResourceKind } from './resource-kinds.ts';

/** One account's view of Users: its extension URN, its fields, its resource kind. */
export interface AccountSchema {
  customUrn: string;
  fields: readonly FieldDefinition[];
  mappings: readonly AppFieldMapping[];
  userKind: ResourceKind;
}

export function accountSchema(
  namespace: string,
  account: Pick<AccountRecord, 'id' | 'fields' | 'mappings'>,
): AccountSchema {
  const customUrn = customExtensionUrn(namespace, account.id);
  return {
    customUrn,
    fields: account.fields,
    mappings: account.mappings,
    userKind: accountUserKind(customExtensionSchema(customUrn, account.fields)),
  };
}

/**
 * What a validated User stores: its attributes plus the custom field values converted to
 * their types. Unknown field ids under the account's URN are an error naming the valid ones
 * (they would otherwise be dropped silently, and Entra would retry the same diff forever).
 */
export function userAttributes(
  schema: AccountSchema,
  validated: ValidatedResource,
): Result<ResourceAttributes, ScimError> {
  const prefix = `${schema.customUrn.toLowerCase()}:`;
  const unknown = validated.ignored
    .filter((name) => name.toLowerCase().startsWith(prefix))
    .map((name) => name.slice(prefix.length));
  if (unknown.length > 0) return err(unknownFieldError(schema.customUrn, unknown, schema.fields));
  const customKey = Object.keys(validated.extensions).find((urn) => urnEquals(urn, schema.customUrn));
  const raw = customKey === undefined ? {} : (validated.extensions[customKey] ?? {});
  const converted = convertFieldValues(schema.fields, raw);
  if (!converted.ok) return converted;
  return ok({ core: validated.core, extensions: validated.extensions, typed: converted.value.typed });
}

/**
 * PATCH's side of the rule above: a field id the account does not define, in a `path`
 * (`urn:…:acme:2:User:dept`), under a bare-URN path or in a path-less value, gets the same 400 a
 * POST or PUT body gets, rather than a generic unknown-path error or a silently ignored key.
 */
export function checkPatchedFields(
  schema: AccountSchema,
  operations: readonly PatchOperation[],
): Result<true, ScimError> {
  const defined = new Set(schema.fields.map((field) => field.id.toLowerCase()));
  const unknown = patchedNamesIn(operations, schema.customUrn).filter(
    (name) => !defined.has(name.toLowerCase()),
  );
  return unknown.length === 0 ? ok(true) : err(unknownFieldError(schema.customUrn, unknown, schema.fields));
}
