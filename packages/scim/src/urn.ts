/**
 * Schema and message URNs (RFC 7643 §3, RFC 7644 §3) and the per-account custom extension URN.
 *
 * URNs are compared case-insensitively (RFC 8141 §3.1 makes the `urn:` prefix and the NID
 * case-insensitive, and every SCIM client we see varies the case of the rest as well), so never use
 * `===` on a URN that came from a client: use {@link urnEquals} or {@link findUrn}.
 */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** Namespace used for per-account extension URNs unless an operator configures another one. */
export const DEFAULT_CUSTOM_EXTENSION_NAMESPACE = 'urn:roster:scim:schemas:extension';

/**
 * Suffix of every custom extension URN. `2` rather than `2.0` is deliberate: Entra splits
 * extension paths at the last colon and does not check the version segment (docs/entra.md §4.1).
 */
const CUSTOM_EXTENSION_SUFFIX = ':2:User';

/** True when two URNs name the same schema. */
export const urnEquals = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The entry of `known` that names the same schema as `urn`, in the spelling of `known`. */
export const findUrn = (known: readonly string[], urn: string): string | undefined => {
  const wanted = urn.toLowerCase();
  return known.find((candidate) => candidate.toLowerCase() === wanted);
};

/**
 * The URN of an account's custom User extension: `${namespace}:${accountId}:2:User`.
 *
 * @param namespace - without a trailing colon; usually {@link DEFAULT_CUSTOM_EXTENSION_NAMESPACE}.
 * @param accountId - a server-issued id. Keep it free of `.`, `[`, `]` and spaces: Entra reads
 *   those as path syntax (docs/entra.md §4.1).
 */
export const customExtensionUrn = (namespace: string, accountId: string): string =>
  `${namespace}:${accountId}${CUSTOM_EXTENSION_SUFFIX}`;

/**
 * The account id inside a custom extension URN built by {@link customExtensionUrn} with the same
 * namespace, or `undefined` when `urn` is not such a URN. Namespace and suffix match
 * case-insensitively; the account id is returned exactly as written, so compare it with the
 * caller's own id rules.
 */
export const parseCustomExtensionUrn = (namespace: string, urn: string): string | undefined => {
  const prefix = `${namespace}:`;
  if (urn.length <= prefix.length + CUSTOM_EXTENSION_SUFFIX.length) return undefined;
  const lower = urn.toLowerCase();
  if (!lower.startsWith(prefix.toLowerCase())) return undefined;
  if (!lower.endsWith(CUSTOM_EXTENSION_SUFFIX.toLowerCase())) return undefined;
  return urn.slice(prefix.length, urn.length - CUSTOM_EXTENSION_SUFFIX.length);
};
