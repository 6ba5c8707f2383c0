import {
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  groupSchemaDefinition,
  urnEquals,
  userSchemaDefinition,
  type ResourceSchemas,
  type SchemaDefinition,
} from '@roster/scim';
import { CUSTOM_SLOT } from './extension-slots.ts';

/**
 * What differs between Users and Groups (and between accounts, for Users: each has its own
 * extension) as far as validation, storage and queries are concerned.
 */
export interface ResourceKind {
  name: 'User' | 'Group';
  schemas: ResourceSchemas;
  /** The attribute that is unique per account and matched case-insensitively. */
  nameAttribute: 'userName' | 'displayName';
  /** The storage slot of an extension URN (see extension-slots.ts). */
  slotOf: (urn: string) => string | undefined;
}

export const USER_KIND: ResourceKind = {
  name: 'User',
  schemas: { core: userSchemaDefinition, extensions: [enterpriseUserSchemaDefinition] },
  nameAttribute: 'userName',
  slotOf: (urn) => (urnEquals(urn, ENTERPRISE_USER_SCHEMA) ? 'enterprise' : undefined),
};

export const GROUP_KIND: ResourceKind = {
  name: 'Group',
  schemas: { core: groupSchemaDefinition, extensions: [] },
  nameAttribute: 'displayName',
  slotOf: () => undefined,
};

/** The User kind of one account: core, Enterprise User and the account's own extension. */
export const accountUserKind = (custom: SchemaDefinition): ResourceKind => ({
  ...USER_KIND,
  schemas: { core: userSchemaDefinition, extensions: [enterpriseUserSchemaDefinition, custom] },
  slotOf: (urn) => (urnEquals(urn, custom.id) ? CUSTOM_SLOT : USER_KIND.slotOf(urn)),
});
