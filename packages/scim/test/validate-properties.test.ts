import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attribute,
  commonAttributes,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  GROUP_SCHEMA,
  groupSchemaDefinition,
  USER_SCHEMA,
  userSchemaDefinition,
  validateResource,
  type AttributeDefinition,
  type AttributeValues,
  type ResourceTypeName,
} from '../src/index.ts';
import { ACME_URN, acmeExtension } from './helpers.ts';

function resourceTypeArbitrary(): fc.Arbitrary<ResourceTypeName> {
  return fc.constantFrom<ResourceTypeName>('User', 'Group');
}

const acmeSchema = acmeExtension('Custom fields', [
  attribute('f_code', 'string', 'Code'),
  attribute('f_flag', 'boolean', 'Flag'),
  attribute('f_level', 'integer', 'Level'),
  attribute('f_rate', 'decimal', 'Rate'),
]);
const extensions = [enterpriseUserSchemaDefinition, acmeSchema];

const namesOf = (attributes: readonly AttributeDefinition[]): string[] =>
  attributes.flatMap((a) => [a.name, ...namesOf(a.subAttributes ?? [])]);
const KNOWN_NAMES = [
  ...new Set(
    [userSchemaDefinition, groupSchemaDefinition, ...extensions]
      .flatMap((s) => namesOf(s.attributes))
      .concat(namesOf(commonAttributes)),
  ),
];

/** Keys a client might send: real names in any case, URNs, junk, and hostile keys. */
const key = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...KNOWN_NAMES)
      .chain((n) => fc.constantFrom(n, n.toUpperCase(), n.toLowerCase())),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ENTERPRISE_USER_SCHEMA,
      ACME_URN,
      USER_SCHEMA,
      'schemas',
      'urn:example:x:2.0:User',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      '$where',
      '$ref',
      'toString',
      'hasOwnProperty',
    ),
  },
);

const scalar = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('True', 'false', '42', '-7', '1.5', 'x'.repeat(4097)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** JSON-ish values shaped like SCIM data; built with Object.fromEntries, which (like JSON.parse) makes `__proto__` an own key. */
const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    scalar,
    tie('object'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 6 })
    .map((entries) => Object.fromEntries(entries)),
}));

const noisyBody = fc
  .tuple(
    fc.array(fc.tuple(key, value), { maxLength: 12 }),
    fc.constantFrom<unknown>(
      [USER_SCHEMA],
      [GROUP_SCHEMA],
      [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      undefined,
      'x',
    ),
    fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
    fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  )
  .map(([entries, schemas, userName, displayName]) => ({
    ...(schemas === undefined ? {} : { schemas }),
    ...(userName === undefined ? {} : { userName }),
    ...(displayName === undefined ? {} : { displayName }),
    ...Object.fromEntries(entries),
  }));

/** Any letter case of `name`, as clients send it. */
const spelled = (name: string) => fc.constantFrom(name, name.toUpperCase(), name.toLowerCase());

const scalarFor = (definition: AttributeDefinition): fc.Arbitrary<unknown> => {
  switch (definition.type) {
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('True', 'False', 'true', 'FALSE'));
    case 'integer':
      return fc.oneof(fc.integer(), fc.integer().map(String));
    case 'decimal':
      return fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom('1.5', '-2', '3e2'),
      );
    default:
      return fc.string({ maxLength: 12 });
  }
};

/** Mostly valid values for `definition`, sometimes null, sometimes an unknown sub-attribute. */
const valueFor = (definition: AttributeDefinition): fc.Arbitrary<unknown> => {
  const single: fc.Arbitrary<unknown> =
    definition.type === 'complex'
      ? fc
          .tuple(
            fc
              .subarray([...(definition.subAttributes ?? [])])
              .chain((subs) => fc.tuple(...subs.map((sub) => fc.tuple(spelled(sub.name), valueFor(sub))))),
            fc.option(fc.tuple(fc.constantFrom('extra', 'Note'), scalar), { nil: undefined }),
          )
          .map(([entries, extra]) => Object.fromEntries(extra === undefined ? entries : [...entries, extra]))
      : scalarFor(definition);
  const shaped = definition.multiValued ? fc.array(fc.option(single), { maxLength: 3 }) : single;
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: fc.constant(null) });
};

const attributesFor = (definitions: readonly AttributeDefinition[]) =>
  fc
    .subarray([...definitions])
    .chain((chosen) => fc.tuple(...chosen.map((d) => fc.tuple(spelled(d.name), valueFor(d)))));

// displayName is in both User and Group; one definition per name avoids generating duplicates.
const TOP_LEVEL = [
  ...commonAttributes,
  ...userSchemaDefinition.attributes,
  ...groupSchemaDefinition.attributes,
].filter((definition, index, all) => all.findIndex((other) => other.name === definition.name) === index);
const junkKey = fc.oneof(
  fc.constantFrom('nickname2', 'Extra', 'urn:example:x:2.0:User', `${ENTERPRISE_USER_SCHEMA}:department`),
  fc.stringMatching(/^x[a-z]{0,6}$/),
);

/** Bodies shaped by the schemas, so most of them validate; `schemas` names both core URNs. */
const schemaShapedBody = fc
  .tuple(
    attributesFor(TOP_LEVEL),
    fc
      .subarray(extensions)
      .chain((chosen) =>
        fc.tuple(...chosen.map((e) => fc.tuple(spelled(e.id), attributesFor(e.attributes)))),
      ),
    fc.array(fc.tuple(junkKey, scalar), { maxLength: 2 }),
  )
  .map(([core, present, junk]) => {
    const entries: [string, unknown][] = [...junk, ...core];
    const has = (name: string) => entries.some(([k]) => k.toLowerCase() === name.toLowerCase());
    return {
      schemas: [USER_SCHEMA, GROUP_SCHEMA],
      ...(has('userName') ? {} : { userName: 'user' }),
      ...(has('displayName') ? {} : { displayName: 'name' }),
      ...Object.fromEntries(entries),
      ...Object.fromEntries(present.map(([urn, attributes]) => [urn, Object.fromEntries(attributes)])),
    };
  });

const body = fc.oneof(schemaShapedBody, noisyBody);

const resourceType = resourceTypeArbitrary();
const anyBody = fc.oneof(body, fc.jsonValue(), fc.anything());

const JS_TYPE: Readonly<Record<string, string>> = {
  string: 'string',
  reference: 'string',
  dateTime: 'string',
  binary: 'string',
  boolean: 'boolean',
  integer: 'number',
  decimal: 'number',
};

/** Asserts that `values` holds only writable attributes of `definitions`, under canonical names, with the right shapes. */
const expectSchemaShaped = (values: AttributeValues, definitions: readonly AttributeDefinition[]): void => {
  expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  for (const [name, raw] of Object.entries(values)) {
    const definition = definitions.find((d) => d.name === name);
    expect(definition, `unexpected key ${name}`).toBeDefined();
    if (definition === undefined) return;
    expect(['readWrite', 'immutable']).toContain(definition.mutability);
    expect(Array.isArray(raw)).toBe(definition.multiValued);
    const items: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      if (definition.type === 'complex') {
        expect(typeof item === 'object' && item !== null && !Array.isArray(item)).toBe(true);
        expectSchemaShaped(item as AttributeValues, definition.subAttributes ?? []);
      } else {
        expect(typeof item).toBe(JS_TYPE[definition.type]);
      }
    }
  }
};

describe('validateResource properties', () => {
  it('never throws; failures are 400s with a detail', () => {
    fc.assert(
      fc.property(anyBody, resourceType, (input, type) => {
        const result = validateResource(input, type, { extensions });
        if (!result.ok) {
          expect(result.error.status).toBe(400);
          expect(['invalidSyntax', 'invalidValue']).toContain(result.error.scimType);
          expect(result.error.detail.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('generates enough valid bodies to be meaningful', () => {
    const results = fc
      .sample(fc.tuple(body, resourceType), 2000)
      .map(([input, type]) => validateResource(input, type, { extensions }));
    const valid = results.filter(
      (r) => r.ok && Object.keys(r.value.core).length + Object.keys(r.value.extensions).length > 1,
    );
    expect(valid.length).toBeGreaterThan(600);
  });

  it('never returns a key that is not in the schema', () => {
    fc.assert(
      fc.property(body, resourceType, (input, type) => {
        const result = validateResource(input, type, { extensions });
        if (!result.ok) return;
        const { core, extensions: present, schemas } = result.value;
        const coreSchema = type === 'User' ? userSchemaDefinition : groupSchemaDefinition;
        expectSchemaShaped(core, [...commonAttributes, ...coreSchema.attributes]);
        for (const [urn, values] of Object.entries(present)) {
          const schema = extensions.find((e) => e.id === urn);
          expect(schema, `unexpected extension ${urn}`).toBeDefined();
          expectSchemaShaped(values, schema?.attributes ?? []);
        }
        expect(schemas).toEqual([coreSchema.id, ...Object.keys(present)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every body with a prototype or $ key anywhere', () => {
    const hostile = (node: unknown): boolean => {
      if (Array.isArray(node)) return node.some(hostile);
      if (typeof node !== 'object' || node === null) return false;
      return Object.entries(node).some(
        ([k, v]) =>
          ['__proto__', 'constructor', 'prototype'].includes(k) ||
          (k.startsWith('$') && k.toLowerCase() !== '$ref') ||
          hostile(v),
      );
    };
    fc.assert(
      fc.property(body, resourceType, (input, type) => {
        const result = validateResource(input, type, { extensions });
        if (hostile(input)) expect(!result.ok && result.error.scimType).toBe('invalidSyntax');
      }),
      { numRuns: 3000 },
    );
  });

  it('is a normal form: validating the output again gives the same output', () => {
    fc.assert(
      fc.property(body, resourceType, (input, type) => {
        const first = validateResource(input, type, { extensions });
        if (!first.ok) return;
        const { schemas, core, extensions: present } = first.value;
        const again = validateResource({ schemas, ...core, ...present }, type, { extensions });
        expect(again.ok && again.value).toEqual({ ...first.value, ignored: [] });
      }),
      { numRuns: 3000 },
    );
  });
});
