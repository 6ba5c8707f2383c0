import {
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchemaDefinition,
  groupSchemaDefinition,
  userSchemaDefinition,
  type ResourceSchemas,
} from '@roster/scim';
import { ExtensionSlots } from './extension-slots.ts';

/** What differs between Users and Groups as far as storage and queries are concerned. */
export interface ResourceKind {
  name: 'User' | 'Group';
  schemas: ResourceSchemas;
  /** The attribute that is unique per account and matched case-insensitively. */
  nameAttribute: 'userName' | 'displayName';
  slots: ExtensionSlots;
}

export const USER_KIND: ResourceKind = {
  name: 'User',
  schemas: { core: userSchemaDefinition, extensions: [enterpriseUserSchemaDefinition] },
  nameAttribute: 'userName',
  slots: new ExtensionSlots([[ENTERPRISE_USER_SCHEMA, 'enterprise']]),
};

export const GROUP_KIND: ResourceKind = {
  name: 'Group',
  schemas: { core: groupSchemaDefinition, extensions: [] },
  nameAttribute: 'displayName',
  slots: new ExtensionSlots([]),
};
