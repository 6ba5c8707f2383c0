/**
 * The typed form of an RFC 7644 §3.4.2.2 filter. Produced only by `parseFilter`, so consumers (the
 * MongoDB translator in the store package) never see raw client text.
 *
 * Shape guarantees of parser output:
 * - `and`/`or` are n-ary and flattened: an `and` never directly contains an `and`, nor an `or` an
 *   `or`. Parentheses that only regrouped the same operator leave no trace.
 * - `valuePath.path` never has a `subAttr`; paths inside `valuePath.filter` are relative to one
 *   element of the multi-valued attribute and are bare names (`{ attr: 'type' }`).
 * - Entra's non-RFC `emails[type eq "work"].value eq "x"` arrives as the equivalent RFC form
 *   `emails[type eq "work" and value eq "x"]`: both mean "some element matches all clauses".
 */
import type { AttributePath } from '../attribute-path.ts';

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export const COMPARE_OPERATORS: readonly CompareOperator[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
];

/** `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2). */
export type CompareValue = string | number | boolean | null;

export interface CompareFilter {
  readonly kind: 'compare';
  readonly path: AttributePath;
  readonly op: CompareOperator;
  readonly value: CompareValue;
}

/** `attr pr`: the attribute has a non-empty value. */
export interface PresentFilter {
  readonly kind: 'present';
  readonly path: AttributePath;
}

export interface AndFilter {
  readonly kind: 'and';
  readonly filters: readonly [Filter, Filter, ...Filter[]];
}

export interface OrFilter {
  readonly kind: 'or';
  readonly filters: readonly [Filter, Filter, ...Filter[]];
}

export interface NotFilter {
  readonly kind: 'not';
  readonly filter: Filter;
}

/** `attr[valFilter]`: some element of the multi-valued `path` satisfies `filter`. */
export interface ValuePathFilter {
  readonly kind: 'valuePath';
  readonly path: AttributePath;
  readonly filter: Filter;
}

export type Filter = CompareFilter | PresentFilter | AndFilter | OrFilter | NotFilter | ValuePathFilter;
