import {
  findAttribute,
  formatAttributePath,
  resolveFilterAttribute,
  type AttributeDefinition,
  type AttributePath,
} from '@roster/scim';
import { CUSTOM_SLOT } from '../extension-slots.ts';
import type { ResourceKind } from '../resource-kinds.ts';
import type { AttributeResolver, StoredAttribute } from './filter-to-mongo.ts';

/**
 * Server-owned attributes live outside `core`, under their own document fields. Keyed by the
 * canonical path, so `ID`, `Meta.Created` and a core-URN-qualified `meta.created` all find them
 * (RFC 7643 §2.1: attribute names are case-insensitive).
 */
const SERVER_OWNED: ReadonlyMap<string, StoredAttribute> = new Map([
  ['id', { path: 'rid', type: 'string', caseExact: true, multiValued: false }],
  [
    'meta.created',
    { path: 'meta.created', type: 'dateTime', caseExact: false, multiValued: false, storedAsDate: true },
  ],
  [
    'meta.lastModified',
    { path: 'meta.lastModified', type: 'dateTime', caseExact: false, multiValued: false, storedAsDate: true },
  ],
]);

const stored = (path: string, definition: AttributeDefinition): StoredAttribute => ({
  path,
  type: definition.type,
  caseExact: definition.caseExact,
  multiValued: definition.multiValued,
  ...(definition.subAttributes === undefined ? {} : { subAttributes: definition.subAttributes }),
});

const storedName = (name: string): string => name.replace('$ref', 'ref');

/**
 * Where each attribute of a resource kind is stored (see resource.model.ts): core attributes
 * under `core`, extension attributes under their slot in `ext`, the unique name with a
 * lower-cased key. Attributes that are not stored on the document (a User's `groups`, a
 * Group's `members`) are not filterable this way and resolve to nothing.
 */
export function resourceAttributeResolver(kind: ResourceKind): AttributeResolver {
  const { schemas } = kind;
  const resolveTop = (path: AttributePath): StoredAttribute | undefined => {
    const resolved = resolveFilterAttribute(path, schemas);
    if (!resolved.ok) return undefined;
    const serverOwned = SERVER_OWNED.get(formatAttributePath(resolved.value.path));
    if (serverOwned !== undefined) return serverOwned;
    const { schema, attribute, subAttribute } = resolved.value;
    if (attribute.mutability === 'writeOnly' || attribute.name === 'groups' || attribute.name === 'members')
      return undefined;
    const base = schema.id === schemas.core.id ? 'core' : `ext.${kind.slotOf(schema.id) ?? '_'}`;
    const attrPath = `${base}.${attribute.name}`;
    if (subAttribute === undefined) {
      if (schema.id === schemas.core.id && attribute.name === kind.nameAttribute) {
        return { ...stored(attrPath, attribute), normalizedPath: 'nameKey' };
      }
      // Custom DateTime fields keep the client's string and a typed copy (a BSON date) in
      // `fields`: order and equality use the copy, so offsets and fraction digits compare as instants.
      if (kind.slotOf(schema.id) === CUSTOM_SLOT && attribute.type === 'dateTime') {
        return { ...stored(attrPath, attribute), instantPath: `fields.${attribute.name}` };
      }
      return stored(attrPath, attribute);
    }
    return stored(`${attrPath}.${storedName(subAttribute.name)}`, subAttribute);
  };

  return (path, parent) => {
    if (parent === undefined) return resolveTop(path);
    const sub =
      parent.subAttributes === undefined ? undefined : findAttribute(parent.subAttributes, path.attr);
    if (sub === undefined || path.subAttr !== undefined) return undefined;
    return stored(`${parent.path}.${storedName(sub.name)}`, sub);
  };
}
