import type { Response, Router } from 'express';
import type { ScimError } from '@roster/scim';
import { authorize } from '../auth/policy.ts';
import type { AdminContext } from '../operations/context.ts';
import {
  addAdmin,
  changeAdminRole,
  issueSignInLink,
  listAdmins,
  NewAdminInput,
  removeAdmin,
} from '../operations/admins.ts';
import { addAdminForm, adminTable, EMPTY_ADMIN_FORM, type AdminFormValues } from './admin-forms.ts';
import { copyable } from './entra-steps.ts';
import { accountPath, param, when } from './format.ts';
import { formError } from './components.ts';
import { html } from './html.ts';
import { parsed } from '../http/parse.ts';
import { accountIdOf, isFormError, routeParam, seeOther, sendAccountPage, sessionOf } from './request.ts';

const NOTICES: Record<string, string> = {
  role: 'Role changed. It applies to the admin’s next request.',
  removed: 'Admin removed. Their sessions and API keys no longer work.',
};

/** Admins: who may sign in to the account, added, re-roled and removed by those who may manage them. */
export function registerAdmins(router: Router, ctx: AdminContext, options: { consoleOrigin: string }): void {
  const showList = async (
    res: Response,
    accountId: string,
    notice?: string,
    form?: { values?: AdminFormValues; error: ScimError },
  ) => {
    const { principal, csrf } = sessionOf(res);
    const admins = await listAdmins(ctx, principal, accountId);
    const powers = {
      manage: authorize(principal, 'admins:manage', accountId).allowed,
      owners: authorize(principal, 'owners:manage', accountId).allowed,
    };
    // A refused add keeps its message by its form; a refused change of a row goes above the table.
    const addError = form?.values === undefined ? undefined : form.error.detail;
    const rowError = form !== undefined && form.values === undefined ? form.error.detail : undefined;
    sendAccountPage(
      res,
      {
        title: 'Admins',
        accountId,
        active: 'admins',
        notice,
        body: html`<h1>Admins</h1>
          <p>
            People who may sign in to this account's console and admin API, and what their role lets them do.
          </p>
          ${rowError === undefined ? '' : formError(rowError)} ${adminTable(accountId, admins, csrf, powers)}
          ${
            powers.manage
              ? html`<section aria-labelledby="add-admin" class="card">
                  <h2 id="add-admin">Add an admin</h2>
                  <p>The new admin gets a one-time sign-in link, shown once on the next page, to pass on.</p>
                  ${addAdminForm(accountId, csrf, powers, form?.values ?? EMPTY_ADMIN_FORM, addError)}
                </section>`
              : ''
          }`,
      },
      form?.error.status ?? 200,
    );
  };

  /** The page a link is shown on, once: it is kept only as a hash. */
  const showLink = (
    res: Response,
    accountId: string,
    email: string,
    heading: string,
    issued: { link: string; expiresAt: string },
  ) =>
    sendAccountPage(res, {
      title: heading,
      accountId,
      active: 'admins',
      body: html`<h1>${heading}</h1>
        <div class="card">
          <p class="warning" role="status">
            <strong>Copy the link now and pass it on to ${email}.</strong> It is shown only on this page,
            signs in once and expires ${when(issued.expiresAt)}.
          </p>
          ${copyable('sign-in-link', 'One-time sign-in link', issued.link)}
          <p><a href="${accountPath(accountId, 'admins')}">Back to Admins</a></p>
        </div>`,
    });

  router.get('/accounts/:accountId/admins', async (req, res) => {
    await showList(res, accountIdOf(req), NOTICES[param(req.query, 'done')]);
  });

  router.post('/accounts/:accountId/admins', async (req, res) => {
    const accountId = accountIdOf(req);
    const { principal } = sessionOf(res);
    const values: AdminFormValues = {
      email: param(req.body, 'email'),
      displayName: param(req.body, 'displayName'),
      role: param(req.body, 'role'),
    };
    try {
      const input = parsed(NewAdminInput, { ...values, displayName: values.displayName || values.email });
      const added = await addAdmin(ctx, principal, accountId, input);
      const issued = await issueSignInLink(ctx, principal, accountId, added.adminId, options.consoleOrigin);
      showLink(res, accountId, added.email, `Admin ${added.email} added`, issued);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showList(res, accountId, undefined, { values, error });
    }
  });

  router.post('/accounts/:accountId/admins/:adminId/role', async (req, res) => {
    const accountId = accountIdOf(req);
    try {
      const { role } = parsed(NewAdminInput.pick({ role: true }), { role: param(req.body, 'role') });
      await changeAdminRole(ctx, sessionOf(res).principal, accountId, routeParam(req, 'adminId'), role);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showList(res, accountId, undefined, { error });
      return;
    }
    seeOther(res, `${accountPath(accountId, 'admins')}?done=role`);
  });

  router.post('/accounts/:accountId/admins/:adminId/remove', async (req, res) => {
    const accountId = accountIdOf(req);
    try {
      await removeAdmin(ctx, sessionOf(res).principal, accountId, routeParam(req, 'adminId'));
    } catch (error) {
      if (!isFormError(error)) throw error;
      await showList(res, accountId, undefined, { error });
      return;
    }
    seeOther(res, `${accountPath(accountId, 'admins')}?done=removed`);
  });

  router.post('/accounts/:accountId/admins/:adminId/link', async (req, res) => {
    const accountId = accountIdOf(req);
    const issued = await issueSignInLink(
      ctx,
      sessionOf(res).principal,
      accountId,
      routeParam(req, 'adminId'),
      options.consoleOrigin,
    );
    showLink(res, accountId, issued.email, 'New sign-in link', issued);
  });
}
