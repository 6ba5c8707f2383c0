import { describe, expect, it } from 'vitest';
import {
  convertFieldValues,
  normaliseReference,
  parseCurrency,
  parseDateTime,
  type FieldDefinition,
  type TypedFieldValue,
} from '../src/custom-fields/index.ts';
import { errorBody, expectBadRequest, unwrap } from './helpers.ts';

const field = (
  id: string,
  type: FieldDefinition['type'],
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  id,
  label: id,
  type,
  required: false,
  ...extra,
});

const F = {
  note: field('note', 'String'),
  level: field('level', 'Number'),
  flag: field('flag', 'Boolean'),
  start: field('start', 'Date'),
  seen: field('seen', 'DateTime'),
  dept: field('dept', 'Dropdown', { options: ['Sales', 'R&D', 'Support'] }),
  pay: field('pay', 'Currency', { currencies: ['USD', 'EUR'] }),
  anyPay: field('anyPay', 'Currency'),
  usdPay: field('usdPay', 'Currency', { currencies: ['USD'] }),
  mentor: field('mentor', 'Reference'),
} satisfies Record<string, FieldDefinition>;

/** The typed value of one field given `raw`, or a failed test. */
const typedOf = (definition: FieldDefinition, raw: unknown): TypedFieldValue =>
  unwrap(convertFieldValues([definition], { [definition.id]: raw })).typed[definition.id] ?? null;

/** The error detail for one field given `raw`, after checking it is a 400 invalidValue. */
const detailOf = (definition: FieldDefinition, raw: unknown): string => {
  const body = errorBody(convertFieldValues([definition], { [definition.id]: raw }));
  expect([body.status, body.scimType]).toEqual(['400', 'invalidValue']);
  return body.detail;
};

const utc = (iso: string): Date => new Date(iso);

describe('convertFieldValues: valid and coerced values of every type', () => {
  it.each<[string, FieldDefinition, unknown, TypedFieldValue]>([
    ['String as sent', F.note, 'CC-77', 'CC-77'],
    ['String keeps whitespace', F.note, '  padded ', '  padded '],
    ['String whitespace-only is a value', F.note, ' ', ' '],
    ['Number from a JSON number', F.level, 5, 5],
    ['Number from a decimal', F.level, 12.75, 12.75],
    ['Number from a numeric string (Entra PATCH)', F.level, '6', 6],
    ['Number from a negative decimal string', F.level, '-0.5', -0.5],
    ['Number from an exponent string', F.level, '1e3', 1000],
    ['Boolean true', F.flag, true, true],
    ['Boolean "False" (Entra PATCH)', F.flag, 'False', false],
    ['Boolean "TRUE"', F.flag, 'TRUE', true],
    ['Date', F.start, '2025-03-01', utc('2025-03-01T00:00:00Z')],
    ['Date on Feb 29 of a leap year', F.start, '2024-02-29', utc('2024-02-29T00:00:00Z')],
    ['Date in year 0045 (not 1945)', F.start, '0045-06-01', utc('0045-06-01T00:00:00Z')],
    ['Date with surrounding whitespace', F.start, ' 2025-03-01 ', utc('2025-03-01T00:00:00Z')],
    ['DateTime Z', F.seen, '2025-03-01T00:00:00Z', utc('2025-03-01T00:00:00Z')],
    ['DateTime with offset', F.seen, '2025-03-01T10:30:00+01:00', utc('2025-03-01T09:30:00Z')],
    [
      'DateTime negative offset crossing a day',
      F.seen,
      '2025-03-01T22:00:00-05:00',
      utc('2025-03-02T03:00:00Z'),
    ],
    ['DateTime with fraction', F.seen, '2025-03-01T09:30:00.1234567Z', utc('2025-03-01T09:30:00.123Z')],
    ['DateTime without seconds', F.seen, '2025-03-01T09:30Z', utc('2025-03-01T09:30:00Z')],
    ['DateTime basic offset', F.seen, '2025-03-01T09:30:00+0530', utc('2025-03-01T04:00:00Z')],
    ['DateTime without offset is UTC', F.seen, '2025-03-01T09:30:00', utc('2025-03-01T09:30:00Z')],
    ['DateTime lower-case t and z', F.seen, '2025-03-01t09:30:00z', utc('2025-03-01T09:30:00Z')],
    ['Dropdown exact', F.dept, 'R&D', 'R&D'],
    ['Dropdown in other case and padded', F.dept, ' sUPPORT ', 'Support'],
    ['Currency CODE amount', F.pay, 'USD 12.50', 'USD 12.50'],
    ['Currency amount CODE, lower case', F.pay, '12.5 eur', 'EUR 12.5'],
    ['Currency code alone', F.pay, 'EUR', 'EUR'],
    ['Currency negative, 4 decimals, extra spaces', F.pay, '  USD   -0.1234 ', 'USD -0.1234'],
    ['Currency any code when none listed', F.anyPay, 'JPY 1500', 'JPY 1500'],
    ['Currency bare amount with one allowed code', F.usdPay, '99.99', 'USD 99.99'],
    ['Reference bare id (Entra)', F.mentor, 'u_42', 'u_42'],
    ['Reference {value} (after validateResource)', F.mentor, { value: 'u_42' }, 'u_42'],
    ['Reference {value, $ref}', F.mentor, { value: 'u_42', $ref: 'https://x/Users/u_42' }, 'u_42'],
    ['Reference [{value, $ref}]', F.mentor, [{ value: 'u_42', $ref: null }], 'u_42'],
    ['Reference [null, "id"]', F.mentor, [null, 'u_42'], 'u_42'],
    ['Reference {Value} in other case', F.mentor, { Value: 'u_42' }, 'u_42'],
  ])('%s', (_, definition, raw, expected) => {
    expect(typedOf(definition, raw)).toEqual(expected);
  });

  it.each(Object.values(F))('$type field $id: null, "" and absence clear it', (definition) => {
    expect(typedOf(definition, null)).toBeNull();
    expect(typedOf(definition, '')).toBeNull();
    expect(unwrap(convertFieldValues([definition], {})).typed).toEqual({ [definition.id]: null });
  });

  it.each([F.level, F.flag, F.start, F.seen, F.dept, F.pay, F.mentor])(
    '$type field $id: empty shapes clear it',
    (definition) => {
      const blank = definition.type === 'Reference' ? { value: '' } : '   ';
      if (definition.type === 'Number' || definition.type === 'Boolean') {
        // Same grammar as validateResource, which does not trim numbers and booleans.
        expect(detailOf(definition, blank)).toMatch(/^(level|flag): "   " is not a/);
      } else {
        expect(typedOf(definition, blank)).toBeNull();
      }
    },
  );

  it('Reference: [] and {} and {value: null} clear it', () => {
    for (const raw of [[], {}, { value: null }, [null]]) expect(typedOf(F.mentor, raw)).toBeNull();
  });
});

describe('convertFieldValues: refusals name the field and the reason', () => {
  it('every type', () => {
    const refusals: [FieldDefinition, unknown[]][] = [
      [F.note, [5, ['a']]],
      [F.level, ['abc', '12,5', ' 12', '1e400', true, { value: 1 }]],
      [F.flag, ['yes', 1]],
      [F.start, ['2025-02-30', '2025-3-1', '2025-03-01T00:00:00Z', '01/03/2025', 20250301]],
      [
        F.seen,
        [
          '2025-03-01',
          '2025-03-01 09:30:00Z',
          '2025-03-01T24:00:00Z',
          '2025-03-01T09:60:00Z',
          '2025-03-01T09:30:00+24:00',
          '20250301093000.0Z',
          'March 1, 2025 09:30',
          1740821400000,
        ],
      ],
      [F.dept, ['Marketing', 'Sales, R&D', 3]],
      [F.pay, ['GBP 10', '12.50', 'USD 12.12345', '$12.50', 'USD12.50', '1,000 USD', 'USD 12.50 EUR', 12.5]],
      [F.anyPay, ['12.50']],
      [F.usdPay, ['EUR']],
      [
        F.mentor,
        [42, { $ref: 'https://x/Users/u_42' }, { value: 42 }, [{ value: 'a' }, { value: 'b' }], [['u_42']]],
      ],
      [F.dept, ['x'.repeat(100).concat('"'), 'line\nbreak "quoted"']],
    ];
    const details = refusals.flatMap(([definition, raws]) => raws.map((raw) => detailOf(definition, raw)));
    expect(details).toMatchInlineSnapshot(`
      [
        "note: expected a string; got a number",
        "note: expected a string; got an array",
        "level: "abc" is not a number",
        "level: "12,5" is not a number",
        "level: " 12" is not a number",
        "level: "1e400" is not a number",
        "level: true is not a number",
        "level: an object is not a number",
        "flag: "yes" is not a boolean (true or false)",
        "flag: 1 is not a boolean (true or false)",
        "start: "2025-02-30" is not a date (YYYY-MM-DD)",
        "start: "2025-3-1" is not a date (YYYY-MM-DD)",
        "start: "2025-03-01T00:00:00Z" is not a date (YYYY-MM-DD)",
        "start: "01/03/2025" is not a date (YYYY-MM-DD)",
        "start: expected a date string (YYYY-MM-DD); got a number",
        "seen: "2025-03-01" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "2025-03-01 09:30:00Z" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "2025-03-01T24:00:00Z" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "2025-03-01T09:60:00Z" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "2025-03-01T09:30:00+24:00" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "20250301093000.0Z" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: "March 1, 2025 09:30" is not a date-time (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z)",
        "seen: expected a date-time string (ISO 8601 with a time, e.g. 2025-03-01T09:30:00Z); got a number",
        "dept: "Marketing" is not one of Sales, R&D, Support",
        "dept: "Sales, R&D" is not one of Sales, R&D, Support",
        "dept: expected one of Sales, R&D, Support; got a number",
        "pay: currency GBP is not one of USD, EUR",
        "pay: "12.50" has no currency code; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: "USD 12.12345" is not a currency value; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: "$12.50" is not a currency value; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: "USD12.50" is not a currency value; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: "1,000 USD" is not a currency value; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: "USD 12.50 EUR" is not a currency value; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "pay: expected a string such as "USD 12.50"; got a number",
        "anyPay: "12.50" has no currency code; expected "CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"",
        "usdPay: currency EUR is not one of USD",
        "mentor: expected the id of a user of this account ("<id>", {"value": "<id>"} or [{"value": "<id>"}]); got 42",
        "mentor: expected the id of a user of this account ("<id>", {"value": "<id>"} or [{"value": "<id>"}]); got an object",
        "mentor: expected the id of a user of this account ("<id>", {"value": "<id>"} or [{"value": "<id>"}]); got an object",
        "mentor: a reference holds one user id; got an array of 2 values",
        "mentor: expected the id of a user of this account ("<id>", {"value": "<id>"} or [{"value": "<id>"}]); got an array",
        "dept: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is not one of Sales, R&D, Support",
        "dept: "line\\nbreak \\"quoted\\"" is not one of Sales, R&D, Support",
      ]
    `);
  });

  it('long lists of options are cut in the detail', () => {
    const many = field('many', 'Dropdown', { options: Array.from({ length: 25 }, (_, i) => `o${i}`) });
    expect(detailOf(many, 'nope')).toMatchInlineSnapshot(
      `"many: "nope" is not one of o0, o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, o11, o12, o13, o14, o15, o16, o17, o18, o19, … (5 more)"`,
    );
  });

  it('reports the first invalid field in definition order, as a full SCIM error', () => {
    const result = convertFieldValues([F.note, F.level, F.flag], { flag: 'maybe', level: 'x', note: 'ok' });
    expectBadRequest(result, 'invalidValue', 'level: "x" is not a number');
  });
});

describe('convertFieldValues: the whole object', () => {
  it('one entry per field, unknown keys ignored, no prototype', () => {
    const fields = [F.note, F.level, F.mentor];
    const { typed } = unwrap(
      convertFieldValues(fields, { level: '7', other: 'x', mentor: { value: 'u_1' } }),
    );
    expect(typed).toEqual({ note: null, level: 7, mentor: 'u_1' });
    expect(Object.getPrototypeOf(typed)).toBeNull();
  });

  it('does not touch the values it reads', () => {
    const values = Object.freeze({
      dept: ' sales ',
      pay: '12 usd',
      mentor: Object.freeze([{ value: 'u_1' }]),
    });
    const copy = structuredClone(values);
    unwrap(convertFieldValues([F.dept, F.pay, F.mentor], values));
    expect(values).toEqual(copy);
  });

  it('reads only own properties, so "toString" is not found on Object.prototype', () => {
    const toString = field('toString', 'String');
    expect(unwrap(convertFieldValues([toString], {})).typed).toEqual({ toString: null });
  });
});

describe('normaliseReference', () => {
  it.each<[unknown, string | null | undefined]>([
    ['u_1', 'u_1'],
    [{ value: 'u_1' }, 'u_1'],
    [[{ value: 'u_1', $ref: 'https://x/Users/u_1' }], 'u_1'],
    [['u_1'], 'u_1'],
    [null, null],
    [undefined, null],
    ['', null],
    [[], null],
    [{}, null],
    [{ value: '' }, null],
    [{ value: null }, null],
    [5, undefined],
    [true, undefined],
    [{ $ref: 'x' }, undefined],
    [{ value: 'a', VALUE: 'b' }, undefined],
    [{ value: 5 }, undefined],
    [['a', 'b'], undefined],
    [[['a']], undefined],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseReference(raw)).toBe(expected);
  });
});

describe('parseCurrency and parseDateTime (exported for callers that need the same grammar)', () => {
  it('parseCurrency reports the kind of problem', () => {
    expect(parseCurrency('usd 1', undefined)).toEqual({ ok: true, value: 'USD 1' });
    expect(parseCurrency('1', ['USD', 'EUR'])).toEqual({ ok: false, error: { kind: 'noCode' } });
    expect(parseCurrency('GBP', ['USD'])).toEqual({
      ok: false,
      error: { kind: 'codeNotAllowed', code: 'GBP' },
    });
    expect(parseCurrency('U$D', [])).toEqual({ ok: false, error: { kind: 'syntax' } });
  });

  it('parseDateTime does not depend on the server time zone', () => {
    expect(parseDateTime('2025-07-01T00:00:00')?.toISOString()).toBe('2025-07-01T00:00:00.000Z');
  });
});
