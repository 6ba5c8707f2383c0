/** Shared fixtures for the @roster/scim tests. */
import {
  customExtensionUrn,
  DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  ENTERPRISE_USER_SCHEMA,
  USER_SCHEMA,
  type Result,
  type ScimError,
} from '../src/index.ts';

/** The custom extension URN of a test account called `acme`. */
export const ACME_URN = customExtensionUrn(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, 'acme');

/** Known schema URNs for User paths, as ingress would pass them for account `acme`. */
export const USER_URNS: readonly string[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, ACME_URN];

/** The value of an ok Result; fails the test with the error detail otherwise. */
export const unwrap = <T>(result: Result<T, ScimError>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.status} ${result.error.detail}`);
  return result.value;
};

/** The error of a failed Result as its wire body; fails the test when the Result is ok. */
export const errorBody = <T>(result: Result<T, ScimError>): ReturnType<ScimError['toBody']> => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error.toBody();
};
