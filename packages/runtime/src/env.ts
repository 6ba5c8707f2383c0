import { z } from 'zod';

/**
 * Environment parsing shared by every entry point. Each service declares its own schema
 * in its `config.ts`; `main.ts` is the only caller and passes `process.env` in.
 */

/** `"false"`, `"0"`, `"no"` are false: `z.coerce.boolean()` would call them true. */
export const BoolEnv = z
  .union([z.boolean(), z.string()])
  .transform((v) =>
    typeof v === 'boolean' ? v : !['false', '0', 'no', 'off', ''].includes(v.toLowerCase()),
  );

/** Local defaults match `scripts/services.sh`, so `npm start`, tests and the CLI agree. */
export const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27417/roster';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6479';

export const MongoUrl = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL')
  .default(DEFAULT_MONGO_URL);
export const RedisUrl = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
  .default(DEFAULT_REDIS_URL);
export const LogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Prefix of every BullMQ key; the braces are a Redis Cluster hash tag (one slot per queue). */
export const QueuePrefix = z
  .string()
  .regex(/^\{[A-Za-z0-9_-]+\}$/, 'must look like {name}: a Redis Cluster hash tag without ":"')
  .default('{roster}');

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `env` with `schema` or throws one ConfigError listing every problem by variable name. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Namespace of account extension URNs: `<namespace>:<accountId>:2:User`. */
export const CustomNamespace = z
  .string()
  .regex(
    /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}(:[A-Za-z0-9()+,.=@;$_!*'%/?#-]+)+$/,
    'must be a URN such as urn:roster:scim:schemas:extension',
  )
  .refine((urn) => !urn.endsWith(':'), 'must not end with ":"')
  .default('urn:roster:scim:schemas:extension');
