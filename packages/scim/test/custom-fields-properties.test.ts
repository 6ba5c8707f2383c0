import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertFieldValues,
  customExtensionSchema,
  FIELD_TYPES,
  normaliseReference,
  parseCurrency,
  parseDate,
  parseDateTime,
  validateFieldDefinition,
  type FieldDefinition,
  type FieldType,
} from '../src/custom-fields/index.ts';
import { ScimError, validateResource } from '../src/index.ts';
import { ACME_URN } from './helpers.ts';

const fieldArbitrary: fc.Arbitrary<FieldDefinition> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
    type: fc.constantFrom<FieldType>(...FIELD_TYPES),
    required: fc.boolean(),
    options: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
    currencies: fc.uniqueArray(fc.stringMatching(/^[A-Z]{3}$/), { maxLength: 3 }),
  })
  .map(({ id, type, required, options, currencies }) => ({
    id,
    label: id,
    type,
    required,
    ...(type === 'Dropdown' ? { options } : {}),
    ...(type === 'Currency' ? { currencies } : {}),
  }));

const fieldsArbitrary = fc.uniqueArray(fieldArbitrary, {
  maxLength: 6,
  selector: (field) => field.id.toLowerCase(),
});

/** JSON values, plus the strings clients actually send for our types. */
const valueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    'True',
    'false',
    '42',
    '-1.5',
    '2025-03-01',
    '2025-03-01T09:30:00Z',
    'USD 12.50',
    '12 eur',
    ' ',
  ),
  fc.record({ value: fc.jsonValue() }),
  fc.array(fc.record({ value: fc.string(), $ref: fc.constant(null) }), { maxLength: 2 }),
);

const isTyped = (value: unknown): boolean =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  typeof value === 'boolean' ||
  (value instanceof Date && !Number.isNaN(value.getTime()));

describe('custom fields: properties', () => {
  it('convertFieldValues never throws; ok gives one well-typed entry per field, errors are 400 invalidValue naming a field', () => {
    fc.assert(
      fc.property(
        fieldsArbitrary,
        fc.dictionary(fc.string({ maxLength: 12 }), valueArbitrary, { maxKeys: 8 }),
        fc.array(valueArbitrary, { minLength: 6, maxLength: 6 }),
        (fields, noise, values) => {
          const object: Record<string, unknown> = { ...noise };
          fields.forEach((field, index) => {
            object[field.id] = values[index];
          });
          const result = convertFieldValues(fields, object);
          if (result.ok) {
            expect(Object.keys(result.value.typed).sort()).toEqual(fields.map((field) => field.id).sort());
            for (const value of Object.values(result.value.typed)) expect(isTyped(value)).toBe(true);
          } else {
            expect(result.error).toBeInstanceOf(ScimError);
            expect([result.error.status, result.error.scimType]).toEqual([400, 'invalidValue']);
            expect(fields.some((field) => result.error.detail.startsWith(`${field.id}: `))).toBe(true);
            expect(result.error.detail.length).toBeLessThan(600);
          }
        },
      ),
    );
  });

  it('whatever validateResource accepts for the custom extension has typed values or a clear 400', () => {
    fc.assert(
      fc.property(
        fieldsArbitrary,
        fc.array(valueArbitrary, { minLength: 6, maxLength: 6 }),
        (fields, values) => {
          const custom: Record<string, unknown> = {};
          fields.forEach((field, index) => {
            custom[field.id] = values[index];
          });
          const body = {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: 'u',
            [ACME_URN]: custom,
          };
          const schema = customExtensionSchema(ACME_URN, fields);
          const validated = validateResource(body, 'User', { extensions: [schema] });
          if (!validated.ok) return;
          const result = convertFieldValues(fields, validated.value.extensions[ACME_URN] ?? {});
          if (!result.ok) expect(result.error.status).toBe(400);
        },
      ),
    );
  });

  it('the typed value of a Number, Boolean or Reference accepted by validateResource is never refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<FieldType>('Number', 'Boolean', 'Reference', 'String'),
        valueArbitrary,
        (type, raw) => {
          const fields: FieldDefinition[] = [{ id: 'f', label: 'f', type, required: false }];
          const body = {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: 'u',
            [ACME_URN]: { f: raw },
          };
          const validated = validateResource(body, 'User', {
            extensions: [customExtensionSchema(ACME_URN, fields)],
          });
          if (!validated.ok) return;
          expect(convertFieldValues(fields, validated.value.extensions[ACME_URN] ?? {}).ok).toBe(true);
        },
      ),
    );
  });

  it('validateFieldDefinition never throws, and its output validates to itself', () => {
    const definitionLike = fc.record(
      {
        id: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/),
          fc.anything(),
        ),
        label: fc.oneof(fc.string(), fc.anything()),
        type: fc.oneof(fc.constantFrom(...FIELD_TYPES, 'dropdown', 'CURRENCY', 'Integer'), fc.anything()),
        required: fc.oneof(fc.boolean(), fc.anything()),
        options: fc.oneof(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.anything()),
        currencies: fc.oneof(fc.array(fc.stringMatching(/^[A-Z]{3}$/), { maxLength: 3 }), fc.anything()),
        target: fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(definitionLike, fc.anything()), (input) => {
        const result = validateFieldDefinition(input);
        if (result.ok) expect(validateFieldDefinition(result.value)).toEqual(result);
        else expect(typeof result.error).toBe('string');
      }),
    );
  });

  it('normaliseReference never throws on JSON and returns a non-empty id, null or undefined', () => {
    fc.assert(
      fc.property(valueArbitrary, (raw) => {
        const id = normaliseReference(raw);
        expect(id === null || id === undefined || (typeof id === 'string' && id !== '')).toBe(true);
      }),
    );
  });

  it('parseDate and parseDateTime round-trip ISO strings of any instant in years 0–9999', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString();
          expect(parseDateTime(iso)?.getTime()).toBe(date.getTime());
          const day = iso.slice(0, 10);
          expect(parseDate(day)?.toISOString()).toBe(`${day}T00:00:00.000Z`);
        },
      ),
    );
  });

  it('parseCurrency output parses to itself', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(
          /^\s*(?:[A-Za-z]{3}(?:\s+-?\d{1,6}(?:\.\d{1,4})?)?|-?\d{1,6}(?:\.\d{1,4})?\s+[A-Za-z]{3})\s*$/,
        ),
        (text) => {
          const parsed = parseCurrency(text, []);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(parseCurrency(parsed.value, [])).toEqual(parsed);
        },
      ),
    );
  });
});
