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
  .regex(/^(rediss?|redis-cluster):\/\//, 'must be a redis://, rediss:// or redis-cluster:// URL')
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

type Env = Record<string, string | undefined>;

/**
 * A service's configuration in one place: the environment variables it reads (zod schemas,
 * each with its default and a one-line reason) and how they become its typed config object.
 * Returns the loader `main.ts` calls once with `process.env`; nothing is read at import time.
 */
export function defineConfig<Shape extends z.ZodRawShape, Config>(
  variables: Shape,
  build: (env: z.output<z.ZodObject<Shape>>) => Config,
): ((env: Env) => Config) & { readonly variables: readonly string[] } {
  const schema = z.object(variables);
  // The names are part of the loader: deployment manifests are checked against them.
  return Object.assign((env: Env) => build(parseEnv(schema, env)), { variables: Object.keys(variables) });
}

/** The variables that say where clients reach Roster (ingress serves it, the CLI prints it). */
export const PUBLIC_ORIGIN_VARIABLES = {
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Origin clients reach us at (behind a proxy this differs from HOST:PORT); used in base URLs and `Location`. */
  PUBLIC_BASE_URL: z.url().optional(),
};

/** `PUBLIC_BASE_URL`, else the local ingress, without a trailing slash. */
export const publicBaseUrlOf = (env: { PORT: number; PUBLIC_BASE_URL?: string | undefined }): string =>
  (env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '');

/** Namespace of account extension URNs: `<namespace>:<accountId>:2:User`. */
export const CustomNamespace = z
  .string()
  .regex(
    /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}(:[A-Za-z0-9()+,.=@;$_!*'%/?#-]+)+$/,
    'must be a URN such as urn:roster:scim:schemas:extension',
  )
  .refine((urn) => !urn.endsWith(':'), 'must not end with ":"')
  .default('urn:roster:scim:schemas:extension');

/**
 * The variables every long-running service reads (ingress and the worker): where the store and
 * the queue are, how to log, and what both must agree on. Spread into a service's variables and
 * turned into its config with {@link serviceConfigOf}.
 */
export const SERVICE_VARIABLES = {
  MONGO_URL: MongoUrl,
  REDIS_URL: RedisUrl,
  LOG_LEVEL: LogLevel,
  /** Key prefix shared by ingress and the worker; one Redis can serve several Roster deployments. */
  QUEUE_PREFIX: QueuePrefix,
  /** Store connections per process; its reads and writes share them. */
  MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(32),
  /**
   * Namespace of each account's extension URN; ingress and the worker must use the same one. Set
   * another vendor's prefix to accept its URNs byte for byte.
   */
  CUSTOM_SCHEMA_NAMESPACE: CustomNamespace,
};

/** The part of a service's config that {@link SERVICE_VARIABLES} describe. */
export interface ServiceConfig {
  mongoUrl: string;
  redisUrl: string;
  logLevel: z.output<typeof LogLevel>;
  queuePrefix: string;
  mongoPoolSize: number;
  customNamespace: string;
}

export const serviceConfigOf = (env: z.output<z.ZodObject<typeof SERVICE_VARIABLES>>): ServiceConfig => ({
  mongoUrl: env.MONGO_URL,
  redisUrl: env.REDIS_URL,
  logLevel: env.LOG_LEVEL,
  queuePrefix: env.QUEUE_PREFIX,
  mongoPoolSize: env.MONGO_POOL_SIZE,
  customNamespace: env.CUSTOM_SCHEMA_NAMESPACE,
});

/** Where a process serves `GET /metrics`; null when `METRICS_PORT=off`. */
export interface MetricsListen {
  port: number;
  host: string;
}

/**
 * The variables of a process's metrics server, on a port of its own so SCIM clients never reach
 * it. Each service has its own default port (ingress 9464, worker 9465), so one machine runs
 * both; read them with {@link metricsListenOf}.
 */
export const metricsVariables = (defaultPort: number) => ({
  /** Port of `/metrics`, apart from the service's own; `0` takes a free port (tests), `off` serves none. */
  METRICS_PORT: z
    .string()
    .default(String(defaultPort))
    .transform((value, ctx) => {
      const port = value.trim().toLowerCase() === 'off' ? null : Number(value);
      if (port !== null && !(/^\d+$/.test(value.trim()) && port <= 65535)) {
        ctx.addIssue({ code: 'custom', message: 'must be a port (0-65535, 0 = any free port) or "off"' });
        return z.NEVER;
      }
      return port;
    }),
  /** Host the metrics server binds; unset, the service's default (loopback on a dev machine, `0.0.0.0` in containers). */
  METRICS_HOST: z.string().min(1).optional(),
});

export const metricsListenOf = (
  env: { METRICS_PORT: number | null; METRICS_HOST?: string | undefined },
  defaultHost: string,
): MetricsListen | null =>
  env.METRICS_PORT === null ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST ?? defaultHost };
