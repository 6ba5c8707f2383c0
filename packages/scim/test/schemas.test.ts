import { describe, expect, it } from 'vitest';
import {
  attribute,
  commonAttributes,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  findAttribute,
  findSubAttribute,
  GROUP_SCHEMA,
  groupSchemaDefinition,
  renderSchema,
  resolveAttributePath,
  USER_SCHEMA,
  userSchemaDefinition,
  type AttributeDefinition,
} from '../src/index.ts';
import {
  ACME_URN,
  acmeExtension,
  errorBody,
  outline,
  outlineSchema,
  unwrap,
  userSchemasWith,
} from './helpers.ts';

describe('schema definitions (RFC 7643 §8.7.1)', () => {
  it('core User', () => {
    expect(userSchemaDefinition.id).toBe(USER_SCHEMA);
    expect(outline(userSchemaDefinition.attributes)).toMatchInlineSnapshot(`
      [
        "userName: string required unique:server",
        "name: complex",
        "name.formatted: string",
        "name.familyName: string",
        "name.givenName: string",
        "name.middleName: string",
        "name.honorificPrefix: string",
        "name.honorificSuffix: string",
        "displayName: string",
        "nickName: string",
        "profileUrl: reference ref:external",
        "title: string",
        "userType: string",
        "preferredLanguage: string",
        "locale: string",
        "timezone: string",
        "active: boolean",
        "password: string writeOnly returned:never",
        "emails: complex multi",
        "emails.value: string",
        "emails.display: string",
        "emails.type: string [work,home,other]",
        "emails.primary: boolean",
        "phoneNumbers: complex multi",
        "phoneNumbers.value: string",
        "phoneNumbers.display: string",
        "phoneNumbers.type: string [work,home,mobile,fax,pager,other]",
        "phoneNumbers.primary: boolean",
        "ims: complex multi",
        "ims.value: string",
        "ims.display: string",
        "ims.type: string [aim,gtalk,icq,xmpp,msn,skype,qq,yahoo]",
        "ims.primary: boolean",
        "photos: complex multi",
        "photos.value: reference ref:external",
        "photos.display: string",
        "photos.type: string [photo,thumbnail]",
        "photos.primary: boolean",
        "addresses: complex multi",
        "addresses.formatted: string",
        "addresses.streetAddress: string",
        "addresses.locality: string",
        "addresses.region: string",
        "addresses.postalCode: string",
        "addresses.country: string",
        "addresses.type: string [work,home,other]",
        "addresses.primary: boolean",
        "groups: complex multi readOnly",
        "groups.value: string readOnly",
        "groups.$ref: reference readOnly ref:User,Group",
        "groups.display: string readOnly",
        "groups.type: string readOnly [direct,indirect]",
        "entitlements: complex multi",
        "entitlements.value: string",
        "entitlements.display: string",
        "entitlements.type: string",
        "entitlements.primary: boolean",
        "roles: complex multi",
        "roles.value: string",
        "roles.display: string",
        "roles.type: string []",
        "roles.primary: boolean",
        "x509Certificates: complex multi",
        "x509Certificates.value: binary",
        "x509Certificates.display: string",
        "x509Certificates.type: string []",
        "x509Certificates.primary: boolean",
      ]
    `);
  });

  it('Enterprise User', () => {
    expect(enterpriseUserSchemaDefinition.id).toBe(ENTERPRISE_USER_SCHEMA);
    expect(outline(enterpriseUserSchemaDefinition.attributes)).toMatchInlineSnapshot(`
      [
        "employeeNumber: string",
        "costCenter: string",
        "organization: string",
        "division: string",
        "department: string",
        "manager: complex",
        "manager.value: string",
        "manager.$ref: reference ref:User",
        "manager.displayName: string readOnly",
      ]
    `);
  });

  it('Group', () => {
    expect(groupSchemaDefinition.id).toBe(GROUP_SCHEMA);
    expect(outline(groupSchemaDefinition.attributes)).toMatchInlineSnapshot(`
      [
        "displayName: string required",
        "members: complex multi",
        "members.value: string immutable",
        "members.$ref: reference immutable ref:User,Group",
        "members.display: string readOnly",
        "members.type: string immutable [User,Group]",
      ]
    `);
  });

  it('common attributes (RFC 7643 §3.1)', () => {
    expect(outline(commonAttributes)).toMatchInlineSnapshot(`
      [
        "id: string caseExact readOnly returned:always unique:server",
        "externalId: string caseExact",
        "meta: complex readOnly",
        "meta.resourceType: string caseExact readOnly",
        "meta.created: dateTime readOnly",
        "meta.lastModified: dateTime readOnly",
        "meta.location: reference readOnly ref:uri",
        "meta.version: string caseExact readOnly",
      ]
    `);
  });

  it('every name follows the ATTRNAME rule (or is $ref) and is unique within its parent', () => {
    const check = (attributes: readonly AttributeDefinition[]) => {
      const names = attributes.map((a) => a.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      for (const a of attributes) {
        expect(a.name).toMatch(/^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/);
        expect(a.subAttributes !== undefined).toBe(a.type === 'complex');
        for (const sub of a.subAttributes ?? []) expect(sub.type).not.toBe('complex');
        check(a.subAttributes ?? []);
      }
    };
    for (const schema of [userSchemaDefinition, enterpriseUserSchemaDefinition, groupSchemaDefinition]) {
      check(schema.attributes);
    }
    check(commonAttributes);
  });

  it('attribute() fills in the RFC 7643 §2.2 defaults', () => {
    expect(attribute('f_level', 'integer', 'Level')).toEqual({
      name: 'f_level',
      type: 'integer',
      multiValued: false,
      description: 'Level',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    });
  });
});

describe('case-insensitive lookup', () => {
  it.each([
    ['username', 'userName'],
    ['USERNAME', 'userName'],
    ['phonenumbers', 'phoneNumbers'],
    ['X509CERTIFICATES', 'x509Certificates'],
  ])('%s -> %s', (name, canonical) => {
    expect(findAttribute(userSchemaDefinition.attributes, name)?.name).toBe(canonical);
  });

  it('finds sub-attributes, including $ref', () => {
    const emails = findAttribute(userSchemaDefinition.attributes, 'EMAILS');
    expect(emails && findSubAttribute(emails, 'Value')?.name).toBe('value');
    const members = findAttribute(groupSchemaDefinition.attributes, 'members');
    expect(members && findSubAttribute(members, '$REF')?.name).toBe('$ref');
    const active = findAttribute(userSchemaDefinition.attributes, 'active');
    expect(active && findSubAttribute(active, 'value')).toBeUndefined();
  });

  it('does not find unknown or prototype names', () => {
    expect(findAttribute(userSchemaDefinition.attributes, 'nope')).toBeUndefined();
    expect(findAttribute(userSchemaDefinition.attributes, '__proto__')).toBeUndefined();
    expect(findAttribute(userSchemaDefinition.attributes, 'constructor')).toBeUndefined();
    expect(findAttribute(userSchemaDefinition.attributes, 'toString')).toBeUndefined();
  });
});

describe('resolveAttributePath', () => {
  const schemas = userSchemasWith(
    acmeExtension('Acme fields', [attribute('dept_code', 'string', 'Department code')]),
  );

  it.each([
    [{ attr: 'USERNAME' }, { attr: 'userName' }],
    [{ attr: 'id' }, { attr: 'id' }],
    [
      { attr: 'Meta', subAttr: 'LastModified' },
      { attr: 'meta', subAttr: 'lastModified' },
    ],
    [
      { schema: USER_SCHEMA, attr: 'emails', subAttr: 'VALUE' },
      { attr: 'emails', subAttr: 'value' },
    ],
    [
      { schema: ENTERPRISE_USER_SCHEMA.toUpperCase(), attr: 'Manager', subAttr: 'value' },
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager', subAttr: 'value' },
    ],
    [
      { schema: ACME_URN, attr: 'DEPT_CODE' },
      { schema: ACME_URN, attr: 'dept_code' },
    ],
  ])('%j', (path, canonical) => {
    expect(unwrap(resolveAttributePath(path, schemas, 'invalidFilter')).path).toEqual(canonical);
  });

  it('returns the definitions', () => {
    const resolved = unwrap(
      resolveAttributePath(
        { schema: ENTERPRISE_USER_SCHEMA, attr: 'manager', subAttr: 'displayName' },
        schemas,
        'invalidPath',
      ),
    );
    expect(resolved.schema).toBe(enterpriseUserSchemaDefinition);
    expect(resolved.attribute.name).toBe('manager');
    expect(resolved.subAttribute?.mutability).toBe('readOnly');
  });

  it.each([
    [
      { attr: 'employeeNumber' },
      "Unknown attribute 'employeeNumber': User has no attribute 'employeeNumber'.",
    ],
    [{ attr: 'name', subAttr: 'nick' }, "Unknown attribute 'name.nick': name has no sub-attribute 'nick'."],
    [
      { attr: 'userName', subAttr: 'value' },
      "Unknown attribute 'userName.value': userName has no sub-attribute 'value'.",
    ],
    [
      { schema: GROUP_SCHEMA, attr: 'displayName' },
      `Unknown attribute '${GROUP_SCHEMA}:displayName': its schema is not used by this resource type.`,
    ],
    [
      { schema: ENTERPRISE_USER_SCHEMA, attr: 'id' },
      `Unknown attribute '${ENTERPRISE_USER_SCHEMA}:id': EnterpriseUser has no attribute 'id'.`,
    ],
  ])('rejects %j', (path, detail) => {
    expect(errorBody(resolveAttributePath(path, schemas, 'invalidPath'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidPath',
      detail,
    });
  });
});

describe('renderSchema (RFC 7643 §7)', () => {
  it('renders the Enterprise User schema resource', () => {
    expect(
      outlineSchema(
        renderSchema(enterpriseUserSchemaDefinition, 'https://api.example.com/scim/v2/acct_123/'),
      ),
    ).toMatchInlineSnapshot(`
        {
          "attributes": [
            "employeeNumber: string — Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.",
            "costCenter: string — Identifies the name of a cost center.",
            "organization: string — Identifies the name of an organization.",
            "division: string — Identifies the name of a division.",
            "department: string — Identifies the name of a department.",
            "manager: complex — The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
            "manager.value: string — The id of the SCIM resource representing the User's manager.  REQUIRED.",
            "manager.$ref: reference ref:User — The URI of the SCIM resource representing the User's manager.  REQUIRED.",
            "manager.displayName: string readOnly — The displayName of the User's manager.  OPTIONAL and READ-ONLY.",
          ],
          "description": "Enterprise User",
          "id": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
          "meta": {
            "location": "https://api.example.com/scim/v2/acct_123/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "resourceType": "Schema",
          },
          "name": "EnterpriseUser",
          "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:Schema",
          ],
        }
      `);
  });

  it('keeps the RFC key order and is plain JSON', () => {
    const rendered = renderSchema(userSchemaDefinition, 'https://h/scim');
    expect(Object.keys(rendered)).toEqual(['schemas', 'id', 'name', 'description', 'attributes', 'meta']);
    const emails = rendered.attributes.find((a) => a.name === 'emails');
    expect(emails && Object.keys(emails)).toEqual([
      'name',
      'type',
      'subAttributes',
      'multiValued',
      'description',
      'required',
      'caseExact',
      'mutability',
      'returned',
      'uniqueness',
    ]);
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(rendered);
    expect(rendered.meta.location).toBe(`https://h/scim/Schemas/${USER_SCHEMA}`);
  });

  it('renders a custom extension the same way', () => {
    const custom = acmeExtension('Acme fields', [attribute('f_level', 'integer', 'Level')]);
    const rendered = renderSchema(custom, 'https://h/scim/v2/acme');
    expect(rendered.id).toBe('urn:roster:scim:schemas:extension:acme:2:User');
    expect(rendered.meta).toEqual({
      resourceType: 'Schema',
      location: `https://h/scim/v2/acme/Schemas/${ACME_URN}`,
    });
    expect(rendered.attributes[0]?.type).toBe('integer');
  });
});
