import type { FieldDefinition, FieldType } from '@roster/scim';
import type { FieldInput } from '../operations/fields.ts';
import { param } from './format.ts';
import { csrfField, formError } from './components.ts';
import { html, type SafeHtml } from './html.ts';

/** The field types as the console names them, in the order offered. */
export const TYPE_LABELS: Record<FieldType, string> = {
  String: 'String',
  Number: 'Number',
  Boolean: 'Boolean (Yes/No)',
  Date: 'Date',
  DateTime: 'DateTime',
  Dropdown: 'Dropdown (with options)',
  Currency: 'Currency',
  Reference: 'Reference (a user of this account)',
};

/** What the form holds, as typed: re-shown unchanged when the operation refuses it. */
export interface FieldFormValues {
  id: string;
  label: string;
  type: string;
  required: boolean;
  options: string;
  currencies: string;
  target: string;
  indexed: boolean;
}

export const EMPTY_FIELD_FORM: FieldFormValues = {
  id: '',
  label: '',
  type: 'String',
  required: false,
  options: '',
  currencies: '',
  target: '',
  indexed: false,
};

export const formValuesOf = (field: FieldDefinition): FieldFormValues => ({
  id: field.id,
  label: field.label,
  type: field.type,
  required: field.required,
  options: (field.options ?? []).join('\n'),
  currencies: (field.currencies ?? []).join(', '),
  target: field.target ?? '',
  indexed: field.indexed === true,
});

export const formValuesFromBody = (body: unknown): FieldFormValues => ({
  id: param(body, 'id'),
  label: param(body, 'label'),
  type: param(body, 'type'),
  required: param(body, 'required') === 'on',
  options: param(body, 'options'),
  currencies: param(body, 'currencies'),
  target: param(body, 'target'),
  indexed: param(body, 'indexed') === 'on',
});

const lines = (text: string, separator: RegExp): string[] =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * The operation's input: options and currencies only for the type that has them (the form shows
 * every box when scripts are off, and validation refuses options on any other type).
 */
export const fieldInputOf = (values: FieldFormValues): FieldInput => ({
  type: values.type,
  label: values.label === '' ? undefined : values.label,
  required: values.required,
  options: values.type === 'Dropdown' ? lines(values.options, /\r?\n/) : undefined,
  currencies: values.type === 'Currency' ? lines(values.currencies.toUpperCase(), /[\s,]+/) : undefined,
  target: values.target === '' ? undefined : values.target,
  indexed: values.indexed,
});

const checked = (on: boolean): SafeHtml => (on ? html` checked` : html``);

/** The add/edit form; `editing` fixes the id (it is the attribute name Entra ID writes to). */
export function fieldForm(options: {
  action: string;
  csrf: string;
  values: FieldFormValues;
  editing: boolean;
  submit: string;
  error?: string | undefined;
}): SafeHtml {
  const { values } = options;
  const typeOptions = (Object.keys(TYPE_LABELS) as FieldType[]).map(
    (type) =>
      html`<option value="${type}" ${values.type === type ? html` selected` : ''}>
        ${TYPE_LABELS[type]}
      </option>`,
  );
  return html`<form method="post" action="${options.action}" class="stack field-form" data-field-form>
    ${csrfField(options.csrf)} ${options.error === undefined ? '' : formError(options.error)}
    <label for="field-id">Field id (SCIM attribute name)</label>
    ${
      options.editing
        ? html`<input
              id="field-id"
              name="id"
              type="text"
              value="${values.id}"
              readonly
              aria-describedby="field-id-hint"
            />
            <p class="hint" id="field-id-hint">
              The id cannot change: it is the attribute name Entra ID writes to.
            </p>`
        : html`<input
              id="field-id"
              name="id"
              type="text"
              value="${values.id}"
              required
              maxlength="64"
              pattern="[A-Za-z][A-Za-z0-9_\\-]{0,63}"
              aria-describedby="field-id-hint"
              autocomplete="off"
              spellcheck="false"
            />
            <p class="hint" id="field-id-hint">
              A letter, then letters, digits, "_" or "-". Becomes part of the Entra ID attribute name.
            </p>`
    }
    <label for="field-label">Label</label>
    <input id="field-label" name="label" type="text" value="${values.label}" maxlength="256" />
    <label for="field-type">Type</label>
    <select id="field-type" name="type">
      ${typeOptions}
    </select>
    <div data-show-for="Dropdown" class="stack">
      <label for="field-options">Options (Dropdown: one per line)</label>
      <textarea id="field-options" name="options" rows="4">${values.options}</textarea>
    </div>
    <div data-show-for="Currency" class="stack">
      <label for="field-currencies"
        >Allowed currencies (Currency: ISO codes such as USD, EUR; empty allows any)</label
      >
      <input
        id="field-currencies"
        name="currencies"
        type="text"
        value="${values.currencies}"
        autocomplete="off"
      />
    </div>
    <label for="field-target">Application column (optional)</label>
    <input
      id="field-target"
      name="target"
      type="text"
      value="${values.target}"
      maxlength="64"
      autocomplete="off"
    />
    <div class="checks">
      <input id="field-required" name="required" type="checkbox" ${checked(values.required)} />
      <label for="field-required">Required: Entra ID must send a value</label>
    </div>
    <div class="checks">
      <input id="field-indexed" name="indexed" type="checkbox" ${checked(values.indexed)} />
      <label for="field-indexed">Indexed: used for matching or filtering</label>
    </div>
    <button type="submit">${options.submit}</button>
  </form>`;
}
