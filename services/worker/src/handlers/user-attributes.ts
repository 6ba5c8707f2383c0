import { convertFieldValues, ScimError, validateResource, type Result } from '@roster/scim';
import { userAttributes, type AccountSchema, type ResourceAttributes } from '@roster/store';
import type { HandlerContext } from './handler.ts';
import { mapAppFields } from '../app-fields.ts';

/**
 * The last checks before a User is stored, which need the store: every Reference field must
 * name a user of the same account (Entra sends our own id of the manager, in a second pass
 * after both users exist), then the app's columns are mapped from the final values.
 */
export async function completeUserAttributes(
  { store, accounts }: Pick<HandlerContext, 'store' | 'accounts'>,
  accountId: string,
  attributes: ResourceAttributes,
): Promise<Result<ResourceAttributes, ScimError>> {
  const account = await accounts.of(accountId);
  // Typed values are computed here from what the client sent (dates do not survive the
  // job's JSON, and the account's fields may have changed since ingress checked them).
  const customKey = Object.keys(attributes.extensions).find(
    (urn) => urn.toLowerCase() === account.customUrn.toLowerCase(),
  );
  const converted = convertFieldValues(
    account.fields,
    customKey === undefined ? {} : (attributes.extensions[customKey] ?? {}),
  );
  if (!converted.ok) return converted;
  const typed: Record<string, unknown> = converted.value.typed;
  const references = account.fields
    .filter((field) => field.type === 'Reference' && typeof typed[field.id] === 'string')
    .map((field) => ({ field: field.id, id: typed[field.id] as string }));
  if (references.length > 0) {
    const existing = await store.users.existing(
      accountId,
      references.map((reference) => reference.id),
    );
    const missing = references.find((reference) => !existing.has(reference.id));
    if (missing !== undefined) {
      return {
        ok: false,
        error: ScimError.badRequest(
          'invalidValue',
          `${missing.field}: "${missing.id}" is not a user of this account`,
        ),
      };
    }
  }
  const complete = { ...attributes, typed };
  return { ok: true, value: { ...complete, app: mapAppFields(account.mappings, complete) } };
}

/** Validates a User's SCIM view (after PATCH, or a stored user being changed) against the account's schema. */
export function validatedUserAttributes(
  account: AccountSchema,
  view: Record<string, unknown>,
): Result<ResourceAttributes, ScimError> {
  const validated = validateResource({ schemas: [account.userKind.schemas.core.id], ...view }, 'User', {
    extensions: account.userKind.schemas.extensions,
  });
  return validated.ok ? userAttributes(account, validated.value) : validated;
}
