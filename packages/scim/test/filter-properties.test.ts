import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARE_OPERATORS,
  formatFilter,
  parseFilter,
  parsePatchPath,
  type AttributePath,
  type CompareValue,
  type Filter,
  type Result,
  type ScimError,
  type ScimType,
} from '../src/index.ts';
import { unwrap, USER_URNS } from './helpers.ts';

const options = { knownSchemas: USER_URNS };

const attrName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
const subAttrName = fc.oneof(attrName, fc.constant('$ref'));

const topPath: fc.Arbitrary<AttributePath> = fc.record(
  { schema: fc.constantFrom(...USER_URNS), attr: attrName, subAttr: subAttrName },
  { requiredKeys: ['attr'] },
);
const attributeOnly: fc.Arbitrary<AttributePath> = fc.record(
  { schema: fc.constantFrom(...USER_URNS), attr: attrName },
  { requiredKeys: ['attr'] },
);
const elementPath: fc.Arbitrary<AttributePath> = subAttrName.map((attr) => ({ attr }));

const compValue: fc.Arbitrary<CompareValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'True', 'null', '1', 'a "quoted" \\ value', "o'brien#EXT#@x.com"),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const leaf = (paths: fc.Arbitrary<AttributePath>): fc.Arbitrary<Filter> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('compare' as const),
      path: paths,
      op: fc.constantFrom(...COMPARE_OPERATORS),
      value: compValue,
    }),
    fc.record({ kind: fc.constant('present' as const), path: paths }),
  );

/**
 * Filters in the canonical shape the parser produces (no `and` directly inside `and`, no `or`
 * inside `or`, no value filter inside a value filter), at most `depth` levels deep and with at
 * most 3 operands per junction, which keeps them within the depth and term limits.
 */
const canonicalFilter = (depth: number, inElement: boolean, exclude?: 'and' | 'or'): fc.Arbitrary<Filter> => {
  const leaves = leaf(inElement ? elementPath : topPath);
  if (depth === 0) return leaves;
  const junction = (kind: 'and' | 'or') =>
    fc
      .array(canonicalFilter(depth - 1, inElement, kind), { minLength: 2, maxLength: 3 })
      .map(([a, b, ...rest]): Filter => ({ kind, filters: [a as Filter, b as Filter, ...rest] }));
  const choices: fc.Arbitrary<Filter>[] = [
    leaves,
    canonicalFilter(depth - 1, inElement).map((filter): Filter => ({ kind: 'not', filter })),
  ];
  if (exclude !== 'and') choices.push(junction('and'));
  if (exclude !== 'or') choices.push(junction('or'));
  if (!inElement) {
    choices.push(
      fc
        .tuple(attributeOnly, canonicalFilter(depth - 1, true))
        .map(([path, filter]): Filter => ({ kind: 'valuePath', path, filter })),
    );
  }
  return fc.oneof(...choices);
};

const FRAGMENTS = [
  '(',
  ')',
  '[',
  ']',
  ' ',
  '"',
  '\\',
  '\\u',
  '.',
  '.value',
  'and',
  'OR',
  'not',
  'Not (',
  'eq',
  'pr',
  'co',
  'emails',
  'userName',
  'type',
  'value',
  '$ref',
  '$where',
  'true',
  'null',
  '-1.5e3',
  '007',
  '"x"',
  '"\\"',
  '"\\u00e9"',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:',
  'urn:x:',
  ':',
  '#EXT#@',
];
const fragment = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 }));

/** Text made of filter-ish fragments, to reach parser states that random strings rarely hit. */
const filterSoup = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(' '));

type Mutation = readonly ['insert' | 'delete' | 'upper' | 'unquote', number, number, string];

const mutate = (text: string, [kind, at, length, inserted]: Mutation): string => {
  const position = text.length === 0 ? 0 : at % text.length;
  switch (kind) {
    case 'insert':
      return `${text.slice(0, position)}${inserted}${text.slice(position)}`;
    case 'delete':
      return `${text.slice(0, position)}${text.slice(position + length)}`;
    case 'upper':
      return text.toUpperCase();
    case 'unquote':
      return text.replaceAll('"', '');
  }
};

/** Valid filters, printed and then damaged a little: mostly errors deep in the input, some liberal forms. */
const mutatedFilter = fc
  .tuple(
    canonicalFilter(3, false).map(formatFilter),
    fc.array(
      fc.tuple(fc.constantFrom('insert', 'delete', 'upper', 'unquote'), fc.nat(), fc.nat(6), fragment),
      {
        maxLength: 3,
      },
    ),
  )
  .map(([text, mutations]) => mutations.reduce(mutate, text));

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  filterSoup,
  mutatedFilter,
);

/**
 * On any text, `parse` never throws and fails only with a 400 of `scimType` (whose detail
 * matches `detail`, when given).
 */
const failsOnlyWithBadRequest = (
  parse: (text: string) => Result<unknown, ScimError>,
  scimType: ScimType,
  detail?: RegExp,
): void => {
  fc.assert(
    fc.property(anyText, (text) => {
      const result = parse(text);
      if (!result.ok) {
        expect(result.error.status).toBe(400);
        expect(result.error.scimType).toBe(scimType);
        if (detail !== undefined) expect(result.error.detail).toMatch(detail);
      }
    }),
    { numRuns: 2000 },
  );
};

describe('filter parser properties', () => {
  it('formatFilter then parseFilter gives back the same AST', () => {
    fc.assert(
      fc.property(canonicalFilter(3, false), (filter) => {
        expect(unwrap(parseFilter(formatFilter(filter), options))).toEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, and fails only with 400 invalidFilter', () => {
    failsOnlyWithBadRequest((text) => parseFilter(text, options), 'invalidFilter', /^Invalid filter/);
  });

  it('is stable: whatever parses prints to text that parses to the same AST', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseFilter(text, options);
        if (result.ok) expect(unwrap(parseFilter(formatFilter(result.value), options))).toEqual(result.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('parsePatchPath never throws, and fails only with 400 invalidPath', () => {
    failsOnlyWithBadRequest((text) => parsePatchPath(text, options), 'invalidPath');
  });
});
