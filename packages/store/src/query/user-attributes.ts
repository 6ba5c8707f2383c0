import {
  enterpriseUserSchemaDefinition,
  findAttribute,
  resolveFilterAttribute,
  userSchemaDefinition,
  type AttributeDefinition,
  type AttributePath,
  type ResourceSchemas,
} from '@roster/scim';
import type { AttributeResolver, StoredAttribute } from './filter-to-mongo.ts';

/** Server-owned attributes live outside `core`, under their own document fields. */
const SERVER_OWNED: Readonly<Record<string, StoredAttribute>> = {
  id: { path: '_id', type: 'string', caseExact: true, multiValued: false },
  'meta.created': { path: 'meta.created', type: 'dateTime', caseExact: false, multiValued: false, storedAsDate: true },
  'meta.lastModified': { path: 'meta.lastModified', type: 'dateTime', caseExact: false, multiValued: false, storedAsDate: true },
};

const stored = (path: string, definition: AttributeDefinition): StoredAttribute => ({
  path,
  type: definition.type,
  caseExact: definition.caseExact,
  multiValued: definition.multiValued,
  ...(definition.subAttributes === undefined ? {} : { subAttributes: definition.subAttributes }),
});

/**
 * Where each User attribute is stored (see user.model.ts): core attributes under `core`,
 * extension attributes under their slot in `ext`, `userName` with a lower-cased key.
 * Built per account because the account's custom extension has a slot of its own.
 */
export function userAttributeResolver(
  schemas: ResourceSchemas,
  slotOf: (urn: string) => string | undefined,
): AttributeResolver {
  const resolveTop = (path: AttributePath): StoredAttribute | undefined => {
    const key = `${path.attr}${path.subAttr === undefined ? '' : `.${path.subAttr}`}`;
    const serverOwned = path.schema === undefined ? SERVER_OWNED[key] : undefined;
    if (serverOwned !== undefined) return serverOwned;
    const resolved = resolveFilterAttribute(path, schemas);
    if (!resolved.ok || resolved.value.attribute.mutability === 'writeOnly') return undefined;
    const { schema, attribute, subAttribute } = resolved.value;
    const base = schema.id === schemas.core.id ? 'core' : `ext.${slotOf(schema.id) ?? '_'}`;
    const attrPath = `${base}.${attribute.name}`;
    if (subAttribute === undefined) {
      if (schema.id === schemas.core.id && attribute.name === 'userName') {
        return { ...stored(attrPath, attribute), normalizedPath: 'userNameKey' };
      }
      return stored(attrPath, attribute);
    }
    return stored(`${attrPath}.${subAttribute.name.replace('$ref', 'ref')}`, subAttribute);
  };

  return (path, parent) => {
    if (parent === undefined) return resolveTop(path);
    const sub = parent.subAttributes === undefined ? undefined : findAttribute(parent.subAttributes, path.attr);
    if (sub === undefined || path.subAttr !== undefined) return undefined;
    return stored(`${parent.path}.${sub.name.replace('$ref', 'ref')}`, sub);
  };
}

export const USER_SCHEMAS: ResourceSchemas = {
  core: userSchemaDefinition,
  extensions: [enterpriseUserSchemaDefinition],
};
