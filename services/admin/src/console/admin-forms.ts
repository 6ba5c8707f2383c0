import { ACCOUNT_ROLES, type AccountRole, type AdminRecord } from '@roster/store';
import { ACTIONS_COLUMN, csrfField, dangerButtonForm, dataTable, formError } from './components.ts';
import { accountPath, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { ROLE_NAMES } from './layout.ts';

/** What the Add admin form holds, kept when the form is refused. */
export interface AdminFormValues {
  email: string;
  displayName: string;
  role: string;
}

export const EMPTY_ADMIN_FORM: AdminFormValues = { email: '', displayName: '', role: 'user_admin' };

/** What the signed-in principal may do on the page, as the policy decided. */
export interface AdminPowers {
  manage: boolean;
  /** May make, unmake and remove owners. */
  owners: boolean;
}

/** The roles the principal may give: `owner` only to those who may manage owners. */
export const grantableRoles = (powers: AdminPowers): readonly AccountRole[] =>
  ACCOUNT_ROLES.filter((role) => role !== 'owner' || powers.owners);

const roleOptions = (roles: readonly AccountRole[], selected: string): SafeHtml[] =>
  roles.map(
    (role) =>
      html`<option value="${role}" ${role === selected ? html` selected` : ''}>
        ${ROLE_NAMES[role] ?? role}
      </option>`,
  );

function rowActions(accountId: string, admin: AdminRecord, csrf: string, powers: AdminPowers): SafeHtml {
  // An owner's row changes only for those who may manage owners: the operation would refuse.
  if (!powers.manage || (admin.role === 'owner' && !powers.owners)) return html``;
  const path = (...segments: string[]) => accountPath(accountId, 'admins', admin.adminId, ...segments);
  const selectId = `role-${admin.adminId}`;
  return html`<form method="post" action="${path('role')}" class="row-form">
      ${csrfField(csrf)}
      <label for="${selectId}" class="visually-hidden">Role of ${admin.email}</label>
      <select id="${selectId}" name="role">
        ${roleOptions(grantableRoles(powers), admin.role)}
      </select>
      <button type="submit" class="secondary small">
        Change role<span class="visually-hidden"> of ${admin.email}</span>
      </button>
    </form>
    <form method="post" action="${path('link')}" class="row-form">
      ${csrfField(csrf)}
      <button type="submit" class="secondary small">
        New sign-in link<span class="visually-hidden"> for ${admin.email}</span>
      </button>
    </form>
    ${dangerButtonForm({
      action: path('remove'),
      confirm: `Remove ${admin.email}? They can no longer sign in to this account.`,
      csrf,
      label: 'Remove',
      subject: admin.email,
    })}`;
}

/** The account's admins, with role, link and remove buttons for those who may manage them. */
export function adminTable(
  accountId: string,
  admins: readonly AdminRecord[],
  csrf: string,
  powers: AdminPowers,
): SafeHtml {
  const rows = admins.map(
    (admin) =>
      html`<tr>
        <th scope="row">${admin.displayName}</th>
        <td>${admin.email}</td>
        <td>${ROLE_NAMES[admin.role] ?? admin.role}</td>
        <td>${when(admin.createdAt, 'short')}</td>
        ${powers.manage ? html`<td class="actions">${rowActions(accountId, admin, csrf, powers)}</td>` : ''}
      </tr>`,
  );
  return dataTable({
    caption: 'Admins of this account',
    captionHidden: true,
    className: 'admins',
    columns: ['Name', 'Email', 'Role', 'Created (UTC)', ...(powers.manage ? [ACTIONS_COLUMN] : [])],
    rows,
    empty: 'No admins yet.',
  });
}

/** Add admin: email, name and role; the new admin signs in with the one-time link shown next. */
export function addAdminForm(
  accountId: string,
  csrf: string,
  powers: AdminPowers,
  values: AdminFormValues,
  error?: string,
): SafeHtml {
  return html`<form method="post" action="${accountPath(accountId, 'admins')}" class="inline-form">
    ${csrfField(csrf)} ${error === undefined ? '' : formError(error)}
    <div class="field">
      <label for="admin-email">Email</label>
      <input
        id="admin-email"
        name="email"
        type="email"
        value="${values.email}"
        required
        maxlength="254"
        autocomplete="off"
      />
    </div>
    <div class="field">
      <label for="admin-name">Display name</label>
      <input id="admin-name" name="displayName" type="text" value="${values.displayName}" maxlength="200" />
    </div>
    <div class="field">
      <label for="admin-role">Role</label>
      <select id="admin-role" name="role">
        ${roleOptions(grantableRoles(powers), values.role)}
      </select>
    </div>
    <div class="field"><button type="submit">Add admin</button></div>
  </form>`;
}
