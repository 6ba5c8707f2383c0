/** Shared fixtures for the @roster/scim tests. */
import { expect } from 'vitest';
import {
  customExtensionUrn,
  DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  ERROR_SCHEMA,
  USER_SCHEMA,
  userSchemaDefinition,
  type AttributeDefinition,
  type ResourceSchemas,
  type Result,
  type SchemaDefinition,
  type SchemaRepresentation,
  type ScimError,
  type ScimType,
} from '../src/index.ts';

/** The custom extension URN of a test account called `acme`. */
export const ACME_URN = customExtensionUrn(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, 'acme');

/** A custom extension of account `acme` (`AcmeUser` at {@link ACME_URN}) with these attributes. */
export const acmeExtension = (description: string, attributes: AttributeDefinition[]): SchemaDefinition => ({
  id: ACME_URN,
  name: 'AcmeUser',
  description,
  attributes,
});

/** The schemas of a User of account `acme`: core, enterprise extension and `acme` (its custom extension). */
export const userSchemasWith = (acme: SchemaDefinition): ResourceSchemas => ({
  core: userSchemaDefinition,
  extensions: [enterpriseUserSchemaDefinition, acme],
});

/** Known schema URNs for User paths, as ingress would pass them for account `acme`. */
export const USER_URNS: readonly string[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, ACME_URN];

/** The value of an ok Result; fails the test with the error detail otherwise. */
export const unwrap = <T>(result: Result<T, ScimError>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.status} ${result.error.detail}`);
  return result.value;
};

/** The error of a failed Result as its wire body; fails the test when the Result is ok. */
export const errorBody = <T>(result: Result<T, ScimError>): ReturnType<ScimError['toBody']> => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error.toBody();
};

/** Asserts that `result` failed with exactly this 400 error body (RFC 7644 §3.12). */
export const expectBadRequest = <T>(
  result: Result<T, ScimError>,
  scimType: ScimType,
  detail: string,
): void => {
  expect(errorBody(result)).toEqual({ schemas: [ERROR_SCHEMA], status: '400', scimType, detail });
};

/**
 * `name: type characteristics` for every attribute and sub-attribute, naming only what differs
 * from the RFC 7643 §2.2 defaults: compact enough to review against §8.7.1. With `descriptions`,
 * each line ends with ` — <description>`.
 */
export const outline = (
  attributes: readonly AttributeDefinition[],
  { descriptions = false } = {},
  prefix = '',
): string[] =>
  attributes.flatMap((a) => {
    const flags = [
      a.type,
      a.multiValued ? 'multi' : '',
      a.required ? 'required' : '',
      a.caseExact ? 'caseExact' : '',
      a.mutability === 'readWrite' ? '' : a.mutability,
      a.returned === 'default' ? '' : `returned:${a.returned}`,
      a.uniqueness === 'none' ? '' : `unique:${a.uniqueness}`,
      a.canonicalValues === undefined ? '' : `[${a.canonicalValues.join(',')}]`,
      a.referenceTypes === undefined ? '' : `ref:${a.referenceTypes.join(',')}`,
    ].filter((flag) => flag !== '');
    return [
      `${prefix}${a.name}: ${flags.join(' ')}${descriptions ? ` — ${a.description}` : ''}`,
      ...outline(a.subAttributes ?? [], { descriptions }, `${prefix}${a.name}.`),
    ];
  });

/** A rendered Schema resource with its attributes {@link outline}d, descriptions included. */
export const outlineSchema = (rendered: SchemaRepresentation) => ({
  ...rendered,
  attributes: outline(rendered.attributes, { descriptions: true }),
});
