import { ScimError } from '@roster/scim';

/**
 * Deepest nesting a SCIM body needs: a PATCH value inside an operation inside `Operations`,
 * or a Bulk operation's data, is well under 16 levels; 64 leaves room for odd clients while
 * keeping every later recursive step (validation, PATCH, the job's JSON) far from the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** A UTF-16 surrogate not paired with its other half: not a Unicode scalar value. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(text: string, where: string): ScimError | null {
  if (text.includes('\0'))
    return ScimError.badRequest(
      'invalidValue',
      `${where} contains a NUL (\\u0000) character, which cannot be stored`,
    );
  if (LONE_SURROGATE.test(text))
    return ScimError.badRequest(
      'invalidValue',
      `${where} contains an unpaired UTF-16 surrogate (\\uD800-\\uDFFF), which is not valid Unicode`,
    );
  return null;
}

/**
 * Checks a parsed JSON body once, before anything else reads it: nesting depth, and every
 * key and string free of NUL and lone surrogates (the store cannot hold NUL; a lone surrogate
 * would be stored as U+FFFD, i.e. not as acknowledged). Iterative, so the check itself cannot
 * overflow the stack whatever the input.
 */
export function checkJsonBody(body: unknown): ScimError | null {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      const error = checkString(value, 'A value');
      if (error !== null) return error;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH)
      return ScimError.badRequest('invalidSyntax', `Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const error = checkString(key, 'An attribute name');
      if (error !== null) return error;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}
