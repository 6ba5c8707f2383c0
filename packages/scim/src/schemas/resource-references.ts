/**
 * The sub-attributes of a multi-valued reference to Users and Groups: a User's `groups` and a
 * Group's `members` (RFC 7643 §4.1.2, §4.2) both hold the other resource's id in `value`, its URI
 * in `$ref`, its name in `display` and what it is in `type`.
 */
import { attribute, type AttributeDefinition, type Mutability } from './types.ts';

/** The RFC's description of each sub-attribute, which differs between the two attributes. */
export interface ResourceReferenceDescriptions {
  readonly value: string;
  readonly $ref: string;
  readonly display: string;
  readonly type: string;
}

export const resourceReferenceSubAttributes = (
  mutability: Mutability,
  descriptions: ResourceReferenceDescriptions,
  typeValues: readonly string[],
): AttributeDefinition[] => [
  attribute('value', 'string', descriptions.value, { mutability }),
  attribute('$ref', 'reference', descriptions.$ref, { referenceTypes: ['User', 'Group'], mutability }),
  // readOnly even where the reference can be written: we derive it from the other resource's own
  // name, so a copy supplied with the reference cannot go stale.
  attribute('display', 'string', descriptions.display, { mutability: 'readOnly' }),
  attribute('type', 'string', descriptions.type, { canonicalValues: typeValues, mutability }),
];
