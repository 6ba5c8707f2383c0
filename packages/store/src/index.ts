export { openStore, type Store, type StoreOptions } from './store.ts';
export type { AccountRecord, CreateAccountOutcome } from './repositories/account.repository.ts';
export type { StoredScimToken } from './repositories/scim-token.repository.ts';
export type { CreateUserInput, CreateUserOutcome, Page, SearchResult, UserAnchor, UserQuery, UserSearch } from './repositories/user.repository.ts';
export type { UserAttributes, UserRecord } from './user-record.ts';
export { ExtensionSlots } from './extension-slots.ts';
export { userNameKey } from './user-codec.ts';
export { isAccountId, isResourceId, newResourceId, ACCOUNT_ID_PATTERN } from './ids.ts';
export {
  issueScimToken,
  parseScimToken,
  secretMatches,
  hashTokenSecret,
  type IssuedScimToken,
  type ParsedScimToken,
} from './tokens/scim-token-secret.ts';
export { userSearch } from './query/user-query.ts';
export { USER_SCHEMAS } from './query/user-attributes.ts';
export { filterToMongo, type AttributeResolver, type StoredAttribute } from './query/filter-to-mongo.ts';
