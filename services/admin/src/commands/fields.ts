import { customExtensionUrn, validateFieldDefinition, type FieldDefinition } from '@roster/scim';
import type { Store } from '@roster/store';
import { CliError } from '../cli-error.ts';

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
  store: Store,
  namespace: string,
  accountId: string,
  fieldId: string,
  options: FieldAddOptions,
): Promise<string> {
  if (options.type === undefined)
    throw new CliError(
      '--type is required: String, Number, Boolean, Date, DateTime, Dropdown, Currency or Reference',
    );
  const definition = validateFieldDefinition({
    id: fieldId,
    type: options.type,
    label: options.label,
    required: options.required,
    options: list(options.options),
    currencies: list(options.currencies),
    target: options.target,
    indexed: options.indexed,
  });
  if (!definition.ok) throw new CliError(`Invalid field: ${definition.error}`);
  const outcome = await store.accounts.addField(accountId, definition.value);
  if (outcome === 'noAccount') throw new CliError(`Account "${accountId}" does not exist`);
  if (outcome === 'exists') throw new CliError(`Account "${accountId}" already has a field "${fieldId}"`);
  // References are always indexed: deleting a user looks up who referred to it.
  if (definition.value.indexed === true || definition.value.type === 'Reference')
    await store.users.ensureFieldIndex(definition.value.id);
  const urn = customExtensionUrn(namespace, accountId);
  return [
    `Added field ${definition.value.id} (${definition.value.type}) to account ${accountId}.`,
    `In Entra ID, add a target attribute named:`,
    `  ${urn}:${definition.value.id}`,
  ].join('\n');
}

export async function fieldList(
  store: Store,
  namespace: string,
  accountId: string,
  json: boolean,
): Promise<string> {
  const account = await store.accounts.get(accountId);
  if (account === null) throw new CliError(`Account "${accountId}" does not exist`);
  const urn = customExtensionUrn(namespace, accountId);
  if (json) return JSON.stringify({ schema: urn, fields: account.fields, mappings: account.mappings });
  if (account.fields.length === 0)
    return `Account ${accountId} has no custom fields. Extension schema: ${urn}`;
  return [
    `Extension schema: ${urn}`,
    ...account.fields.map((field: FieldDefinition) => {
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

export async function fieldRemove(store: Store, accountId: string, fieldId: string): Promise<string> {
  const outcome = await store.accounts.removeField(accountId, fieldId);
  if (outcome === 'noAccount') throw new CliError(`Account "${accountId}" does not exist`);
  if (outcome === 'missing') throw new CliError(`Account "${accountId}" has no field "${fieldId}"`);
  return `Removed field ${fieldId} from account ${accountId}; stored values stay in user documents until purged.`;
}

/** `roster mapping set <accountId> <column> <jsonpath>...`: feeds an app column from SCIM data. */
export async function mappingSet(
  store: Store,
  accountId: string,
  target: string,
  sources: string[],
): Promise<string> {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(target)) throw new CliError(`Invalid column name "${target}"`);
  if (sources.length === 0 || sources.some((source) => !source.startsWith('$'))) {
    throw new CliError(
      'Give one or more JSONPath sources starting with $, e.g. $.fields.dept_code $.enterprise.department',
    );
  }
  const outcome = await store.accounts.setMapping(accountId, { target, sources });
  if (outcome === 'noAccount') throw new CliError(`Account "${accountId}" does not exist`);
  return `Column ${target} of account ${accountId} now takes the first value of: ${sources.join(', ')}`;
}
