/**
 * @roster/scim: pure SCIM 2.0 building blocks (RFC 7643, RFC 7644). No I/O; every fallible
 * function returns a Result whose error is a ScimError ready to send.
 */
export { err, ok, type Result } from './result.ts';
export { quoteForDetail, ScimError, scimErrorFromBody, type ScimErrorBody, type ScimType } from './errors.ts';
export {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  customExtensionUrn,
  DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  ENTERPRISE_USER_SCHEMA,
  ERROR_SCHEMA,
  findUrn,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  parseCustomExtensionUrn,
  PATCH_OP_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SEARCH_REQUEST_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  urnEquals,
  USER_SCHEMA,
} from './urn.ts';

export {
  formatAttributePath,
  isAttrName,
  isSubAttrName,
  parseAttributeList,
  parseAttributePath,
  type AttributeListOptions,
  type AttributePath,
  type AttributePathOptions,
} from './attribute-path.ts';

export {
  COMPARE_OPERATORS,
  type AndFilter,
  type CompareFilter,
  type CompareOperator,
  type CompareValue,
  type Filter,
  type NotFilter,
  type OrFilter,
  type PresentFilter,
  type ValuePathFilter,
} from './filter/ast.ts';
export {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  parseFilter,
  parsePatchPath,
  type ParseFilterOptions,
  type PatchPath,
} from './filter/parser.ts';
export { formatFilter } from './filter/format.ts';
export { foldFilter, walkFilter, type FilterFolder } from './filter/walk.ts';
export { canonicalizeFilter } from './filter/resolve.ts';
export { matchesFilter, matchesValueFilter } from './filter/evaluate.ts';

export {
  attribute,
  type AttributeCharacteristics,
  type AttributeDefinition,
  type AttributeType,
  type Mutability,
  type Returned,
  type SchemaDefinition,
  type Uniqueness,
} from './schemas/types.ts';
export { commonAttributes } from './schemas/common.ts';
export { userSchemaDefinition } from './schemas/user.ts';
export { enterpriseUserSchemaDefinition } from './schemas/enterprise-user.ts';
export { groupSchemaDefinition } from './schemas/group.ts';
export {
  findAttribute,
  findSubAttribute,
  resolveAttributePath,
  resolveFilterAttribute,
  resolveLenientAttribute,
  type ResolvedAttribute,
  type ResourceSchemas,
} from './schemas/lookup.ts';
export { renderSchema, type AttributeRepresentation, type SchemaRepresentation } from './schemas/render.ts';

export {
  DEFAULT_RESOURCE_LIMITS,
  MAX_IGNORED_REPORTED,
  validateResource,
  type ResourceLimits,
  type ResourceTypeName,
  type ValidatedResource,
  type ValidateResourceOptions,
} from './resource/validate.ts';
export type { AttributeValue, AttributeValues, SimpleValue } from './resource/values.ts';
export { validateView, type ScimView } from './resource/view.ts';

export {
  MAX_PATCH_OPERATIONS,
  parsePatchRequest,
  type ParsePatchRequestOptions,
  type PatchOp,
  type PatchOperation,
} from './patch/parse.ts';
export {
  MAX_MEMBER_ID_LENGTH,
  MAX_MEMBERS_PER_OPERATION,
  splitMemberChanges,
  type MemberChange,
  type MemberRef,
  type MemberSplit,
} from './patch/members.ts';
export { applyPatch, type ApplyPatchOptions } from './patch/apply.ts';
export { patchedNamesIn } from './patch/named-attributes.ts';

export { projectResource, type ProjectionRequest } from './projection.ts';
export { compareForSort, type SortOrder } from './sort.ts';
export { instantOf } from './instant.ts';
export * from './custom-fields/index.ts';
