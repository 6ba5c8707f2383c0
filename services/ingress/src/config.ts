import { z } from 'zod';
import {
  BoolEnv,
  CustomNamespace,
  defineConfig,
  DEV_PEPPER_FILE,
  LogLevel,
  MongoUrl,
  PUBLIC_ORIGIN_VARIABLES,
  publicBaseUrlOf,
  QueuePrefix,
  RedisUrl,
  resolveTokenPepper,
} from '@roster/runtime';
import type { ConnectionLimits } from './http/connection-limits.ts';

export interface IngressConfig {
  port: number;
  host: string;
  publicBaseUrl: string;
  mongoUrl: string;
  redisUrl: string;
  logLevel: z.output<typeof LogLevel>;
  queuePrefix: string;
  tokenPepper: string;
  bodyLimitBytes: number;
  writeTimeoutMs: number;
  tokenCacheTtlMs: number;
  trustProxy: boolean;
  mongoPoolSize: number;
  storeQueryTimeoutMs: number;
  http: ConnectionLimits;
  customNamespace: string;
}

export const loadIngressConfig = defineConfig(
  {
    NODE_ENV: z.string().default('development'),
    ...PUBLIC_ORIGIN_VARIABLES,
    /** Host to bind; loopback by default so a dev machine exposes nothing. */
    HOST: z.string().default('127.0.0.1'),
    MONGO_URL: MongoUrl,
    REDIS_URL: RedisUrl,
    LOG_LEVEL: LogLevel,
    QUEUE_PREFIX: QueuePrefix,
    /** Server-side secret keyed into SCIM token hashes; generated into .local/ outside production. */
    TOKEN_PEPPER: z.string().optional(),
    /** Largest accepted request body (RFC 7644 §3.7 maxPayloadSize is advertised from it). */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** How long a write waits for its worker before answering 503 + Retry-After; Entra gives up at 60 s. */
    WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).max(55_000).default(25_000),
    /** How long a verified token is trusted without asking the store: revocation delay. */
    TOKEN_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** Trust X-Forwarded-* from a reverse proxy (for client IPs in logs). */
    TRUST_PROXY: BoolEnv.default(false),
    MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(32),
    /** Time to receive a whole request (headers and body); a slow-body client is cut off after it. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
    /** Time to receive a request's headers. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
    /** Idle keep-alive sockets live a little longer than common load balancers' 60 s, so the proxy closes them. */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(65_000),
    /** Open connections per process; more are refused at accept. */
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(16).max(100_000).default(4_096),
    /** Server-side limit of each store query (maxTimeMS); past it the request answers 503 + Retry-After. */
    STORE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Namespace of each account's extension URN; set another vendor's prefix to accept its URNs byte for byte. */
    CUSTOM_SCHEMA_NAMESPACE: CustomNamespace,
  },
  (env): IngressConfig => ({
    port: env.PORT,
    host: env.HOST,
    publicBaseUrl: publicBaseUrlOf(env),
    mongoUrl: env.MONGO_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    queuePrefix: env.QUEUE_PREFIX,
    tokenPepper: resolveTokenPepper(env.TOKEN_PEPPER, DEV_PEPPER_FILE, env.NODE_ENV !== 'production'),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    writeTimeoutMs: env.WRITE_TIMEOUT_MS,
    tokenCacheTtlMs: env.TOKEN_CACHE_TTL_MS,
    trustProxy: env.TRUST_PROXY,
    mongoPoolSize: env.MONGO_POOL_SIZE,
    storeQueryTimeoutMs: env.STORE_QUERY_TIMEOUT_MS,
    http: {
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    customNamespace: env.CUSTOM_SCHEMA_NAMESPACE,
  }),
);
