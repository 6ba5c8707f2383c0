import { z } from 'zod';
import { WRITE_JOB_OPTIONS } from '../job-options.ts';
import { memberSchema, patchOperationSchema, resourceAttributesSchema } from './payload-schemas.ts';

/**
 * The job catalog: every write a SCIM client can ask for, as one serialisable command with
 * its payload schema, version and job options. Ingress builds commands after validation; the
 * worker checks each payload against its entry when it takes the job (`parseWriteCommand`)
 * and applies it. A command without a worker handler does not compile (the worker's handler
 * catalog is keyed by these types). Ids of new resources are assigned by ingress before
 * enqueueing, so every retry of a job writes the same documents.
 */
export const WRITE_COMMAND_VERSION = 1;

/**
 * Who asked for the write and when, for the provisioning log (docs/provisioning-log.md). Optional:
 * a job from an ingress that does not send it is still applied, and logged with the job's own time.
 */
const writeTraceSchema = z.strictObject({
  /** The id of the SCIM token that made the request (never the token). */
  tokenId: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  /** When ingress received the request, epoch ms. */
  receivedAt: z.number().int().nonnegative(),
  /** The operation's index in its /Bulk request. */
  bulkIndex: z.number().int().nonnegative().optional(),
});
export type WriteTrace = z.infer<typeof writeTraceSchema>;

const base = {
  v: z.literal(WRITE_COMMAND_VERSION),
  accountId: z.string().min(1),
  trace: writeTraceSchema.optional(),
};

/** `If-Match` (RFC 7644 §3.14): apply only while the resource is at this version. */
const conditional = { ifVersion: z.number().int().nonnegative().optional() };

const userId = z.string().min(1);
const groupId = z.string().min(1);

const commandSchemas = {
  'user.create': z.strictObject({
    ...base,
    type: z.literal('user.create'),
    userId,
    attributes: resourceAttributesSchema,
  }),
  'user.replace': z.strictObject({
    ...base,
    ...conditional,
    type: z.literal('user.replace'),
    userId,
    attributes: resourceAttributesSchema,
  }),
  'user.patch': z.strictObject({
    ...base,
    ...conditional,
    type: z.literal('user.patch'),
    userId,
    operations: z.array(patchOperationSchema).readonly(),
  }),
  'user.delete': z.strictObject({ ...base, ...conditional, type: z.literal('user.delete'), userId }),
  'group.create': z.strictObject({
    ...base,
    type: z.literal('group.create'),
    groupId,
    attributes: resourceAttributesSchema,
    members: z.array(memberSchema).readonly(),
  }),
  'group.replace': z.strictObject({
    ...base,
    ...conditional,
    type: z.literal('group.replace'),
    groupId,
    attributes: resourceAttributesSchema,
    members: z.array(memberSchema).readonly(),
  }),
  'group.patch': z.strictObject({
    ...base,
    ...conditional,
    type: z.literal('group.patch'),
    groupId,
    operations: z.array(patchOperationSchema).readonly(),
  }),
  'group.delete': z.strictObject({ ...base, ...conditional, type: z.literal('group.delete'), groupId }),
} as const;

export type WriteCommandType = keyof typeof commandSchemas;
export type WriteCommandOf<T extends WriteCommandType> = z.infer<(typeof commandSchemas)[T]>;
export type WriteCommand = { [T in WriteCommandType]: WriteCommandOf<T> }[WriteCommandType];

export type CreateUserCommand = WriteCommandOf<'user.create'>;
export type ReplaceUserCommand = WriteCommandOf<'user.replace'>;
export type PatchUserCommand = WriteCommandOf<'user.patch'>;
export type DeleteUserCommand = WriteCommandOf<'user.delete'>;
export type CreateGroupCommand = WriteCommandOf<'group.create'>;
export type ReplaceGroupCommand = WriteCommandOf<'group.replace'>;
export type PatchGroupCommand = WriteCommandOf<'group.patch'>;
export type DeleteGroupCommand = WriteCommandOf<'group.delete'>;

/** One catalog entry: how a command is checked and enqueued. */
export interface CatalogEntry<T extends WriteCommandType> {
  schema: (typeof commandSchemas)[T];
  version: typeof WRITE_COMMAND_VERSION;
  options: typeof WRITE_JOB_OPTIONS;
}

export const WRITE_COMMAND_CATALOG: { [T in WriteCommandType]: CatalogEntry<T> } = Object.fromEntries(
  Object.entries(commandSchemas).map(([type, schema]) => [
    type,
    { schema, version: WRITE_COMMAND_VERSION, options: WRITE_JOB_OPTIONS },
  ]),
) as { [T in WriteCommandType]: CatalogEntry<T> };

const isCommandType = (type: unknown): type is WriteCommandType =>
  typeof type === 'string' && Object.hasOwn(commandSchemas, type);

/**
 * Checks a dequeued payload against its catalog entry.
 * @returns the command, or why it cannot be applied (a permanent failure: retrying a
 *   malformed payload would fail the same way).
 */
export function parseWriteCommand(
  payload: unknown,
): { ok: true; command: WriteCommand } | { ok: false; reason: string } {
  const type =
    typeof payload === 'object' && payload !== null ? (payload as { type?: unknown }).type : undefined;
  if (!isCommandType(type))
    return { ok: false, reason: `unknown write command type ${JSON.stringify(type)}` };
  const parsed = WRITE_COMMAND_CATALOG[type].schema.safeParse(payload);
  if (parsed.success) return { ok: true, command: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `malformed ${type} payload: ${issues}` };
}
