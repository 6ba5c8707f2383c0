import { describe, expect, it } from 'vitest';
import {
  attribute,
  canonicalizeFilter,
  ENTERPRISE_USER_SCHEMA,
  foldFilter,
  formatAttributePath,
  formatFilter,
  groupSchemaDefinition,
  parseFilter,
  userSchemaDefinition,
  walkFilter,
  type AttributePath,
  type Filter,
  type FilterFolder,
  type ResourceSchemas,
} from '../src/index.ts';
import { ACME_URN, acmeExtension, errorBody, unwrap, USER_URNS, userSchemasWith } from './helpers.ts';

const parse = (text: string): Filter => unwrap(parseFilter(text, { knownSchemas: USER_URNS }));

/** A toy "query builder": shows that folders see element context and can build nested output. */
const toQuery: FilterFolder<unknown> = {
  compare: (node, element) => ({
    [formatAttributePath(node.path)]: { [`$${node.op}`]: node.value },
    ...(element ? { in: element.attr } : {}),
  }),
  present: (node) => ({ [formatAttributePath(node.path)]: { $exists: true } }),
  and: (_node, operands) => ({ $and: operands }),
  or: (_node, operands) => ({ $or: operands }),
  not: (_node, operand) => ({ $nor: [operand] }),
  valuePath: (node, inner) => ({ [node.path.attr]: { $elemMatch: inner } }),
};

describe('foldFilter', () => {
  it('folds bottom-up with the enclosing value path for element leaves', () => {
    expect(
      foldFilter(parse('userName eq "a" or not (emails[type eq "work" and value pr])'), toQuery),
    ).toEqual({
      $or: [
        { userName: { $eq: 'a' } },
        {
          $nor: [
            {
              emails: {
                $elemMatch: { $and: [{ type: { $eq: 'work' }, in: 'emails' }, { value: { $exists: true } }] },
              },
            },
          ],
        },
      ],
    });
  });

  it('counts leaves', () => {
    const count: FilterFolder<number> = {
      compare: () => 1,
      present: () => 1,
      and: (_n, xs) => xs.reduce((a, b) => a + b, 0),
      or: (_n, xs) => xs.reduce((a, b) => a + b, 0),
      not: (_n, x) => x,
      valuePath: (_n, x) => x,
    };
    expect(foldFilter(parse('a pr and (b pr or c pr) and emails[type eq "x"].value eq "y"'), count)).toBe(5);
  });
});

describe('walkFilter', () => {
  it('visits every node, parents first, in source order', () => {
    const seen: string[] = [];
    walkFilter(
      parse('a eq 1 and not (b pr) or emails[type eq "w"]'),
      (node, element: AttributePath | undefined) => {
        const label =
          node.kind === 'compare' || node.kind === 'present' ? formatAttributePath(node.path) : node.kind;
        seen.push(element ? `${element.attr}/${label}` : label);
      },
    );
    expect(seen).toEqual(['or', 'and', 'a', 'not', 'b', 'valuePath', 'emails/type']);
  });
});

describe('canonicalizeFilter', () => {
  const users = userSchemasWith(
    acmeExtension('Acme fields', [attribute('f_costCode', 'string', 'Cost code')]),
  );
  const groups: ResourceSchemas = { core: groupSchemaDefinition, extensions: [] };

  it.each([
    ['USERNAME eq "Alice"', users, 'userName eq "Alice"'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"', users, 'userName eq "a"'],
    ['EMAILS[TYPE eq "work"].VALUE eq "a@x"', users, 'emails[type eq "work" and value eq "a@x"]'],
    [
      'emails.Value co "@x" and not (Active eq false)',
      users,
      'emails.value co "@x" and not (active eq false)',
    ],
    [
      'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER eq "1234"',
      users,
      `${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "1234"`,
    ],
    [`${ACME_URN}:F_COSTCODE eq "CC-78"`, users, `${ACME_URN}:f_costCode eq "CC-78"`],
    [
      'id eq "u1" and Manager eq "m1"',
      {
        ...users,
        core: {
          ...userSchemaDefinition,
          attributes: [...userSchemaDefinition.attributes, attribute('manager', 'string', 'x')],
        },
      },
      'id eq "u1" and manager eq "m1"',
    ],
    ['meta.LASTMODIFIED gt "2025-01-01T00:00:00Z"', users, 'meta.lastModified gt "2025-01-01T00:00:00Z"'],
    [
      'DisplayName eq "Sales EMEA" or members[Value eq "u1"]',
      groups,
      'displayName eq "Sales EMEA" or members[value eq "u1"]',
    ],
    ['externalId pr', groups, 'externalId pr'],
  ])('%s', (text, schemas, canonical) => {
    expect(formatFilter(unwrap(canonicalizeFilter(parse(text), schemas)))).toBe(canonical);
  });

  it.each([
    ['manager eq "m1"', "Unknown attribute 'manager': User has no attribute 'manager'."],
    ['employeeNumber eq "1"', "Unknown attribute 'employeeNumber': User has no attribute 'employeeNumber'."],
    ['emails[kind eq "work"]', "Unknown attribute: emails has no sub-attribute 'kind'."],
    ['userName[value eq "x"]', "Invalid filter: userName has no sub-attributes to filter with '[...]'."],
    ['name.nick pr', "Unknown attribute 'name.nick': name has no sub-attribute 'nick'."],
  ])('rejects %s', (text, detail) => {
    expect(errorBody(canonicalizeFilter(parse(text), users))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail,
    });
  });
});
