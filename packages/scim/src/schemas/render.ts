/** Renders schema definitions as the Schema resources served at /Schemas (RFC 7643 §7, §8.7.1). */
import { SCHEMA_SCHEMA } from '../urn.ts';
import type { AttributeDefinition, SchemaDefinition } from './types.ts';

/**
 * JSON of one attribute in RFC 7643 §7 shape: a definition already holds exactly the §7
 * characteristics, so rendering only puts its keys in the order §8.7.1 uses.
 */
export type AttributeRepresentation = AttributeDefinition;

export interface SchemaRepresentation {
  readonly schemas: readonly [typeof SCHEMA_SCHEMA];
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeRepresentation[];
  readonly meta: { readonly resourceType: 'Schema'; readonly location: string };
}

const withoutTrailingSlashes = (url: string): string => {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') end -= 1;
  return url.slice(0, end);
};

const renderAttribute = (definition: AttributeDefinition): AttributeRepresentation => ({
  name: definition.name,
  type: definition.type,
  ...(definition.subAttributes === undefined
    ? {}
    : { subAttributes: definition.subAttributes.map(renderAttribute) }),
  multiValued: definition.multiValued,
  description: definition.description,
  required: definition.required,
  caseExact: definition.caseExact,
  ...(definition.canonicalValues === undefined ? {} : { canonicalValues: definition.canonicalValues }),
  ...(definition.referenceTypes === undefined ? {} : { referenceTypes: definition.referenceTypes }),
  mutability: definition.mutability,
  returned: definition.returned,
  uniqueness: definition.uniqueness,
});

/**
 * The Schema resource for `schema`.
 *
 * @param baseUrl - the account's SCIM base URL (e.g. `https://api.example.com/scim/v2/acct_123`);
 *   trailing slashes are ignored. `meta.location` is `${baseUrl}/Schemas/${schema.id}`, the URN
 *   unencoded as in RFC 7643 §8.7.1.
 */
export const renderSchema = (schema: SchemaDefinition, baseUrl: string): SchemaRepresentation => ({
  schemas: [SCHEMA_SCHEMA],
  id: schema.id,
  name: schema.name,
  description: schema.description,
  attributes: schema.attributes.map(renderAttribute),
  meta: { resourceType: 'Schema', location: `${withoutTrailingSlashes(baseUrl)}/Schemas/${schema.id}` },
});
