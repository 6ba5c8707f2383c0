/**
 * Generic traversals of a filter AST, so consumers (the MongoDB translator, attribute checks)
 * handle each node kind in one place and get a compile error when a kind is added.
 */
import type { AttributePath } from '../attribute-path.ts';
import type {
  AndFilter,
  CompareFilter,
  Filter,
  NotFilter,
  OrFilter,
  PresentFilter,
  ValuePathFilter,
} from './ast.ts';

/**
 * One function per node kind for {@link foldFilter}. Leaves receive `element`: the path of the
 * enclosing value filter when they sit inside `attr[...]` (their own path is then relative to one
 * element of `element`), otherwise `undefined`.
 */
export interface FilterFolder<T> {
  compare(node: CompareFilter, element: AttributePath | undefined): T;
  present(node: PresentFilter, element: AttributePath | undefined): T;
  and(node: AndFilter, operands: readonly T[]): T;
  or(node: OrFilter, operands: readonly T[]): T;
  not(node: NotFilter, operand: T): T;
  /** `inner` is the fold of `node.filter`, computed with `element` set to `node.path`. */
  valuePath(node: ValuePathFilter, inner: T): T;
}

const fold = <T>(filter: Filter, folder: FilterFolder<T>, element: AttributePath | undefined): T => {
  switch (filter.kind) {
    case 'compare':
      return folder.compare(filter, element);
    case 'present':
      return folder.present(filter, element);
    case 'and':
      return folder.and(
        filter,
        filter.filters.map((child) => fold(child, folder, element)),
      );
    case 'or':
      return folder.or(
        filter,
        filter.filters.map((child) => fold(child, folder, element)),
      );
    case 'not':
      return folder.not(filter, fold(filter.filter, folder, element));
    case 'valuePath':
      return folder.valuePath(filter, fold(filter.filter, folder, filter.path));
  }
};

/**
 * Bottom-up fold: computes a value for every node from the values of its children, e.g. a MongoDB
 * query. Recursion depth is bounded by the parser's nesting limit.
 */
export const foldFilter = <T>(filter: Filter, folder: FilterFolder<T>): T => fold(filter, folder, undefined);

/**
 * Calls `visit` for every node, parents before children. `element` is as in {@link FilterFolder}.
 */
export const walkFilter = (
  filter: Filter,
  visit: (node: Filter, element: AttributePath | undefined) => void,
): void => {
  const stack: { node: Filter; element: AttributePath | undefined }[] = [
    { node: filter, element: undefined },
  ];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, element } = entry;
    visit(node, element);
    if (node.kind === 'and' || node.kind === 'or') {
      for (const child of [...node.filters].reverse()) stack.push({ node: child, element });
    } else if (node.kind === 'not') {
      stack.push({ node: node.filter, element });
    } else if (node.kind === 'valuePath') {
      stack.push({ node: node.filter, element: node.path });
    }
  }
};
