export { openStore, type Store, type StoreOptions } from './store.ts';
export {
  openConfiguredStore,
  type OpenConfiguredStoreOptions,
  type StoreConfig,
} from './open-configured-store.ts';
export {
  fieldSource,
  type AccountRecord,
  type CreateAccountOutcome,
  type FieldChangeOutcome,
} from './repositories/account.repository.ts';
export type { AppFieldMapping, StoredRateLimit } from './models/account.model.ts';
export type { StoredScimToken, TokenInsertOutcome } from './repositories/scim-token.repository.ts';
export { TOKEN_SLOTS } from './models/token-slot.model.ts';
export type {
  BatchingOptions,
  CreateOutcome,
  NameHolder,
  Page,
  ReplaceInput,
  ReplaceOutcome,
  ResourceAnchor,
  ResourceQuery,
  ResourceRepository,
  ResourceSearch,
  SearchResult,
  WriteBasis,
  WriteInput,
  WriteTarget,
} from './repositories/resource.repository.ts';
export { StaleWriteError } from './repositories/stale-write.ts';
export type { StoreCapabilities } from './store-capabilities.ts';
export type { Member, MembershipRepository } from './repositories/membership.repository.ts';
export { attributeView, scimView } from './resource-record.ts';
export type { GroupRecord, ResourceAttributes, ResourceRecord, UserRecord } from './resource-record.ts';
export { accountUserKind, GROUP_KIND, USER_KIND, type ResourceKind } from './resource-kinds.ts';
export { CUSTOM_SLOT, ExtensionSlots } from './extension-slots.ts';
export { nameKeyOf } from './models/name-claim.model.ts';
export { isAccountId, isResourceId, newResourceId, ACCOUNT_ID_PATTERN } from './ids.ts';
export {
  issueScimToken,
  parseScimToken,
  secretMatches,
  hashTokenSecret,
  type IssuedScimToken,
  type ParsedScimToken,
} from './tokens/scim-token-secret.ts';
export { resourceSearch } from './query/resource-search.ts';
export { idPrefix } from './query/id-prefix.ts';
export { resourceKey } from './models/resource.model.ts';
export { filterToMongo, type AttributeResolver, type StoredAttribute } from './query/filter-to-mongo.ts';
export { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
export { accountSchema, checkPatchedFields, userAttributes, type AccountSchema } from './account-schema.ts';
export { AccountSchemaCache } from './account-schema-cache.ts';
export { isQueryTimeout } from './time-bounds.ts';
export {
  normaliseEmail,
  MAX_ADMINS_PER_ACCOUNT,
  type AdminChangeOutcome,
  type AdminRecord,
  type CreateAdminOutcome,
  type NewAdmin,
} from './admins/admin.repository.ts';
export type { CredentialCheck, IssuedCredential } from './admins/admin-credential.repository.ts';
export {
  ACCOUNT_ROLES,
  adminKey,
  OPERATOR_SCOPE,
  type AccountRole,
  type AdminRole,
} from './models/admin.model.ts';
export { CREDENTIAL_KINDS, type CredentialKind } from './models/admin-credential.model.ts';
export { hashPassword, passwordMatches, passwordProblem } from './tokens/password-hash.ts';
export { MAX_ACCOUNTS_PER_PAGE } from './repositories/account.repository.ts';
export type { ScimTokenSummary } from './repositories/scim-token.repository.ts';
export {
  isProvisioningLogCursor,
  isProvisioningLogEntryId,
  type ProvisioningLogPage,
  type ProvisioningLogQuery,
  type ProvisioningLogRepository,
} from './repositories/provisioning-log.repository.ts';
export type {
  ChangeSummary,
  ProvisioningLogEntry,
  ProvisioningLogRecord,
} from './repositories/provisioning-log-records.ts';
export type {
  MemberDelta,
  ProvisionedResourceType,
  ProvisioningLogSource,
  ProvisioningOperation,
  ProvisioningOutcome,
} from './models/provisioning-log.model.ts';
export type {
  DirectoryKind,
  DirectoryRepository,
  NameEntry,
  ScanResult,
} from './directory/directory.repository.ts';
export type { TableRecord } from './directory/table-record.ts';
export {
  EstimateCache,
  estimateFromMth,
  idPosition,
  roughly,
  type RangeSize,
} from './directory/range-estimate.ts';
