/**
 * Prints a filter AST back as RFC 7644 §3.4.2.2 text that `parseFilter` reads as the same AST
 * (property-tested). Useful for logs, for forwarding a filter, and for test fixtures.
 */
import { formatAttributePath } from '../attribute-path.ts';
import type { CompareValue, Filter } from './ast.ts';

const formatValue = (value: CompareValue): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  // String(-0) is "0", which would parse back as +0.
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  return String(value);
};

/** Parenthesises `child` when printing it bare inside `parent` would regroup it. */
const operand = (parent: 'and' | 'or', child: Filter): string => {
  const text = formatFilter(child);
  // `or` binds looser than `and`; a same-kind child (never produced by the parser) keeps its own group.
  return child.kind === 'or' || child.kind === parent ? `(${text})` : text;
};

/**
 * Formats a filter. Strings are always quoted; numbers that are not finite (which the parser never
 * produces) print as `null`, as in JSON.
 */
export const formatFilter = (filter: Filter): string => {
  switch (filter.kind) {
    case 'compare':
      return `${formatAttributePath(filter.path)} ${filter.op} ${formatValue(filter.value)}`;
    case 'present':
      return `${formatAttributePath(filter.path)} pr`;
    case 'and':
    case 'or':
      return filter.filters.map((child) => operand(filter.kind, child)).join(` ${filter.kind} `);
    case 'not':
      return `not (${formatFilter(filter.filter)})`;
    case 'valuePath':
      return `${formatAttributePath(filter.path)}[${formatFilter(filter.filter)}]`;
  }
};
