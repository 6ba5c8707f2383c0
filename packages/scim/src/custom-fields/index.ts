/**
 * Account-defined custom User fields (the per-account extension
 * `urn:roster:scim:schemas:extension:<AccountId>:2:User`, docs/entra.md §4): definitions and their
 * validation, the extension schema they produce, and the typed values of what clients send.
 */
export {
  FIELD_ID_PATTERN,
  FIELD_TYPES,
  MAX_DROPDOWN_OPTIONS,
  MAX_FIELD_TEXT_LENGTH,
  TARGET_PATTERN,
  validateFieldDefinition,
  validateFieldDefinitions,
  type FieldDefinition,
  type FieldType,
} from './definition.ts';
export { customExtensionSchema, scimTypeOf } from './schema.ts';
export {
  convertFieldValues,
  normaliseReference,
  type TypedFieldValue,
  type TypedFieldValues,
} from './convert.ts';
export { CURRENCY_GRAMMAR, parseCurrency, type CurrencyProblem } from './currency.ts';
export { parseDate, parseDateTime } from './dates.ts';
export { unknownFieldError, unknownFieldIds } from './unknown-fields.ts';
