/**
 * Scalar type checks with the few conversions real clients need: Entra sends Boolean and Integer
 * attributes as strings ("True", "42") in several places (docs/entra.md §3.2, §4.3). Everything else is
 * kept exactly as received: Entra diffs on the value it sent, so any reformatting would make every
 * sync cycle look like a change (docs/entra.md §2.0 "Storage").
 */
import type { AttributeType } from '../schemas/types.ts';
import type { SimpleValue } from './values.ts';

const BOOLEAN_STRING = /^(?:true|false)$/i;
const INTEGER_STRING = /^-?[0-9]+$/;
const DECIMAL_STRING = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** What a value of `type` must look like, for error details. */
export const expectationFor = (type: Exclude<AttributeType, 'complex'>): string => {
  switch (type) {
    case 'string':
      return 'a string';
    case 'reference':
      return 'a string holding a reference';
    case 'dateTime':
      return 'a string holding a date-time';
    case 'binary':
      return 'a string holding base64 data';
    case 'boolean':
      return 'a boolean (true/false, or the strings "true"/"false" in any case)';
    case 'integer':
      return 'an integer (a JSON number or a string of digits)';
    case 'decimal':
      return 'a number (a JSON number or a numeric string)';
  }
};

/** The value as stored for an attribute of `type`, or `undefined` when `raw` does not fit. */
export const coerceScalar = (
  raw: unknown,
  type: Exclude<AttributeType, 'complex'>,
): SimpleValue | undefined => {
  switch (type) {
    case 'string':
    case 'reference':
    case 'binary':
    // dateTime is not parsed: Entra passes through whatever format the source attribute has.
    case 'dateTime':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      return typeof raw === 'string' && BOOLEAN_STRING.test(raw) ? raw.toLowerCase() === 'true' : undefined;
    case 'integer': {
      const number = typeof raw === 'string' && INTEGER_STRING.test(raw) ? Number(raw) : raw;
      return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'decimal': {
      const number = typeof raw === 'string' && DECIMAL_STRING.test(raw) ? Number(raw) : raw;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
  }
};
