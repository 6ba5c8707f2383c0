import type { FieldDefinition } from '@roster/scim';
import type { AccountFields } from '../operations/fields.ts';
import { dataTable } from './components.ts';
import { accountPath } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** A read-only value with its label and a copy button (the button appears once the script runs). */
export const copyable = (id: string, label: string, value: string, extra?: SafeHtml): SafeHtml =>
  html`<div class="copy-field">
    <label for="${id}">${label}</label>
    <div class="copy-row">
      <input id="${id}" type="text" readonly value="${value}" spellcheck="false" autocomplete="off" />
      <button type="button" class="secondary" data-copy="${id}" hidden>
        Copy<span class="visually-hidden"> ${label}</span>
      </button>
    </div>
    ${extra}
  </div>`;

const details = (field: FieldDefinition): string[] => [
  ...(field.options === undefined ? [] : [`one of: ${field.options.join(', ')}`]),
  ...(field.currencies === undefined ? [] : [`currencies: ${field.currencies.join(', ')}`]),
];

function attributeTable(accountId: string, fields: AccountFields): SafeHtml {
  if (fields.fields.length === 0)
    return html`<p>
      This account has no custom fields yet, so only Entra's standard attributes are needed. Custom fields are
      added on the <a href="${accountPath(accountId, 'fields')}">Fields</a> page.
    </p>`;
  const byId = new Map(fields.fields.map((field) => [field.id, field]));
  const rows = fields.entra.map((attribute, index) => {
    const field = byId.get(attribute.fieldId);
    const notes = [
      ...(attribute.note === undefined ? [] : [attribute.note]),
      ...(field === undefined ? [] : details(field)),
    ];
    return html`<tr>
      <th scope="row">
        ${field?.label ?? attribute.fieldId}<br /><span class="muted">${field?.type ?? ''}</span>
      </th>
      <td>
        <div class="copy-row">
          <code id="${`entra-attr-${index}`}" class="attribute-name">${attribute.attributeName}</code>
          <button type="button" class="secondary small" data-copy="${`entra-attr-${index}`}" hidden>
            Copy<span class="visually-hidden"> attribute name of ${attribute.fieldId}</span>
          </button>
        </div>
      </td>
      <td><strong class="entra-type">${attribute.entraType}</strong></td>
      <td>${field?.required === true ? 'Yes' : 'No'}</td>
      <td>${notes.join('; ')}</td>
    </tr>`;
  });
  return dataTable({
    caption: html`Target attributes to add in Entra ID (extension schema <code>${fields.schema}</code>)`,
    className: 'entra-attributes',
    columns: ['Field', 'Attribute name', 'Type to pick', 'Required?', 'Notes'],
    rows,
  });
}

/** The Entra ID set-up of this account, with its custom fields' exact attribute names and types. */
export function entraSteps(accountId: string, fields: AccountFields): SafeHtml {
  return html`<section aria-labelledby="entra-steps" class="card">
    <h2 id="entra-steps">Set up provisioning in Microsoft Entra ID</h2>
    <ol class="steps">
      <li>
        In the Microsoft Entra admin center, open
        <strong>Enterprise applications → New application → Create your own application</strong>, name it, and
        choose <em>Integrate any other application you don't find in the gallery (Non-gallery)</em>.
      </li>
      <li>
        In the application, open <strong>Provisioning</strong> and set <strong>Provisioning Mode</strong> to
        <strong>Automatic</strong>.
      </li>
      <li>
        Under <strong>Admin Credentials</strong>, paste the SCIM base URL as <strong>Tenant URL</strong> and
        the token as <strong>Secret Token</strong>. Select <strong>Test Connection</strong>, then
        <strong>Save</strong>.
      </li>
      <li>
        Under <strong>Mappings</strong>, open <strong>Provision Microsoft Entra ID Users</strong>, tick
        <strong>Show advanced options</strong> and select <strong>Edit attribute list</strong>. Add one
        attribute per custom field below, with exactly this name and type, then save.
      </li>
      <li>
        Back in the attribute mappings, use <strong>Add New Mapping</strong> for each custom field: pick the
        Entra ID source attribute and, as <strong>Target attribute</strong>, the name from the table.
      </li>
      <li>
        Keep <code>userName</code> matched on <code>userPrincipalName</code> (the default). Assign users and
        groups to the application, set <strong>Provisioning Status</strong> to <strong>On</strong> and save.
        Each request then appears in the provisioning log.
      </li>
    </ol>
    ${attributeTable(accountId, fields)}
  </section>`;
}
