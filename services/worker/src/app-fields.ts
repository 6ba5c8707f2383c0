import { JSONPath } from 'jsonpath-plus';
import { ENTERPRISE_USER_SCHEMA } from '@roster/scim';
import type { AppFieldMapping, ResourceAttributes } from '@roster/store';

/**
 * The app's own user-table columns, fed from SCIM data by the account's mappings: each
 * column takes the first of its JSONPath sources that yields a value, evaluated on
 * `{ core, enterprise, fields }` — core attributes, Enterprise User attributes, and the
 * account's custom fields as typed values. E.g. `department` from
 * `$.fields.dept_code` or else `$.enterprise.department`.
 *
 * jsonpath-plus runs in its safe evaluation mode (`eval: 'safe'`): expressions are admin
 * configuration, but they still must not run arbitrary code.
 */
export function mapAppFields(
  mappings: readonly AppFieldMapping[],
  attributes: ResourceAttributes,
): Record<string, unknown> {
  if (mappings.length === 0) return {};
  const enterpriseKey = Object.keys(attributes.extensions).find(
    (urn) => urn.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase(),
  );
  const view = {
    core: attributes.core,
    enterprise: enterpriseKey === undefined ? {} : attributes.extensions[enterpriseKey],
    fields: attributes.typed ?? {},
  };
  const app: Record<string, unknown> = {};
  for (const mapping of mappings) {
    for (const source of mapping.sources) {
      const found: unknown = JSONPath({ path: source, json: view, wrap: false, eval: 'safe' });
      const value: unknown = Array.isArray(found) ? (found as unknown[])[0] : found;
      if (value !== undefined && value !== null && value !== '') {
        app[mapping.target] = value;
        break;
      }
    }
  }
  return app;
}
