import { describe, expect, it } from 'vitest';
import {
  attribute,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  parseAttributeList,
  projectResource,
  USER_SCHEMA,
  type ResourceSchemas,
} from '../src/index.ts';
import { ACME_URN, acmeExtension, unwrap, userSchemasWith } from './helpers.ts';
import { deepFreeze, groupSchemas, USER_KNOWN } from './patch-fixtures.ts';

const ENT = ENTERPRISE_USER_SCHEMA;

/** A custom extension with one field returned only on request (RFC 7643 §2.2 `returned: request`). */
const acmeSchema = acmeExtension('Custom fields', [
  attribute('f_costCode', 'string', 'Cost code'),
  attribute('f_salary', 'integer', 'Salary', { returned: 'request' }),
]);
const schemas: ResourceSchemas = userSchemasWith(acmeSchema);

const meta = {
  resourceType: 'User',
  created: '2025-05-01T10:00:00Z',
  lastModified: '2025-05-01T10:00:00Z',
  location: 'https://api.example.com/scim/v2/acct_123/Users/u_8f31',
};
const user = deepFreeze({
  schemas: [USER_SCHEMA, ENT, ACME_URN],
  id: 'u_8f31',
  externalId: 'alice',
  userName: 'alice@contoso.com',
  active: true,
  password: 'never-stored-but-just-in-case',
  name: { givenName: 'Alice', familyName: 'Example' },
  emails: [
    { primary: true, type: 'work', value: 'alice@contoso.com' },
    { type: 'home', value: 'a@home.example' },
  ],
  [ENT]: { employeeNumber: 'E-1001', manager: { value: 'u_1c22' } },
  [ACME_URN]: { f_costCode: 'CC-77', f_salary: 100 },
  meta,
});

const list = (text: string) => unwrap(parseAttributeList(text, { knownSchemas: USER_KNOWN }));
const project = (request: { attributes?: string; excludedAttributes?: string }) =>
  projectResource(
    user,
    {
      ...(request.attributes === undefined ? {} : { attributes: list(request.attributes) }),
      ...(request.excludedAttributes === undefined
        ? {}
        : { excludedAttributes: list(request.excludedAttributes) }),
    },
    schemas,
  );

describe('projectResource: RFC 7644 §3.9 with RFC 7643 §2.2 `returned`', () => {
  it('by default: everything but `never` (password) and `request` attributes', () => {
    const { password: _password, ...rest } = user;
    expect(project({})).toEqual({ ...rest, [ACME_URN]: { f_costCode: 'CC-77' } });
  });

  it('attributes= keeps only what is named, plus `always` (id, schemas)', () => {
    expect(project({ attributes: 'userName' })).toEqual({
      schemas: user.schemas,
      id: 'u_8f31',
      userName: 'alice@contoso.com',
    });
  });

  it('attributes= names in any case and sub-attributes', () => {
    expect(project({ attributes: 'USERNAME,name.givenName,emails.value,meta.lastModified' })).toEqual({
      schemas: user.schemas,
      id: 'u_8f31',
      userName: 'alice@contoso.com',
      name: { givenName: 'Alice' },
      emails: [{ value: 'alice@contoso.com' }, { value: 'a@home.example' }],
      meta: { lastModified: '2025-05-01T10:00:00Z' },
    });
  });

  it('attributes= with URN-qualified extension paths', () => {
    expect(project({ attributes: `${ENT}:manager,${ACME_URN}:f_salary` })).toEqual({
      schemas: user.schemas,
      id: 'u_8f31',
      [ENT]: { manager: { value: 'u_1c22' } },
      [ACME_URN]: { f_salary: 100 },
    });
  });

  it('a `request` attribute is returned only when named; `never` not even then', () => {
    expect(project({ attributes: `${ACME_URN}:f_salary,password` })).toEqual({
      schemas: user.schemas,
      id: 'u_8f31',
      [ACME_URN]: { f_salary: 100 },
    });
  });

  it('excludedAttributes= removes what is named, never `always` attributes', () => {
    const result = project({ excludedAttributes: 'id,emails,name.familyName,meta,schemas' });
    expect(result).toEqual({
      schemas: user.schemas,
      id: 'u_8f31',
      externalId: 'alice',
      userName: 'alice@contoso.com',
      active: true,
      name: { givenName: 'Alice' },
      [ENT]: { employeeNumber: 'E-1001', manager: { value: 'u_1c22' } },
      [ACME_URN]: { f_costCode: 'CC-77' },
    });
  });

  it('excludedAttributes= of every attribute of an extension drops its object', () => {
    const result = project({ excludedAttributes: `${ENT}:employeeNumber,${ENT}:manager,emails.type` });
    expect(result[ENT]).toBeUndefined();
    expect(result.emails).toEqual([
      { primary: true, value: 'alice@contoso.com' },
      { value: 'a@home.example' },
    ]);
  });

  it('unqualified extension names are found in the extensions, as in filters', () => {
    expect(project({ excludedAttributes: 'manager' })[ENT]).toEqual({ employeeNumber: 'E-1001' });
  });

  it('unknown names are ignored, not an error', () => {
    const { password: _password, ...rest } = user;
    expect(project({ excludedAttributes: 'members,nickname2,name.nope' })).toEqual({
      ...rest,
      [ACME_URN]: { f_costCode: 'CC-77' },
    });
    expect(project({ attributes: 'members' })).toEqual({ schemas: user.schemas, id: 'u_8f31' });
  });

  it('Entra: GET /Groups/{id}?excludedAttributes=members (docs/entra.md §2.10, §7 check 13)', () => {
    const group = deepFreeze({
      schemas: [GROUP_SCHEMA],
      id: 'g_77a0',
      displayName: 'Sales EMEA',
      members: [{ value: 'u_8f31', display: 'Alice' }],
      meta: { resourceType: 'Group' },
    });
    const excluded = unwrap(parseAttributeList('members', { knownSchemas: [GROUP_SCHEMA] }));
    expect(projectResource(group, { excludedAttributes: excluded }, groupSchemas)).toEqual({
      schemas: [GROUP_SCHEMA],
      id: 'g_77a0',
      displayName: 'Sales EMEA',
      meta: { resourceType: 'Group' },
    });
  });

  it('an empty members list stays in the default view', () => {
    const group = { schemas: [GROUP_SCHEMA], id: 'g1', displayName: 'G', members: [] };
    expect(projectResource(group, {}, groupSchemas)).toEqual(group);
  });
});
