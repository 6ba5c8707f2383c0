import { z } from 'zod';
import {
  BoolEnv,
  defineConfig,
  DEV_PEPPER_FILE,
  metricsListenOf,
  metricsVariables,
  type MetricsListen,
  PUBLIC_ORIGIN_VARIABLES,
  publicBaseUrlOf,
  resolveTokenPepper,
  SERVICE_VARIABLES,
  serviceConfigOf,
  type ServiceConfig,
} from '@roster/runtime';
import type { ConnectionLimits } from './http/connection-limits.ts';
import { parseRateLimits, type RateLimit } from './limits/account-rate-limit.ts';

export interface IngressConfig extends ServiceConfig {
  port: number;
  host: string;
  /** Where `/metrics` is served, apart from the SCIM port; null when METRICS_PORT=off. */
  metrics: MetricsListen | null;
  publicBaseUrl: string;
  tokenPepper: string;
  bodyLimitBytes: number;
  writeTimeoutMs: number;
  tokenCacheTtlMs: number;
  trustProxy: boolean;
  /** Record refused write requests in the provisioning log (PROVISIONING_LOG). */
  provisioningLog: boolean;
  storeQueryTimeoutMs: number;
  storeOperationTimeoutMs: number;
  http: ConnectionLimits;
  limits: {
    /** Every account's request budget, unless `perAccount` names it. */
    defaultRate: RateLimit;
    perAccount: Map<string, RateLimit>;
    maxConcurrentListsPerAccount: number;
    maxPendingWritesPerAccount: number;
    maxInFlight: number;
  };
}

export const loadIngressConfig = defineConfig(
  {
    NODE_ENV: z.string().default('development'),
    ...PUBLIC_ORIGIN_VARIABLES,
    /** Host to bind; loopback by default so a dev machine exposes nothing. */
    HOST: z.string().default('127.0.0.1'),
    /** Prometheus `/metrics` on its own port (9464), never the SCIM port; METRICS_HOST defaults to HOST. */
    ...metricsVariables(9464),
    ...SERVICE_VARIABLES,
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
    /** Time to receive a whole request (headers and body); a slow-body client is cut off after it. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
    /** Time to receive a request's headers. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
    /** Idle keep-alive sockets live a little longer than common load balancers' 60 s, so the proxy closes them. */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(65_000),
    /** Open connections per process; more are refused at accept. */
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(16).max(100_000).default(4_096),
    /**
     * Requests per second each account may send, shared by all ingress processes; past it 429 +
     * Retry-After. Entra documents about 25 per second per tenant, so the default leaves room.
     */
    ACCOUNT_RATE_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(100),
    /** Requests an idle account may send at once before the rate applies. */
    ACCOUNT_RATE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
    /** Per-account overrides: `acct-1=200/400,acct-2=10/20` (per second / burst). */
    ACCOUNT_RATE_LIMITS: z
      .string()
      .default('')
      .transform((spec, ctx) => {
        const parsed = parseRateLimits(spec);
        if (!(parsed instanceof Map)) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed;
      }),
    /** List reads (collection GET, `.search`) one account may have in progress per ingress process; past it 429. */
    ACCOUNT_MAX_CONCURRENT_LISTS: z.coerce.number().int().min(1).max(1_000).default(4),
    /**
     * Writes of one account waiting for their job, per ingress process; past it 429. Bounds how
     * many jobs one account can put in front of another account's write in the queue.
     */
    ACCOUNT_MAX_PENDING_WRITES: z.coerce.number().int().min(1).max(100_000).default(64),
    /** Requests in progress per ingress process; past it 503 + Retry-After at once, so memory stays bounded. */
    HTTP_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(1_024),
    /** Server-side limit of each store query (maxTimeMS); past it the request answers 503 + Retry-After. */
    STORE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Record write requests refused by ingress in the provisioning log; `off` only to measure its cost. */
    PROVISIONING_LOG: BoolEnv.default(true),
  },
  (env): IngressConfig => ({
    ...serviceConfigOf(env),
    port: env.PORT,
    host: env.HOST,
    metrics: metricsListenOf(env, env.HOST),
    publicBaseUrl: publicBaseUrlOf(env),
    tokenPepper: resolveTokenPepper(env.TOKEN_PEPPER, DEV_PEPPER_FILE, env.NODE_ENV !== 'production'),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    writeTimeoutMs: env.WRITE_TIMEOUT_MS,
    tokenCacheTtlMs: env.TOKEN_CACHE_TTL_MS,
    trustProxy: env.TRUST_PROXY,
    provisioningLog: env.PROVISIONING_LOG,
    storeQueryTimeoutMs: env.STORE_QUERY_TIMEOUT_MS,
    // A read never waits longer than the client waits for a write.
    storeOperationTimeoutMs: env.WRITE_TIMEOUT_MS,
    http: {
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    limits: {
      defaultRate: { perSecond: env.ACCOUNT_RATE_PER_SECOND, burst: env.ACCOUNT_RATE_BURST },
      perAccount: env.ACCOUNT_RATE_LIMITS,
      maxConcurrentListsPerAccount: env.ACCOUNT_MAX_CONCURRENT_LISTS,
      maxPendingWritesPerAccount: env.ACCOUNT_MAX_PENDING_WRITES,
      maxInFlight: env.HTTP_MAX_IN_FLIGHT,
    },
  }),
);
