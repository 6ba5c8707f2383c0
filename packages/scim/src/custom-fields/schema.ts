/** The SCIM schema of an account's custom User extension, built from its field definitions. */
import {
  attribute,
  type AttributeDefinition,
  type AttributeType,
  type SchemaDefinition,
} from '../schemas/types.ts';
import { CURRENCY_GRAMMAR } from './currency.ts';
import type { FieldDefinition, FieldType } from './definition.ts';

const SCIM_TYPES: Readonly<Record<FieldType, AttributeType>> = {
  String: 'string',
  Number: 'decimal',
  Boolean: 'boolean',
  Date: 'string',
  DateTime: 'dateTime',
  Dropdown: 'string',
  Currency: 'string',
  // The id of a User (RFC 7643 §2.3.7); the `{value}` shapes clients also send are collapsed
  // to it on the way in (resource/attributes.ts), so what is stored and returned is the id.
  Reference: 'reference',
};

/** The SCIM attribute type a field of `type` is advertised with. */
export const scimTypeOf = (type: FieldType): AttributeType => SCIM_TYPES[type];

const describeType = (field: FieldDefinition): string => {
  switch (field.type) {
    case 'String':
    case 'Number':
    case 'Boolean':
      return field.type;
    case 'Date':
      return 'Date, YYYY-MM-DD';
    case 'DateTime':
      return 'DateTime, ISO 8601';
    case 'Dropdown':
      return `Dropdown, one of: ${(field.options ?? []).join(', ')}`;
    case 'Currency': {
      const codes = field.currencies ?? [];
      return `Currency, ${CURRENCY_GRAMMAR}; ${codes.length === 0 ? 'any ISO 4217 code' : `codes: ${codes.join(', ')}`}`;
    }
    case 'Reference':
      return 'Reference, the id of another User of this account';
  }
};

const attributeOf = (field: FieldDefinition): AttributeDefinition =>
  attribute(field.id, scimTypeOf(field.type), `${field.label} (${describeType(field)})`, {
    required: field.required,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    // Advertised only: RFC 7643 §7 lets clients send other values; convertFieldValues enforces them.
    ...(field.type === 'Dropdown' && field.options !== undefined ? { canonicalValues: field.options } : {}),
    ...(field.type === 'Reference' ? { referenceTypes: ['User'] } : {}),
  });

/**
 * The extension schema for an account's custom fields: one attribute per field, named by the field
 * id, in the order given. Pass it to `validateResource`/`applyPatch` as an extension and to
 * `renderSchema` for `/Schemas`.
 *
 * @param urn - usually `customExtensionUrn(namespace, accountId)`.
 * @param fields - as returned by `validateFieldDefinitions`; ids must be unique in any letter case.
 */
export const customExtensionSchema = (urn: string, fields: readonly FieldDefinition[]): SchemaDefinition => ({
  id: urn,
  name: 'CustomUser',
  description: 'User fields defined by this account',
  attributes: fields.map(attributeOf),
});
