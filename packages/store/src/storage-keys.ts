/**
 * FerretDB (and MongoDB before 5.0) refuse document keys that start with `$` or contain `.`.
 * SCIM uses `$ref` as a sub-attribute name, so it is stored as `ref` and restored on read.
 * Only values that passed schema validation reach this codec, so no other key can clash.
 */
const TO_STORAGE: Readonly<Record<string, string>> = { $ref: 'ref' };
const FROM_STORAGE: Readonly<Record<string, string>> = { ref: '$ref' };

function renameKeys(value: unknown, renames: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, renames));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[renames[key] ?? key] = renameKeys(inner, renames);
  }
  return out;
}

export const toStorageValue = (value: unknown): unknown => renameKeys(value, TO_STORAGE);
export const fromStorageValue = (value: unknown): unknown => renameKeys(value, FROM_STORAGE);
