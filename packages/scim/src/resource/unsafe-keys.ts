/**
 * Finds object keys that must never come near storage or a JS object: prototype keys (prototype
 * pollution) and `$`-prefixed keys (MongoDB operators). Checked over the whole body, including
 * parts that would be ignored, so a hostile body is refused loudly instead of half-accepted.
 */

import { quoteForDetail } from '../errors.ts';

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
// `$ref` is the only `$` name SCIM defines (RFC 7643 §2.3.7); names are case-insensitive.
const isReservedDollarKey = (key: string): boolean => key.startsWith('$') && key.toLowerCase() !== '$ref';

export interface UnsafeKey {
  readonly key: string;
  /** Where it was found, e.g. `name.__proto__` or `emails[0].$where`. */
  readonly path: string;
  readonly reason: 'prototype' | 'dollar';
}

interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly step: string;
}

// Paths are rebuilt only for the one key reported, so a deeply nested body costs linear time.
const pathOf = (visit: Visit): string => {
  const steps: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) steps.push(at.step);
  return steps.reverse().join('').replace(/^\./, '');
};

/** The first unsafe key in `body`, or `undefined`. Iterative, so nesting depth cannot overflow the stack. */
export const findUnsafeKey = (body: unknown): UnsafeKey | undefined => {
  const seen = new Set<object>();
  const stack: Visit[] = [{ value: body, parent: undefined, step: '' }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      const items: readonly unknown[] = value;
      items.forEach((item, index) => stack.push({ value: item, parent: visit, step: `[${index}]` }));
      continue;
    }
    const record = value as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(record)) {
      const child: Visit = { value: record[key], parent: visit, step: `.${key}` };
      if (PROTOTYPE_KEYS.has(key)) return { key, path: pathOf(child), reason: 'prototype' };
      if (isReservedDollarKey(key)) return { key, path: pathOf(child), reason: 'dollar' };
      stack.push(child);
    }
  }
  return undefined;
};

/** The 400 detail for an unsafe key; shared by POST/PUT and PATCH validation so both read the same. */
export const describeUnsafeKey = (unsafe: UnsafeKey): string => {
  const why =
    unsafe.reason === 'prototype'
      ? 'is not allowed'
      : "is not allowed: '$ref' is the only attribute name that may start with '$'";
  return `Attribute name ${quoteForDetail(unsafe.key)} ${why} (found at ${quoteForDetail(unsafe.path, 128)}).`;
};
