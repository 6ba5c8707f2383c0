import { randomUUID } from 'node:crypto';

/** The user Entra ID creates with its default mapping (ENTRA.md §2.3), with a fresh userName. */
export function entraCreateUserBody(userName = `${randomUUID()}@contoso.com`) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: userName.split('@')[0],
    userName,
    active: true,
    displayName: 'Alice Example',
    title: 'Engineer',
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { formatted: 'Alice Example', givenName: 'Alice', familyName: 'Example' },
    phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
    addresses: [{ type: 'work', formatted: '1 Main St', country: 'US', primary: true }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: 'E-1001', department: 'R&D' },
    roles: [],
    meta: { resourceType: 'User' },
  };
}
