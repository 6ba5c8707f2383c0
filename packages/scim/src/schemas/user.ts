/** The core User schema exactly as RFC 7643 §8.7.1 represents it (attributes described in §4.1). */
import { USER_SCHEMA } from '../urn.ts';
import { resourceReferenceSubAttributes } from './resource-references.ts';
import { attribute, type AttributeDefinition, type SchemaDefinition } from './types.ts';

const text = (name: string, description: string): AttributeDefinition =>
  attribute(name, 'string', description);

const display = text('display', 'A human-readable name, primarily used for display purposes.  READ-ONLY.');

const typeOf = (description: string, canonicalValues?: readonly string[]): AttributeDefinition =>
  attribute('type', 'string', description, canonicalValues === undefined ? {} : { canonicalValues });

const primary = (example: string): AttributeDefinition =>
  attribute(
    'primary',
    'boolean',
    `A Boolean value indicating the 'primary' or preferred attribute value for this attribute${example}.  The primary attribute value 'true' MUST appear no more than once.`,
  );

const multiValuedComplex = (
  name: string,
  description: string,
  subAttributes: readonly AttributeDefinition[],
) => attribute(name, 'complex', description, { multiValued: true, subAttributes });

export const userSchemaDefinition: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute(
      'userName',
      'string',
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider.  Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users.  REQUIRED.",
      { required: true, uniqueness: 'server' },
    ),
    attribute(
      'name',
      'complex',
      "The components of the user's real name.  Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.",
      {
        subAttributes: [
          text(
            'formatted',
            "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III').",
          ),
          text(
            'familyName',
            "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III').",
          ),
          text(
            'givenName',
            "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III').",
          ),
          text(
            'middleName',
            "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III').",
          ),
          text(
            'honorificPrefix',
            "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III').",
          ),
          text(
            'honorificSuffix',
            "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III').",
          ),
        ],
      },
    ),
    text(
      'displayName',
      'The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being described, if known.',
    ),
    text(
      'nickName',
      "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge').",
    ),
    attribute(
      'profileUrl',
      'reference',
      "A fully qualified URL pointing to a page representing the User's online profile.",
      {
        referenceTypes: ['external'],
      },
    ),
    text('title', 'The user\'s title, such as "Vice President."'),
    text(
      'userType',
      "Used to identify the relationship between the organization and the user.  Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used.",
    ),
    text(
      'preferredLanguage',
      "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US.",
    ),
    text(
      'locale',
      "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations.",
    ),
    text(
      'timezone',
      "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'.",
    ),
    attribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
    attribute(
      'password',
      'string',
      "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
      { mutability: 'writeOnly', returned: 'never' },
    ),
    multiValuedComplex(
      'emails',
      "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'.  Canonical type values of 'work', 'home', and 'other'.",
      [
        text(
          'value',
          "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'.  Canonical type values of 'work', 'home', and 'other'.",
        ),
        display,
        typeOf("A label indicating the attribute's function, e.g., 'work' or 'home'.", [
          'work',
          'home',
          'other',
        ]),
        primary(', e.g., the preferred mailing address or primary email address'),
      ],
    ),
    multiValuedComplex(
      'phoneNumbers',
      "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'.  Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
      [
        text('value', 'Phone number of the User.'),
        display,
        typeOf("A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.", [
          'work',
          'home',
          'mobile',
          'fax',
          'pager',
          'other',
        ]),
        primary(', e.g., the preferred phone number or primary phone number'),
      ],
    ),
    multiValuedComplex('ims', 'Instant messaging addresses for the User.', [
      text('value', 'Instant messaging address for the User.'),
      display,
      typeOf("A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.", [
        'aim',
        'gtalk',
        'icq',
        'xmpp',
        'msn',
        'skype',
        'qq',
        'yahoo',
      ]),
      primary(', e.g., the preferred messenger or primary messenger'),
    ]),
    multiValuedComplex('photos', 'URLs of photos of the User.', [
      attribute('value', 'reference', 'URL of a photo of the User.', { referenceTypes: ['external'] }),
      display,
      typeOf("A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.", [
        'photo',
        'thumbnail',
      ]),
      primary(', e.g., the preferred photo or thumbnail'),
    ]),
    multiValuedComplex(
      'addresses',
      "A physical mailing address for this User.  Canonical type values of 'work', 'home', and 'other'.  This attribute is a complex type with the following sub-attributes.",
      [
        text(
          'formatted',
          'The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines.',
        ),
        text(
          'streetAddress',
          'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.  This attribute MAY contain newlines.',
        ),
        text('locality', 'The city or locality component.'),
        text('region', 'The state or region component.'),
        text('postalCode', 'The zip code or postal code component.'),
        text('country', 'The country name component.'),
        typeOf("A label indicating the attribute's function, e.g., 'work' or 'home'.", [
          'work',
          'home',
          'other',
        ]),
        // §8.7.1 leaves `primary` out of addresses, but §4.1.2 defines it and Entra sends it
        // (docs/entra.md §2.3); dropping it would make every sync look like a change.
        primary(', e.g., the preferred mailing address'),
      ],
    ),
    attribute(
      'groups',
      'complex',
      'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.',
      {
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: resourceReferenceSubAttributes(
          'readOnly',
          {
            value: "The identifier of the User's group.",
            $ref: "The URI of the corresponding 'Group' resource to which the user belongs.",
            display: 'A human-readable name, primarily used for display purposes.  READ-ONLY.',
            type: "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.",
          },
          ['direct', 'indirect'],
        ),
      },
    ),
    multiValuedComplex(
      'entitlements',
      'A list of entitlements for the User that represent a thing the User has.',
      [
        text('value', 'The value of an entitlement.'),
        display,
        typeOf("A label indicating the attribute's function."),
        primary(''),
      ],
    ),
    multiValuedComplex(
      'roles',
      "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
      [
        text('value', 'The value of a role.'),
        display,
        typeOf("A label indicating the attribute's function.", []),
        primary(''),
      ],
    ),
    multiValuedComplex('x509Certificates', 'A list of certificates issued to the User.', [
      attribute('value', 'binary', 'The value of an X.509 certificate.'),
      display,
      typeOf("A label indicating the attribute's function.", []),
      primary(''),
    ]),
  ],
};
