import {
  customExtensionUrn,
  ScimError,
  validateFieldDefinition,
  type FieldDefinition,
  type FieldType,
} from '@roster/scim';
import type { AppFieldMapping, FieldChangeOutcome } from '@roster/store';
import type { Principal } from '../auth/principal.ts';
import { permit, type AdminContext } from './context.ts';
import { requireAccount } from './accounts.ts';
import { audit } from './audit.ts';

/** A field as an admin describes it; checked by `validateFieldDefinition`, the one validation. */
export interface FieldInput {
  type?: string | undefined;
  label?: string | undefined;
  required?: boolean | undefined;
  options?: readonly string[] | undefined;
  currencies?: readonly string[] | undefined;
  target?: string | undefined;
  indexed?: boolean | undefined;
}

/** What to set up in Entra ID for one field: the target attribute's exact name and type. */
export interface EntraAttribute {
  fieldId: string;
  attributeName: string;
  entraType: 'String' | 'Integer' | 'Boolean' | 'DateTime';
  note?: string;
}

export interface AccountFields {
  schema: string;
  fields: FieldDefinition[];
  mappings: AppFieldMapping[];
  entra: EntraAttribute[];
}

/**
 * The Entra ID attribute type to pick for each field type (docs/entra.md §4). Entra has no
 * decimal, date-only or custom reference type for non-gallery apps, so those travel as strings
 * that Roster checks and converts.
 */
const ENTRA_TYPES: Record<FieldType, Pick<EntraAttribute, 'entraType' | 'note'>> = {
  String: { entraType: 'String' },
  Number: { entraType: 'Integer', note: 'pick String instead if values have decimals' },
  Boolean: { entraType: 'Boolean' },
  Date: { entraType: 'String', note: 'send dates as YYYY-MM-DD' },
  DateTime: { entraType: 'DateTime' },
  Dropdown: { entraType: 'String', note: 'values must be one of the options' },
  Currency: { entraType: 'String', note: 'send amounts like "12.50 USD"' },
  Reference: { entraType: 'String', note: "send the referenced user's id (e.g. from objectId)" },
};

const MAPPING_COLUMN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export async function listFields(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
): Promise<AccountFields> {
  permit(ctx, principal, 'scim:configure', accountId);
  const account = await requireAccount(ctx, accountId);
  const schema = customExtensionUrn(ctx.customNamespace, accountId);
  return {
    schema,
    fields: account.fields,
    mappings: account.mappings,
    entra: account.fields.map((field) => ({
      fieldId: field.id,
      attributeName: `${schema}:${field.id}`,
      ...ENTRA_TYPES[field.type],
    })),
  };
}

/** Defines a new field; answers what to add in Entra ID for it. */
export const addField = (
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  fieldId: string,
  input: FieldInput,
): Promise<EntraAttribute> => saveField(ctx, principal, accountId, fieldId, input, 'add');

/** Changes a field's definition; its stored values stay and are read with the new type. */
export const updateField = (
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  fieldId: string,
  input: FieldInput,
): Promise<EntraAttribute> => saveField(ctx, principal, accountId, fieldId, input, 'replace');

async function saveField(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  fieldId: string,
  input: FieldInput,
  mode: 'add' | 'replace',
): Promise<EntraAttribute> {
  permit(ctx, principal, 'scim:configure', accountId);
  const field = validated(fieldId, input);
  const outcome =
    mode === 'add'
      ? await ctx.store.accounts.addField(accountId, field)
      : await ctx.store.accounts.replaceField(accountId, field);
  settled(outcome, accountId, field.id);
  audit(ctx, principal, mode === 'add' ? 'field.add' : 'field.update', accountId, {
    fieldId: field.id,
    type: field.type,
  });
  await indexIfNeeded(ctx, field);
  return entraAttributeOf(ctx, accountId, field);
}

/** Stored values of a removed field stay in user documents (readable) until purged. */
export async function removeField(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  fieldId: string,
): Promise<void> {
  permit(ctx, principal, 'scim:configure', accountId);
  settled(await ctx.store.accounts.removeField(accountId, fieldId), accountId, fieldId);
  audit(ctx, principal, 'field.remove', accountId, { fieldId });
}

/** Feeds an app column from SCIM data: the first JSONPath among `sources` that yields a value. */
export async function setMapping(
  ctx: AdminContext,
  principal: Principal,
  accountId: string,
  column: string,
  sources: readonly string[],
): Promise<AppFieldMapping> {
  permit(ctx, principal, 'scim:configure', accountId);
  if (!MAPPING_COLUMN.test(column))
    throw ScimError.badRequest('invalidValue', `Invalid column name "${column}"`);
  if (sources.length === 0 || sources.some((source) => !source.startsWith('$')))
    throw ScimError.badRequest(
      'invalidValue',
      'Give one or more JSONPath sources starting with $, e.g. $.fields.dept_code $.enterprise.department',
    );
  const mapping = { target: column, sources: [...sources] };
  settled(await ctx.store.accounts.setMapping(accountId, mapping), accountId, column);
  audit(ctx, principal, 'mapping.set', accountId, { column });
  return mapping;
}

function validated(fieldId: string, input: FieldInput): FieldDefinition {
  if (input.type === undefined)
    throw ScimError.badRequest(
      'invalidValue',
      'A field needs a type: String, Number, Boolean, Date, DateTime, Dropdown, Currency or Reference',
    );
  const definition = validateFieldDefinition({ id: fieldId, ...input });
  if (!definition.ok) throw ScimError.badRequest('invalidValue', `Invalid field: ${definition.error}`);
  return definition.value;
}

function settled(outcome: FieldChangeOutcome, accountId: string, fieldId: string): void {
  if (outcome === 'noAccount') throw ScimError.notFound(`Account "${accountId}" does not exist`);
  if (outcome === 'exists')
    throw ScimError.conflict(`Account "${accountId}" already has a field "${fieldId}"`);
  if (outcome === 'missing') throw ScimError.notFound(`Account "${accountId}" has no field "${fieldId}"`);
}

/** References are always indexed: deleting a user looks up who referred to it. */
async function indexIfNeeded(ctx: AdminContext, field: FieldDefinition): Promise<void> {
  if (field.indexed === true || field.type === 'Reference') await ctx.store.users.ensureFieldIndex(field.id);
}

const entraAttributeOf = (ctx: AdminContext, accountId: string, field: FieldDefinition): EntraAttribute => ({
  fieldId: field.id,
  attributeName: `${customExtensionUrn(ctx.customNamespace, accountId)}:${field.id}`,
  ...ENTRA_TYPES[field.type],
});
