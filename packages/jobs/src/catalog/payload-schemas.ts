import { z } from 'zod';
import type { Filter, PatchOperation } from '@roster/scim';

/**
 * The shapes a write job carries, as zod schemas: the queue's wire format, owned by this
 * package. They mirror what ingress produces after validation (packages/scim) and are checked
 * again when a worker takes the job, so a job from an incompatible or corrupted producer is
 * refused with a reason instead of being half-applied.
 */

/**
 * A resource's validated attributes: core by name, extensions by schema URN. Typed custom
 * field values and the app's columns are computed by the worker (dates do not survive JSON).
 */
export const resourceAttributesSchema = z.strictObject({
  core: z.record(z.string(), z.unknown()),
  extensions: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type ResourceAttributesPayload = z.infer<typeof resourceAttributesSchema>;

/** One member reference of a Group (RFC 7643 §4.2). */
export const memberSchema = z.strictObject({
  value: z.string().min(1),
  type: z.enum(['User', 'Group']),
});
export type MemberPayload = z.infer<typeof memberSchema>;

const attributePathSchema = z.strictObject({
  schema: z.string().optional(),
  attr: z.string().min(1),
  subAttr: z.string().optional(),
});

const compareValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A parsed filter (packages/scim filter/ast.ts), recursively. */
const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('compare'),
      path: attributePathSchema,
      op: z.enum(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']),
      value: compareValueSchema,
    }),
    z.strictObject({ kind: z.literal('present'), path: attributePathSchema }),
    z.strictObject({ kind: z.literal('and'), filters: z.tuple([filterSchema, filterSchema], filterSchema) }),
    z.strictObject({ kind: z.literal('or'), filters: z.tuple([filterSchema, filterSchema], filterSchema) }),
    z.strictObject({ kind: z.literal('not'), filter: filterSchema }),
    z.strictObject({ kind: z.literal('valuePath'), path: attributePathSchema, filter: filterSchema }),
  ]),
) as z.ZodType<Filter>;

/** One parsed PATCH operation (packages/scim patch/parse.ts). */
export const patchOperationSchema: z.ZodType<PatchOperation> = z.strictObject({
  op: z.enum(['add', 'replace', 'remove']),
  path: attributePathSchema.extend({ valueFilter: filterSchema.optional() }).strict().optional(),
  // A bare schema URN given as the path (`PatchOperation.schema`).
  schema: z.string().min(1).optional(),
  value: z.unknown().optional(),
}) as z.ZodType<PatchOperation>;
