import type { FieldDefinition } from '@roster/scim';
import type { Store } from '@roster/store';
import type { AdminConfig } from '../config.ts';
import { addField, listFields, removeField, setMapping } from '../operations/fields.ts';
import { asOperator } from './cli-context.ts';

export interface FieldAddOptions {
  type: string | undefined;
  label: string | undefined;
  options: string | undefined;
  currencies: string | undefined;
  required: boolean;
  target: string | undefined;
  indexed: boolean;
}

const list = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');

/** `roster field add`: defines a field and prints the attribute name to paste into Entra ID. */
export async function fieldAdd(
  config: AdminConfig,
  store: Store,
  accountId: string,
  fieldId: string,
  options: FieldAddOptions,
): Promise<string> {
  const input = { ...options, options: list(options.options), currencies: list(options.currencies) };
  const entra = await asOperator(config, store, (ctx, operator) =>
    addField(ctx, operator, accountId, fieldId, input),
  );
  return [
    `Added field ${entra.fieldId} (${options.type ?? ''}) to account ${accountId}.`,
    `In Entra ID, add a target attribute of type ${entra.entraType} named:`,
    `  ${entra.attributeName}`,
  ].join('\n');
}

export async function fieldList(
  config: AdminConfig,
  store: Store,
  accountId: string,
  json: boolean,
): Promise<string> {
  const { schema, fields, mappings } = await asOperator(config, store, (ctx, operator) =>
    listFields(ctx, operator, accountId),
  );
  if (json) return JSON.stringify({ schema, fields, mappings });
  if (fields.length === 0) return `Account ${accountId} has no custom fields. Extension schema: ${schema}`;
  return [
    `Extension schema: ${schema}`,
    ...fields.map((field: FieldDefinition) => {
      const extras = [
        field.required ? 'required' : '',
        field.options === undefined ? '' : `options: ${field.options.join(', ')}`,
        field.currencies === undefined ? '' : `currencies: ${field.currencies.join(', ')}`,
        field.target === undefined ? '' : `-> ${field.target}`,
      ].filter((extra) => extra !== '');
      return `  ${field.id.padEnd(24)} ${field.type.padEnd(9)} ${field.label}${extras.length === 0 ? '' : ` (${extras.join('; ')})`}`;
    }),
  ].join('\n');
}

export async function fieldRemove(
  config: AdminConfig,
  store: Store,
  accountId: string,
  fieldId: string,
): Promise<string> {
  await asOperator(config, store, (ctx, operator) => removeField(ctx, operator, accountId, fieldId));
  return `Removed field ${fieldId} from account ${accountId}; stored values stay in user documents until purged.`;
}

/** `roster mapping set <accountId> <column> <jsonpath>...`: feeds an app column from SCIM data. */
export async function mappingSet(
  config: AdminConfig,
  store: Store,
  accountId: string,
  target: string,
  sources: string[],
): Promise<string> {
  await asOperator(config, store, (ctx, operator) => setMapping(ctx, operator, accountId, target, sources));
  return `Column ${target} of account ${accountId} now takes the first value of: ${sources.join(', ')}`;
}
