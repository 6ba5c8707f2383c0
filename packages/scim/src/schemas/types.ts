/** Attribute and schema definitions in the vocabulary of RFC 7643 §2 and §7. */

export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute or sub-attribute with its RFC 7643 §2.2 characteristics. */
export interface AttributeDefinition {
  /** Canonical spelling; clients may use any case (RFC 7643 §2.1). */
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  /** Suggested values; RFC 7643 lets clients send others, so they are advertised, not enforced. */
  readonly canonicalValues?: readonly string[];
  /** For `reference` attributes: resource types, `external` or `uri` (RFC 7643 §7). */
  readonly referenceTypes?: readonly string[];
  /** For `complex` attributes only; sub-attributes are never complex themselves (RFC 7643 §2.3.8). */
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema: the core schema of a resource type or an extension (RFC 7643 §7). */
export interface SchemaDefinition {
  /** The schema URN. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

export type AttributeCharacteristics = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/**
 * Defines an attribute, filling in the RFC 7643 §2.2 defaults (single-valued, optional,
 * case-insensitive, readWrite, returned by default, not unique) for characteristics not given.
 */
export const attribute = (
  name: string,
  type: AttributeType,
  description: string,
  characteristics: AttributeCharacteristics = {},
): AttributeDefinition => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...characteristics,
});
