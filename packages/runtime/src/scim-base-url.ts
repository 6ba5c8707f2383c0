/** Where each account's SCIM API lives under the public origin (mounted by ingress). */
export const SCIM_BASE_PATH = '/scim/v2';

/** The SCIM base URL of one account: what its admin pastes into Entra ID as Tenant URL. */
export const accountBaseUrl = (publicBaseUrl: string, accountId: string): string =>
  `${publicBaseUrl}${SCIM_BASE_PATH}/${accountId}`;
