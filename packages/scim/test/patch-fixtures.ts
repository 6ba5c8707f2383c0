/** Shared fixtures for the PATCH tests: schemas, a stored user and group, and a wire-body helper. */
import {
  applyPatch,
  attribute,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  groupSchemaDefinition,
  parsePatchRequest,
  USER_SCHEMA,
  type ApplyPatchOptions,
  type ResourceSchemas,
  type Result,
  type SchemaDefinition,
  type ScimError,
  type ScimView,
} from '../src/index.ts';
import { ACME_URN, acmeExtension, unwrap, userSchemasWith } from './helpers.ts';

/** The custom extension of account `acme`, one field per type Entra offers (docs/entra.md §4.3). */
export const acmeSchema: SchemaDefinition = acmeExtension('Custom fields of account acme', [
  attribute('f_costCode', 'string', 'Cost code'),
  attribute('f_isContractor', 'boolean', 'Contractor?'),
  attribute('f_level', 'integer', 'Level'),
  attribute('f_rate', 'decimal', 'Hourly rate'),
  attribute('f_startDate', 'dateTime', 'Start date'),
  attribute('f_badge', 'binary', 'Badge id', { mutability: 'immutable' }),
]);

export const userSchemas: ResourceSchemas = userSchemasWith(acmeSchema);
export const groupSchemas: ResourceSchemas = { core: groupSchemaDefinition, extensions: [] };

export const USER_KNOWN = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, ACME_URN];
export const GROUP_KNOWN = [GROUP_SCHEMA];

/** A stored user as POSTed by Entra (docs/entra.md §2.3), in view form. */
export const alice: ScimView = {
  externalId: 'alice',
  userName: 'alice@contoso.com',
  active: true,
  displayName: 'Alice Example',
  title: 'Engineer',
  emails: [{ primary: true, type: 'work', value: 'alice@contoso.com' }],
  name: { formatted: 'Alice Example', givenName: 'Alice', familyName: 'Example' },
  phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
  [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-1001', department: 'R&D' },
};

/** A stored group (members live elsewhere). */
export const salesGroup: ScimView = { externalId: '3c5e9a10', displayName: 'Sales EMEA' };

/** Parses `operations` as a PatchOp body (as JSON text would arrive) and applies them. */
export const patchView = (
  view: ScimView,
  operations: readonly unknown[],
  kind: 'User' | 'Group' = 'User',
  options: ApplyPatchOptions = {},
): Result<ScimView, ScimError> => {
  const body: unknown = JSON.parse(
    JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }),
  );
  const ops = unwrap(parsePatchRequest(body, { knownSchemas: kind === 'User' ? USER_KNOWN : GROUP_KNOWN }));
  return applyPatch(view, ops, kind === 'User' ? userSchemas : groupSchemas, options);
};

/** Freezes a JSON value all the way down, so any mutation throws in strict mode. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};
