/** The core Group schema (RFC 7643 §4.2, represented in §8.7.1), with two deliberate deviations. */
import { GROUP_SCHEMA } from '../urn.ts';
import { resourceReferenceSubAttributes } from './resource-references.ts';
import { attribute, type SchemaDefinition } from './types.ts';

export const groupSchemaDefinition: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    // §8.7.1 says `required: false` but §4.2 and the description say REQUIRED; Entra also uses
    // displayName as the join key for groups (docs/entra.md §2.1), so a nameless group is useless.
    attribute('displayName', 'string', 'A human-readable name for the Group.  REQUIRED.', { required: true }),
    attribute('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: resourceReferenceSubAttributes(
        'immutable',
        {
          value: 'Identifier of the member of this Group.',
          $ref: 'The URI corresponding to a SCIM resource that is a member of this Group.',
          // `display` is not in §8.7.1, but Okta sends it (docs/okta.md §5.2).
          display: 'A human-readable name for the member, primarily used for display purposes.  READ-ONLY.',
          type: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
        },
        ['User', 'Group'],
      ),
    }),
  ],
};
