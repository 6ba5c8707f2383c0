import { describe, expect, it } from 'vitest';
import {
  FIELD_TYPES,
  MAX_DROPDOWN_OPTIONS,
  validateFieldDefinition,
  validateFieldDefinitions,
  type FieldDefinition,
} from '../src/custom-fields/index.ts';
import type { Result } from '../src/index.ts';

const value = <T>(result: Result<T, string>): T => {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
};
const error = <T>(result: Result<T, string>): string => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
};

describe('validateFieldDefinition: accepted definitions in canonical form', () => {
  it.each<[string, unknown, FieldDefinition]>([
    [
      'minimal String: label defaults to the id, required to false',
      { id: 'dept_code', type: 'String' },
      { id: 'dept_code', label: 'dept_code', type: 'String', required: false },
    ],
    [
      'type in any case, label trimmed, target kept',
      { id: 'f_level', label: '  Level ', type: 'nUMBER', required: true, target: 'level_col' },
      { id: 'f_level', label: 'Level', type: 'Number', required: true, target: 'level_col' },
    ],
    [
      'blank label falls back to the id; null optionals count as absent',
      { id: 'Active-2', label: '   ', type: 'boolean', required: null, target: null, options: null },
      { id: 'Active-2', label: 'Active-2', type: 'Boolean', required: false },
    ],
    [
      'Dropdown options trimmed, order kept',
      { id: 'dept', label: 'Department', type: 'dropdown', options: [' Sales', 'R&D ', 'Support'] },
      {
        id: 'dept',
        label: 'Department',
        type: 'Dropdown',
        required: false,
        options: ['Sales', 'R&D', 'Support'],
      },
    ],
    [
      'Currency with allowed codes',
      { id: 'pay', type: 'Currency', currencies: ['USD', 'EUR'] },
      { id: 'pay', label: 'pay', type: 'Currency', required: false, currencies: ['USD', 'EUR'] },
    ],
    [
      'Currency with an empty list: any code, list omitted',
      { id: 'pay', type: 'CURRENCY', currencies: [] },
      { id: 'pay', label: 'pay', type: 'Currency', required: false },
    ],
    [
      'Date, DateTime and Reference need nothing else',
      { id: 'mentor', label: 'Mentor', type: 'reference' },
      { id: 'mentor', label: 'Mentor', type: 'Reference', required: false },
    ],
    [
      'a 64-character id',
      { id: `a${'b'.repeat(63)}`, type: 'DateTime' },
      { id: `a${'b'.repeat(63)}`, label: `a${'b'.repeat(63)}`, type: 'DateTime', required: false },
    ],
  ])('%s', (_, input, expected) => {
    expect(value(validateFieldDefinition(input))).toStrictEqual(expected);
  });

  it('accepts every FIELD_TYPES entry in lower and upper case', () => {
    for (const type of FIELD_TYPES) {
      const extra = type === 'Dropdown' ? { options: ['a'] } : {};
      for (const spelling of [type, type.toLowerCase(), type.toUpperCase()]) {
        expect(value(validateFieldDefinition({ id: 'f', type: spelling, ...extra })).type).toBe(type);
      }
    }
  });
});

describe('validateFieldDefinition: refusals', () => {
  it('names the problem and the field', () => {
    const cases: unknown[] = [
      'dept',
      null,
      [],
      { type: 'String' },
      { id: 7, type: 'String' },
      { id: '', type: 'String' },
      { id: '1st', type: 'String' },
      { id: 'dept:code', type: 'String' },
      { id: 'dept.code', type: 'String' },
      { id: 'dept[0]', type: 'String' },
      { id: 'dept code', type: 'String' },
      { id: `a${'b'.repeat(64)}`, type: 'String' },
      { id: 'constructor', type: 'String' },
      { id: 'Prototype', type: 'String' },
      { id: 'dept' },
      { id: 'dept', type: 'Integer' },
      { id: 'dept', type: 3 },
      { id: 'dept', type: 'String', label: 5 },
      { id: 'dept', type: 'String', label: 'x'.repeat(257) },
      { id: 'dept', type: 'String', required: 'yes' },
      { id: 'dept', type: 'String', option: ['a'] },
      { id: 'dept', type: 'Dropdown' },
      { id: 'dept', type: 'Dropdown', options: [] },
      { id: 'dept', type: 'Dropdown', options: 'Sales' },
      { id: 'dept', type: 'Dropdown', options: ['Sales', 3] },
      { id: 'dept', type: 'Dropdown', options: ['Sales', '  '] },
      { id: 'dept', type: 'Dropdown', options: ['Sales', 'sales '] },
      {
        id: 'dept',
        type: 'Dropdown',
        options: Array.from({ length: MAX_DROPDOWN_OPTIONS + 1 }, (_, i) => `o${i}`),
      },
      { id: 'dept', type: 'String', options: ['Sales'] },
      { id: 'dept', type: 'String', options: [] },
      { id: 'pay', type: 'Number', currencies: ['USD'] },
      { id: 'pay', type: 'Currency', currencies: ['usd'] },
      { id: 'pay', type: 'Currency', currencies: ['USDX'] },
      { id: 'pay', type: 'Currency', currencies: 'USD' },
      { id: 'pay', type: 'Currency', currencies: ['USD', 'USD'] },
      { id: 'dept', type: 'String', target: 'dept-col' },
      { id: 'dept', type: 'String', target: '_dept' },
      { id: 'dept', type: 'String', target: 12 },
    ];
    expect(cases.map((input) => error(validateFieldDefinition(input)))).toMatchInlineSnapshot(`
      [
        "A field definition must be an object.",
        "A field definition must be an object.",
        "A field definition must be an object.",
        "A field definition needs an id (a string).",
        "A field definition needs an id (a string).",
        "Field id "" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "1st" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "dept:code" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "dept.code" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "dept[0]" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "dept code" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
        "Field id "constructor" is reserved.",
        "Field id "Prototype" is reserved.",
        "Field "dept": needs a type, one of String, Number, Boolean, Date, DateTime, Dropdown, Currency, Reference.",
        "Field "dept": type "Integer" is not one of String, Number, Boolean, Date, DateTime, Dropdown, Currency, Reference.",
        "Field "dept": type must be a string, one of String, Number, Boolean, Date, DateTime, Dropdown, Currency, Reference.",
        "Field "dept": label must be a string.",
        "Field "dept": label must be at most 256 characters long.",
        "Field "dept": required must be true or false.",
        "A field definition has no property "option"; allowed: id, label, type, required, options, currencies, target, indexed.",
        "Field "dept": a Dropdown field needs at least one option.",
        "Field "dept": a Dropdown field needs at least one option.",
        "Field "dept": options must be an array of strings.",
        "Field "dept": options must be an array of strings.",
        "Field "dept": options must not be empty.",
        "Field "dept": option "sales" is listed twice (as "Sales").",
        "Field "dept": a Dropdown field has at most 500 options; got 501.",
        "Field "dept": options are only allowed for Dropdown fields.",
        "Field "dept": options are only allowed for Dropdown fields.",
        "Field "pay": currencies are only allowed for Currency fields.",
        "Field "pay": currencies must be an array of ISO 4217 codes (three upper-case letters, e.g. "USD").",
        "Field "pay": currencies must be an array of ISO 4217 codes (three upper-case letters, e.g. "USD").",
        "Field "pay": currencies must be an array of ISO 4217 codes (three upper-case letters, e.g. "USD").",
        "Field "pay": currency USD is listed twice.",
        "Field "dept": target must start with a letter and contain only letters, digits and "_" (at most 64 characters).",
        "Field "dept": target must start with a letter and contain only letters, digits and "_" (at most 64 characters).",
        "Field "dept": target must start with a letter and contain only letters, digits and "_" (at most 64 characters).",
      ]
    `);
  });
});

describe('validateFieldDefinitions', () => {
  it('validates each entry and keeps the order', () => {
    expect(
      value(
        validateFieldDefinitions([
          { id: 'b', type: 'String', target: 'b_col' },
          { id: 'a', type: 'Number', target: 'a_col' },
        ]),
      ).map((field) => field.id),
    ).toEqual(['b', 'a']);
  });

  it('refuses duplicate ids (in any case), shared targets and bad entries', () => {
    const cases: unknown[] = [
      { fields: [] },
      [
        { id: 'dept', type: 'String' },
        { id: 'dept', type: 'Number' },
      ],
      [
        { id: 'dept', type: 'String' },
        { id: 'Dept', type: 'Number' },
      ],
      [
        { id: 'a', type: 'String', target: 'col' },
        { id: 'b', type: 'String', target: 'col' },
      ],
      [
        { id: 'a', type: 'String' },
        { id: 'b.c', type: 'String' },
      ],
    ];
    expect(cases.map((input) => error(validateFieldDefinitions(input)))).toMatchInlineSnapshot(`
      [
        "Field definitions must be an array.",
        "Field id "dept" is used twice.",
        "Field ids "dept" and "Dept" differ only in letter case; SCIM attribute names are case-insensitive.",
        "Fields "a" and "b" both feed target "col".",
        "fields[1]: Field id "b.c" is not valid: it must start with a letter and contain only letters, digits, "_" and "-" (at most 64 characters).",
      ]
    `);
  });
});
