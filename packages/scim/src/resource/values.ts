/** Shapes of validated attribute values (JSON, minus null: absent attributes are left out). */

export type SimpleValue = string | number | boolean;

/**
 * Canonical attribute name → value. Used for a resource's core attributes, for one extension's
 * attributes and for the sub-attributes of one complex value.
 */
export interface AttributeValues {
  readonly [name: string]: AttributeValue;
}

/** A single value, a complex value, or the non-empty list of a multi-valued attribute. */
export type AttributeValue = SimpleValue | AttributeValues | readonly (SimpleValue | AttributeValues)[];

/** A JSON object as produced by `JSON.parse` (not an array, not null). */
export const isJsonObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `a string`, `an array`, … for error details; never the value itself, which may be sensitive. */
export const describeJsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
};
