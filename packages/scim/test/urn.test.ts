import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as scim from '../src/index.ts';
import {
  customExtensionUrn,
  DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  ENTERPRISE_USER_SCHEMA,
  findUrn,
  GROUP_SCHEMA,
  parseCustomExtensionUrn,
  urnEquals,
  USER_SCHEMA,
} from '../src/index.ts';

/** Every `*_SCHEMA` constant the package exports, by name. */
const schemaUrns = Object.fromEntries(Object.entries(scim).filter(([name]) => name.endsWith('_SCHEMA')));

describe('schema URNs', () => {
  it('match RFC 7643 §8.7 / RFC 7644 §3 exactly', () => {
    expect(schemaUrns).toMatchInlineSnapshot(`
      {
        "BULK_REQUEST_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
        "BULK_RESPONSE_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:BulkResponse",
        "ENTERPRISE_USER_SCHEMA": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "ERROR_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:Error",
        "GROUP_SCHEMA": "urn:ietf:params:scim:schemas:core:2.0:Group",
        "LIST_RESPONSE_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:ListResponse",
        "PATCH_OP_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:PatchOp",
        "RESOURCE_TYPE_SCHEMA": "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
        "SCHEMA_SCHEMA": "urn:ietf:params:scim:schemas:core:2.0:Schema",
        "SEARCH_REQUEST_SCHEMA": "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
        "SERVICE_PROVIDER_CONFIG_SCHEMA": "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
        "USER_SCHEMA": "urn:ietf:params:scim:schemas:core:2.0:User",
      }
    `);
  });

  it('compare case-insensitively', () => {
    expect(urnEquals(USER_SCHEMA, 'URN:IETF:params:scim:schemas:CORE:2.0:user')).toBe(true);
    expect(urnEquals(USER_SCHEMA, GROUP_SCHEMA)).toBe(false);
    expect(findUrn([USER_SCHEMA, ENTERPRISE_USER_SCHEMA], ENTERPRISE_USER_SCHEMA.toUpperCase())).toBe(
      ENTERPRISE_USER_SCHEMA,
    );
    expect(findUrn([USER_SCHEMA], GROUP_SCHEMA)).toBeUndefined();
  });
});

describe('custom extension URN', () => {
  it('is namespace:accountId:2:User', () => {
    expect(customExtensionUrn(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, 'acme123')).toBe(
      'urn:roster:scim:schemas:extension:acme123:2:User',
    );
    expect(customExtensionUrn('urn:ietf:params:scim:schemas:extension', 'acme123')).toBe(
      'urn:ietf:params:scim:schemas:extension:acme123:2:User',
    );
  });

  it.each<[string, string | undefined]>([
    ['urn:roster:scim:schemas:extension:acme123:2:User', 'acme123'],
    ['URN:ROSTER:SCIM:SCHEMAS:EXTENSION:Acme123:2:USER', 'Acme123'],
    ['urn:roster:scim:schemas:extension:acme123:2.0:User', undefined],
    ['urn:roster:scim:schemas:extension::2:User', undefined],
    ['urn:roster:scim:schemas:extension:2:User', undefined],
    ['urn:other:acme123:2:User', undefined],
    [ENTERPRISE_USER_SCHEMA, undefined],
    ['', undefined],
  ])('parses %s as %s', (urn, accountId) => {
    expect(parseCustomExtensionUrn(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, urn)).toBe(accountId);
  });

  it('round-trips any non-empty account id', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.constantFrom(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, 'urn:x'),
        (id, ns) => {
          expect(parseCustomExtensionUrn(ns, customExtensionUrn(ns, id))).toBe(id);
        },
      ),
    );
  });
});
