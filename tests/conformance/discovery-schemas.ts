/**
 * The schemas of the discovery documents themselves (RFC 7643 §5 ServiceProviderConfig, §6
 * ResourceType, §7 Schema, as represented in §8.7.2) and a check of a document against them:
 * what a strict client (a pydantic model per schema, extra attributes forbidden) does on reading
 * /ServiceProviderConfig, /ResourceTypes and /Schemas.
 */

type DeclaredType = 'string' | 'boolean' | 'integer' | 'decimal' | 'dateTime' | 'reference' | 'complex';

export interface Declared {
  name: string;
  type: DeclaredType;
  multiValued?: boolean;
  required?: boolean;
  canonicalValues?: readonly string[];
  /** For complex attributes; a function where the schema is recursive (Schema `subAttributes`). */
  subAttributes?: readonly Declared[] | (() => readonly Declared[]);
}

export interface DeclaredSchema {
  id: string;
  /** Whether the common attribute `id` is required (RFC 7643 §5: not for ServiceProviderConfig). */
  idRequired: boolean;
  attributes: readonly Declared[];
}

const attr = (name: string, type: DeclaredType, more: Omit<Declared, 'name' | 'type'> = {}): Declared => ({
  name,
  type,
  ...more,
});
const supported = (...more: Declared[]): Declared[] => [
  attr('supported', 'boolean', { required: true }),
  ...more,
];

/** RFC 7643 §3.1 common attributes, beside `schemas` (required on every resource). */
const COMMON: readonly Declared[] = [
  attr('schemas', 'reference', { multiValued: true, required: true }),
  attr('id', 'string'),
  attr('externalId', 'string'),
  attr('meta', 'complex', {
    subAttributes: [
      attr('resourceType', 'string'),
      attr('created', 'dateTime'),
      attr('lastModified', 'dateTime'),
      attr('location', 'reference'),
      attr('version', 'string'),
    ],
  }),
];

export const SERVICE_PROVIDER_CONFIG: DeclaredSchema = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  idRequired: false,
  attributes: [
    attr('documentationUri', 'reference'),
    attr('patch', 'complex', { required: true, subAttributes: supported() }),
    attr('bulk', 'complex', {
      required: true,
      subAttributes: supported(
        attr('maxOperations', 'integer', { required: true }),
        attr('maxPayloadSize', 'integer', { required: true }),
      ),
    }),
    attr('filter', 'complex', {
      required: true,
      subAttributes: supported(attr('maxResults', 'integer', { required: true })),
    }),
    attr('changePassword', 'complex', { required: true, subAttributes: supported() }),
    attr('sort', 'complex', { required: true, subAttributes: supported() }),
    attr('etag', 'complex', { required: true, subAttributes: supported() }),
    attr('authenticationSchemes', 'complex', {
      multiValued: true,
      required: true,
      subAttributes: [
        attr('type', 'string', { required: true }),
        attr('name', 'string', { required: true }),
        attr('description', 'string', { required: true }),
        attr('specUri', 'reference'),
        attr('documentationUri', 'reference'),
        // RFC 7643 §2.4: a default sub-attribute of multi-valued attributes (used in §8.5).
        attr('primary', 'boolean'),
      ],
    }),
  ],
};

export const RESOURCE_TYPE: DeclaredSchema = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  idRequired: false,
  attributes: [
    attr('name', 'string', { required: true }),
    attr('description', 'string'),
    attr('endpoint', 'reference', { required: true }),
    attr('schema', 'reference', { required: true }),
    attr('schemaExtensions', 'complex', {
      multiValued: true,
      subAttributes: [
        attr('schema', 'reference', { required: true }),
        attr('required', 'boolean', { required: true }),
      ],
    }),
  ],
};

const schemaAttributes = (): readonly Declared[] => [
  attr('name', 'string', { required: true }),
  attr('type', 'string', {
    required: true,
    canonicalValues: [
      'string',
      'complex',
      'boolean',
      'decimal',
      'integer',
      'dateTime',
      'reference',
      'binary',
    ],
  }),
  attr('multiValued', 'boolean', { required: true }),
  attr('description', 'string'),
  attr('required', 'boolean'),
  attr('canonicalValues', 'string', { multiValued: true }),
  attr('caseExact', 'boolean'),
  attr('mutability', 'string', { canonicalValues: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] }),
  attr('returned', 'string', { canonicalValues: ['always', 'never', 'default', 'request'] }),
  attr('uniqueness', 'string', { canonicalValues: ['none', 'server', 'global'] }),
  attr('referenceTypes', 'string', { multiValued: true }),
  attr('subAttributes', 'complex', { multiValued: true, subAttributes: schemaAttributes }),
];

export const SCHEMA: DeclaredSchema = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  idRequired: true,
  attributes: [
    attr('name', 'string'),
    attr('description', 'string'),
    attr('attributes', 'complex', { multiValued: true, required: true, subAttributes: schemaAttributes }),
  ],
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(value: unknown, declared: Declared, path: string): string | undefined {
  const ok = (() => {
    switch (declared.type) {
      case 'string':
      case 'reference':
        return typeof value === 'string';
      case 'dateTime':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value));
      case 'boolean':
        return typeof value === 'boolean';
      case 'integer':
        return Number.isInteger(value);
      case 'decimal':
        return typeof value === 'number';
      case 'complex':
        return isObject(value);
    }
  })();
  if (!ok) return `${path}: ${JSON.stringify(value)} is not of type ${declared.type}`;
  if (declared.canonicalValues !== undefined && !declared.canonicalValues.includes(value as string))
    return `${path}: ${JSON.stringify(value)} is not one of ${declared.canonicalValues.join(', ')}`;
  return undefined;
}

function objectProblems(
  object: Record<string, unknown>,
  declared: readonly Declared[],
  at: string,
): string[] {
  const problems: string[] = [];
  const byName = new Map(declared.map((d) => [d.name.toLowerCase(), d]));
  for (const [key, value] of Object.entries(object)) {
    const path = `${at}${key}`;
    const definition = byName.get(key.toLowerCase());
    if (definition === undefined) {
      problems.push(`${path}: not declared`);
      continue;
    }
    if (value === null) continue;
    if (definition.multiValued === true && !Array.isArray(value)) {
      problems.push(`${path}: multi-valued but not an array`);
      continue;
    }
    if (definition.multiValued !== true && Array.isArray(value)) {
      problems.push(`${path}: single-valued but an array`);
      continue;
    }
    const items: readonly unknown[] = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      const itemPath = Array.isArray(value) ? `${path}[${index}]` : path;
      const problem = typeProblem(item, definition, itemPath);
      if (problem !== undefined) problems.push(problem);
      else if (definition.type === 'complex' && isObject(item)) {
        const subs =
          typeof definition.subAttributes === 'function'
            ? definition.subAttributes()
            : (definition.subAttributes ?? []);
        problems.push(...objectProblems(item, subs, `${itemPath}.`));
      }
    });
  }
  for (const definition of declared) {
    if (definition.required === true && object[definition.name] === undefined)
      problems.push(`${at}${definition.name}: required but missing`);
  }
  return problems;
}

/**
 * Every way `document` departs from `schema`: attributes it does not declare (common ones
 * aside), required ones missing, values of the wrong type or outside canonical values, and a
 * `schemas` that does not name exactly this schema. An empty list means a strict client reads it.
 */
export function discoveryProblems(document: unknown, schema: DeclaredSchema): string[] {
  if (!isObject(document)) return ['not a JSON object'];
  const declared = [
    ...COMMON.map((common) =>
      common.name === 'id' && schema.idRequired ? { ...common, required: true } : common,
    ),
    ...schema.attributes,
  ];
  const problems = objectProblems(document, declared, '');
  const schemas = document.schemas;
  if (!Array.isArray(schemas) || schemas.length !== 1 || schemas[0] !== schema.id)
    problems.push(`schemas: ${JSON.stringify(schemas)} does not name exactly ${schema.id}`);
  return problems;
}
