/**
 * Attributes every resource has (RFC 7643 §3.1). They belong to no schema, so they are not part of
 * the `/Schemas` output, but paths, filters and bodies use them like core attributes.
 */
import { attribute, type AttributeDefinition } from './types.ts';

const readOnlyMeta = (
  name: string,
  type: 'string' | 'dateTime' | 'reference',
  description: string,
  caseExact: boolean,
) =>
  attribute(name, type, description, {
    caseExact,
    mutability: 'readOnly',
    ...(type === 'reference' ? { referenceTypes: ['uri'] } : {}),
  });

export const commonAttributes: readonly AttributeDefinition[] = [
  attribute('id', 'string', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute(
    'externalId',
    'string',
    'A String that is an identifier for the resource as defined by the provisioning client.',
    {
      caseExact: true,
    },
  ),
  attribute('meta', 'complex', 'A complex attribute containing resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      readOnlyMeta('resourceType', 'string', 'The name of the resource type of the resource.', true),
      readOnlyMeta(
        'created',
        'dateTime',
        'The "DateTime" that the resource was added to the service provider.',
        false,
      ),
      readOnlyMeta(
        'lastModified',
        'dateTime',
        'The most recent DateTime that the details of this resource were updated at the service provider.',
        false,
      ),
      readOnlyMeta('location', 'reference', 'The URI of the resource being returned.', false),
      readOnlyMeta('version', 'string', 'The version of the resource being returned.', true),
    ],
  }),
];
