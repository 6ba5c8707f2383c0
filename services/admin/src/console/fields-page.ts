import type { Response, Router } from 'express';
import { ScimError, type FieldDefinition } from '@roster/scim';
import type { AdminContext } from '../operations/context.ts';
import { addField, listFields, removeField, updateField, type AccountFields } from '../operations/fields.ts';
import {
  EMPTY_FIELD_FORM,
  fieldForm,
  fieldInputOf,
  formValuesFromBody,
  formValuesOf,
  TYPE_LABELS,
  type FieldFormValues,
} from './field-form.ts';
import { ACTIONS_COLUMN, dangerButtonForm, dataTable } from './components.ts';
import { accountPath, param } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { accountIdOf, isFormError, routeParam, seeOther, sendAccountPage, sessionOf } from './request.ts';

const NOTICES: Record<string, string> = {
  added: 'Field added. Add its attribute to Entra ID (Configure SCIM lists the exact name and type).',
  updated: 'Field saved.',
  removed: 'Field removed. Values already stored stay in user records until purged.',
};

function details(field: FieldDefinition): SafeHtml {
  const parts: SafeHtml[] = [];
  if (field.options !== undefined) parts.push(html`<span>Options: ${field.options.join(', ')}</span>`);
  if (field.currencies !== undefined)
    parts.push(html`<span>Currencies: ${field.currencies.join(', ')}</span>`);
  if (field.target !== undefined) parts.push(html`<span>Column: <code>${field.target}</code></span>`);
  if (field.indexed === true) parts.push(html`<span>Indexed</span>`);
  return parts.length === 0
    ? html`<span class="muted">—</span>`
    : html`${parts.map((part) => html`${part}<br />`)}`;
}

function fieldTable(accountId: string, fields: AccountFields, csrf: string): SafeHtml {
  if (fields.fields.length === 0) return html`<p>No custom fields yet. Add the first one below.</p>`;
  const entra = new Map(fields.entra.map((attribute) => [attribute.fieldId, attribute]));
  const rows = fields.fields.map(
    (field) =>
      html`<tr>
        <th scope="row"><code>${field.id}</code></th>
        <td>${field.label}</td>
        <td>${TYPE_LABELS[field.type]}</td>
        <td>${field.required ? 'Yes' : 'No'}</td>
        <td>${details(field)}</td>
        <td>
          <code class="attribute-name">${entra.get(field.id)?.attributeName ?? ''}</code>
          <span class="muted">(${entra.get(field.id)?.entraType ?? ''})</span>
        </td>
        <td class="actions">
          <a href="${accountPath(accountId, 'fields', field.id, 'edit')}"
            >Edit<span class="visually-hidden"> ${field.id}</span></a
          >
          ${dangerButtonForm({
            action: accountPath(accountId, 'fields', field.id, 'remove'),
            confirm: `Remove field ${field.id}? Entra ID can no longer send it.`,
            csrf,
            label: 'Remove',
            subject: field.id,
          })}
        </td>
      </tr>`,
  );
  return dataTable({
    caption: 'Custom fields',
    captionHidden: true,
    columns: ['Id', 'Label', 'Type', 'Required', 'Details', 'Entra ID attribute', ACTIONS_COLUMN],
    rows,
  });
}

/** Fields: the account's custom User attributes, added, edited and removed here. */
export function registerFields(router: Router, ctx: AdminContext): void {
  const showList = async (
    res: Response,
    accountId: string,
    notice?: string,
    form?: { values: FieldFormValues; error: ScimError },
  ) => {
    const { principal, csrf } = sessionOf(res);
    const fields = await listFields(ctx, principal, accountId);
    sendAccountPage(
      res,
      {
        title: 'Fields',
        accountId,
        active: 'fields',
        notice,
        body: html`<h1>Fields</h1>
          <p>
            Custom fields extend the SCIM User of this account (schema <code>${fields.schema}</code>). Entra
            ID sends them once an attribute with the same name is added to the application.
          </p>
          ${fieldTable(accountId, fields, csrf)}
          <section aria-labelledby="add-field" class="card">
            <h2 id="add-field">Add a field</h2>
            ${fieldForm({ action: accountPath(accountId, 'fields'), csrf, values: form?.values ?? EMPTY_FIELD_FORM, editing: false, submit: 'Add field', error: form?.error.detail })}
          </section>`,
      },
      form?.error.status ?? 200,
    );
  };

  const showEdit = async (
    res: Response,
    accountId: string,
    fieldId: string,
    form?: { values: FieldFormValues; error: ScimError },
  ) => {
    const { principal, csrf } = sessionOf(res);
    const fields = await listFields(ctx, principal, accountId);
    const field = fields.fields.find((candidate) => candidate.id === fieldId);
    if (field === undefined) throw ScimError.notFound(`This account has no field "${fieldId}".`);
    sendAccountPage(
      res,
      {
        title: `Edit field ${field.id}`,
        accountId,
        active: 'fields',
        body: html`<h1>Edit field <code>${field.id}</code></h1>
          ${fieldForm({ action: accountPath(accountId, 'fields', field.id), csrf, values: form?.values ?? formValuesOf(field), editing: true, submit: 'Save field', error: form?.error.detail })}
          <p><a href="${accountPath(accountId, 'fields')}">Back to Fields</a></p>`,
      },
      form?.error.status ?? 200,
    );
  };

  router.get('/accounts/:accountId/fields', async (req, res) => {
    await showList(res, accountIdOf(req), NOTICES[param(req.query, 'done')]);
  });

  router.post('/accounts/:accountId/fields', async (req, res) => {
    const accountId = accountIdOf(req);
    const values = formValuesFromBody(req.body);
    try {
      await addField(ctx, sessionOf(res).principal, accountId, values.id, fieldInputOf(values));
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showList(res, accountId, undefined, { values, error });
      return;
    }
    seeOther(res, `${accountPath(accountId, 'fields')}?done=added`);
  });

  router.get('/accounts/:accountId/fields/:fieldId/edit', async (req, res) => {
    await showEdit(res, accountIdOf(req), routeParam(req, 'fieldId'));
  });

  router.post('/accounts/:accountId/fields/:fieldId', async (req, res) => {
    const accountId = accountIdOf(req);
    const fieldId = routeParam(req, 'fieldId');
    const values = { ...formValuesFromBody(req.body), id: fieldId };
    try {
      await updateField(ctx, sessionOf(res).principal, accountId, fieldId, fieldInputOf(values));
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showEdit(res, accountId, fieldId, { values, error });
      return;
    }
    seeOther(res, `${accountPath(accountId, 'fields')}?done=updated`);
  });

  router.post('/accounts/:accountId/fields/:fieldId/remove', async (req, res) => {
    const accountId = accountIdOf(req);
    await removeField(ctx, sessionOf(res).principal, accountId, routeParam(req, 'fieldId'));
    seeOther(res, `${accountPath(accountId, 'fields')}?done=removed`);
  });
}
