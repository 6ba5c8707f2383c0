import { describe, expect, it } from 'vitest';
import {
  convertFieldValues,
  customExtensionSchema,
  unknownFieldError,
  unknownFieldIds,
  validateFieldDefinitions,
  type FieldDefinition,
} from '../src/custom-fields/index.ts';
import {
  applyPatch,
  parsePatchRequest,
  renderSchema,
  USER_SCHEMA,
  validateResource,
  type ResourceSchemas,
} from '../src/index.ts';
import { ACME_URN, outlineSchema, unwrap, userSchemasWith } from './helpers.ts';

const definitions = (input: unknown): FieldDefinition[] => {
  const result = validateFieldDefinitions(input);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

/** Account acme's fields: the four of docs/entra.md §4.2 plus one of each other type. */
const acmeFields = definitions([
  { id: 'f_costCode', label: 'Cost code', type: 'String', required: true },
  { id: 'f_isContractor', label: 'Contractor?', type: 'Boolean' },
  { id: 'f_level', label: 'Level', type: 'Number', target: 'level' },
  { id: 'f_startDate', label: 'Start', type: 'DateTime' },
  { id: 'f_birthday', type: 'Date' },
  { id: 'f_team', label: 'Team', type: 'Dropdown', options: ['Platform', 'Sales'] },
  { id: 'f_salary', label: 'Salary', type: 'Currency', currencies: ['USD', 'EUR'] },
  { id: 'f_budget', label: 'Budget', type: 'Currency' },
  { id: 'f_mentor', label: 'Mentor', type: 'Reference' },
]);
const acmeSchema = customExtensionSchema(ACME_URN, acmeFields);

describe('customExtensionSchema', () => {
  it('renders one attribute per field as /Schemas serves it', () => {
    expect(outlineSchema(renderSchema(acmeSchema, 'https://api.example.com/scim/v2/acme')))
      .toMatchInlineSnapshot(`
      {
        "attributes": [
          "f_costCode: string required — Cost code (String)",
          "f_isContractor: boolean — Contractor? (Boolean)",
          "f_level: decimal — Level (Number)",
          "f_startDate: dateTime — Start (DateTime, ISO 8601)",
          "f_birthday: string — f_birthday (Date, YYYY-MM-DD)",
          "f_team: string [Platform,Sales] — Team (Dropdown, one of: Platform, Sales)",
          "f_salary: string — Salary (Currency, "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"; codes: USD, EUR)",
          "f_budget: string — Budget (Currency, "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"; any ISO 4217 code)",
          "f_mentor: reference ref:User — Mentor (Reference, the id of another User of this account)",
        ],
        "description": "User fields defined by this account",
        "id": "urn:roster:scim:schemas:extension:acme:2:User",
        "meta": {
          "location": "https://api.example.com/scim/v2/acme/Schemas/urn:roster:scim:schemas:extension:acme:2:User",
          "resourceType": "Schema",
        },
        "name": "CustomUser",
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:Schema",
        ],
      }
    `);
  });

  it('no fields: an extension without attributes', () => {
    expect(customExtensionSchema(ACME_URN, [])).toEqual({
      id: ACME_URN,
      name: 'CustomUser',
      description: 'User fields defined by this account',
      attributes: [],
    });
  });

  it('the Reference attribute is a reference to a User that also takes the shapes of Enterprise manager', () => {
    const mentor = acmeSchema.attributes.find((a) => a.name === 'f_mentor')!;
    expect([mentor.type, mentor.referenceTypes, mentor.subAttributes]).toEqual([
      'reference',
      ['User'],
      undefined,
    ]);
    const body = (f_mentor: unknown) => ({
      schemas: [USER_SCHEMA],
      userName: 'u',
      [ACME_URN]: { f_costCode: 'CC', f_mentor },
    });
    for (const shape of ['u_bob', { value: 'u_bob' }, [{ value: 'u_bob', $ref: null }], { Value: 'u_bob' }]) {
      const validated = unwrap(validateResource(body(shape), 'User', { extensions: [acmeSchema] }));
      expect(validated.extensions[ACME_URN]).toEqual({ f_costCode: 'CC', f_mentor: 'u_bob' });
    }
    for (const empty of [{}, [], { value: null }, { value: '' }]) {
      const validated = unwrap(validateResource(body(empty), 'User', { extensions: [acmeSchema] }));
      expect(validated.extensions[ACME_URN]).toEqual({ f_costCode: 'CC' });
    }
    for (const bad of [{ id: 'u_bob' }, [{ value: 'a' }, { value: 'b' }], { value: 7 }, 7]) {
      const refused = validateResource(body(bad), 'User', { extensions: [acmeSchema] });
      expect(refused.ok ? undefined : refused.error.detail).toMatch(
        /f_mentor' must be a string holding a reference/,
      );
    }
  });
});

describe('custom fields end to end with validateResource and applyPatch (docs/entra.md §4.2, §7 check 11)', () => {
  const schemas: ResourceSchemas = userSchemasWith(acmeSchema);
  const entraPost = {
    schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    userName: 'alice@contoso.com',
    [ACME_URN]: {
      f_costCode: 'CC-77',
      f_isContractor: 'True',
      f_level: '5',
      f_startDate: '2025-03-01T00:00:00Z',
      f_birthday: '1990-07-14',
      f_team: 'platform',
      f_salary: '85000 usd',
      f_mentor: 'u_bob',
      f_nickname: 'Al',
    },
  };

  it('POST: validated, unknown field reported, typed values computed', () => {
    const resource = unwrap(validateResource(entraPost, 'User', { extensions: schemas.extensions }));
    const extension = resource.extensions[ACME_URN]!;
    // validateResource keeps the sent strings except the documented coercions.
    expect(extension).toEqual({
      f_costCode: 'CC-77',
      f_isContractor: true,
      f_level: 5,
      f_startDate: '2025-03-01T00:00:00Z',
      f_birthday: '1990-07-14',
      f_team: 'platform',
      f_salary: '85000 usd',
      f_mentor: 'u_bob',
    });
    const unknown = unknownFieldIds(ACME_URN, resource.ignored, acmeFields);
    expect(unknown).toEqual(['f_nickname']);
    expect(unknownFieldError(ACME_URN, unknown, acmeFields).detail).toMatchInlineSnapshot(
      `"Unknown field f_nickname in urn:roster:scim:schemas:extension:acme:2:User; this account's fields are: f_costCode, f_isContractor, f_level, f_startDate, f_birthday, f_team, f_salary, f_budget, f_mentor"`,
    );
    expect(unwrap(convertFieldValues(acmeFields, extension)).typed).toEqual({
      f_costCode: 'CC-77',
      f_isContractor: true,
      f_level: 5,
      f_startDate: new Date('2025-03-01T00:00:00Z'),
      f_birthday: new Date('1990-07-14T00:00:00Z'),
      f_team: 'Platform',
      f_salary: 'USD 85000',
      f_budget: null,
      f_mentor: 'u_bob',
    });
  });

  it('POST without the required field is refused by validateResource', () => {
    const body = { ...entraPost, [ACME_URN]: { f_level: 1 } };
    const result = validateResource(body, 'User', { extensions: schemas.extensions });
    expect(result.ok ? undefined : result.error.detail).toBe(
      `Attribute '${ACME_URN}:f_costCode' is required.`,
    );
  });

  it('PATCH by full path and path-less key, then typed values', () => {
    const start = unwrap(validateResource(entraPost, 'User', { extensions: schemas.extensions }));
    const view = { ...start.core, [ACME_URN]: start.extensions[ACME_URN] };
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: `${ACME_URN}:f_costCode`, value: 'CC-78' },
        { op: 'Add', path: `${ACME_URN}:f_isContractor`, value: 'False' },
        { op: 'Replace', path: `${ACME_URN}:f_mentor`, value: 'u_carol' },
        { op: 'replace', value: { [`${ACME_URN}:f_level`]: '6', [`${ACME_URN}:f_team`]: 'SALES' } },
      ],
    };
    const ops = unwrap(
      parsePatchRequest(body, { knownSchemas: [USER_SCHEMA, ...schemas.extensions.map((e) => e.id)] }),
    );
    const patched = unwrap(applyPatch(view, ops, schemas));
    const extension = patched[ACME_URN] as Record<string, unknown>;
    expect(unwrap(convertFieldValues(acmeFields, extension)).typed).toMatchObject({
      f_costCode: 'CC-78',
      f_isContractor: false,
      f_level: 6,
      f_team: 'Sales',
      f_mentor: 'u_carol',
    });
  });
});

describe('unknownFieldError and unknownFieldIds', () => {
  it('details', () => {
    const many = Array.from({ length: 30 }, (_, i) => `x${i}`);
    expect([
      unknownFieldError(ACME_URN, ['dept'], acmeFields.slice(0, 3)).detail,
      unknownFieldError(ACME_URN, ['dept', 'level'], []).detail,
      unknownFieldError(ACME_URN, many, []).detail,
      unknownFieldError(ACME_URN, ['y'.repeat(100)], []).detail,
    ]).toMatchInlineSnapshot(`
      [
        "Unknown field dept in urn:roster:scim:schemas:extension:acme:2:User; this account's fields are: f_costCode, f_isContractor, f_level",
        "Unknown fields dept, level in urn:roster:scim:schemas:extension:acme:2:User; this account has no custom fields yet",
        "Unknown fields x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, … (10 more) in urn:roster:scim:schemas:extension:acme:2:User; this account has no custom fields yet",
        "Unknown field yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy… in urn:roster:scim:schemas:extension:acme:2:User; this account has no custom fields yet",
      ]
    `);
  });

  it('is a 400 invalidValue', () => {
    const error = unknownFieldError(ACME_URN, ['dept'], []);
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
  });

  it('picks unknown names under the URN only, in any case, once each', () => {
    const ignored = [
      `${ACME_URN}:dept`,
      `${ACME_URN.toUpperCase()}:Level`,
      `${ACME_URN}:dept`,
      `${ACME_URN}:f_mentor.displayName`,
      `${ACME_URN}:F_COSTCODE`,
      `${ACME_URN}:a.b`,
      'nickname2',
      'urn:example:other:User',
      `${ACME_URN}:`,
    ];
    expect(unknownFieldIds(ACME_URN, ignored, acmeFields)).toEqual(['dept', 'Level', 'a.b']);
  });
});
