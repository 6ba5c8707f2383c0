import { randomUUID } from 'node:crypto';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The Microsoft-private schema Entra lists on every group it creates (docs/entra.md §2.10). */
export const ADSCIM_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const MANAGER_PATH = `${ENTERPRISE_USER}:manager`;

/** The user Entra ID creates with its default mapping (docs/entra.md §2.3), with a fresh userName. */
export function entraCreateUserBody(userName = `${randomUUID()}@contoso.com`) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER],
    externalId: userName.split('@')[0],
    userName,
    active: true,
    displayName: 'Alice Example',
    title: 'Engineer',
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { formatted: 'Alice Example', givenName: 'Alice', familyName: 'Example' },
    phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
    addresses: [{ type: 'work', formatted: '1 Main St', country: 'US', primary: true }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      employeeNumber: 'E-1001',
      department: 'R&D',
    },
    roles: [],
    meta: { resourceType: 'User' },
  };
}

export interface EntraUserOptions {
  userName?: string;
  externalId?: string;
  employeeNumber?: string;
  department?: string;
  active?: boolean;
}

/**
 * {@link entraCreateUserBody} with the values that must be unique per user (userName,
 * externalId, employeeNumber) fresh or as given, so a test can filter on each of them.
 */
export function entraUser(options: EntraUserOptions = {}) {
  const tag = randomUUID().slice(0, 8);
  const body = entraCreateUserBody(options.userName ?? `user.${tag}.${randomUUID()}@contoso.com`);
  return {
    ...body,
    externalId: options.externalId ?? `ext-${randomUUID()}`,
    active: options.active ?? true,
    [ENTERPRISE_USER]: {
      employeeNumber: options.employeeNumber ?? `E-${tag}`,
      department: options.department ?? 'R&D',
    },
  };
}

/**
 * `POST /Groups` as Entra sends it: two schemas (one Microsoft-private), no members
 * (docs/entra.md §2.10).
 */
export function entraCreateGroupBody(displayName = `Sales EMEA ${randomUUID()}`) {
  return {
    schemas: [GROUP_SCHEMA, ADSCIM_GROUP_SCHEMA],
    externalId: randomUUID(),
    displayName,
    meta: { resourceType: 'Group' },
  };
}

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/** A SCIM PatchOp message (RFC 7644 §3.5.2). */
export const patchOp = (...operations: PatchOperation[]) => ({
  schemas: [PATCH_OP_SCHEMA],
  Operations: operations,
});

/** Entra's member element: `"$ref": null` is literally sent (docs/entra.md §2.12). */
export const entraMember = (value: string) => ({ $ref: null, value });

/** Okta's create body (docs/okta.md §3): password, `groups: []`, locale, Okta's id as externalId. */
export function oktaCreateUserBody(userName = `okta.${randomUUID()}@example.com`) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: 'Otto', familyName: 'Kta' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Otto Kta',
    locale: 'en-US',
    externalId: `00u${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    groups: [],
    password: 'tlpWENT2m-Okta!',
    active: true,
  };
}

/** Okta Push Groups create body: `members: []` (docs/okta.md §5.1). */
export function oktaCreateGroupBody(displayName = `Okta Group ${randomUUID()}`) {
  return { schemas: [GROUP_SCHEMA], displayName, members: [] };
}
