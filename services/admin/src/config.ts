import { z } from 'zod';
import {
  BoolEnv,
  CustomNamespace,
  LogLevel,
  defineConfig,
  DEV_PEPPER_FILE,
  MongoUrl,
  PUBLIC_ORIGIN_VARIABLES,
  QueuePrefix,
  RedisUrl,
  publicBaseUrlOf,
  resolveTokenPepper,
} from '@roster/runtime';

export interface AdminConfig {
  mongoUrl: string;
  /** Where token revocations are announced to running ingress processes. */
  redisUrl: string;
  queuePrefix: string;
  publicBaseUrl: string;
  /** Resolved lazily: only token commands need it. */
  tokenPepper: () => string;
  customNamespace: string;
  /** The admin HTTP service (API, console, queue dashboard, metrics). */
  port: number;
  host: string;
  logLevel: string;
  /** Origin the console is reached at: sign-in links point there; https makes cookies Secure. */
  consoleOrigin: string;
  sessionTtlMs: number;
  trustProxy: boolean;
}

/** Same variables and defaults as ingress, so the CLI and `npm start` agree out of the box. */
export const loadAdminConfig = defineConfig(
  {
    NODE_ENV: z.string().default('development'),
    ...PUBLIC_ORIGIN_VARIABLES,
    MONGO_URL: MongoUrl,
    REDIS_URL: RedisUrl,
    QUEUE_PREFIX: QueuePrefix,
    TOKEN_PEPPER: z.string().optional(),
    CUSTOM_SCHEMA_NAMESPACE: CustomNamespace,
    LOG_LEVEL: LogLevel,
    /** Port of the admin service: API under /api/v1, console under /console, /queues, /metrics. */
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
    /** Host to bind; loopback by default so a dev machine exposes nothing. */
    ADMIN_HOST: z.string().default('127.0.0.1'),
    /** Where people open the console (behind a proxy: its public https origin); default http://localhost:ADMIN_PORT. */
    ADMIN_PUBLIC_URL: z.url().optional(),
    /** How long a console session lasts before signing in again. */
    SESSION_TTL_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 30)
      .default(12),
    /** Trust X-Forwarded-* from a reverse proxy (https detection, client IPs in logs). */
    TRUST_PROXY: BoolEnv.default(false),
  },
  (env): AdminConfig => ({
    mongoUrl: env.MONGO_URL,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    publicBaseUrl: publicBaseUrlOf(env),
    tokenPepper: () => resolveTokenPepper(env.TOKEN_PEPPER, DEV_PEPPER_FILE, env.NODE_ENV !== 'production'),
    customNamespace: env.CUSTOM_SCHEMA_NAMESPACE,
    port: env.ADMIN_PORT,
    host: env.ADMIN_HOST,
    logLevel: env.LOG_LEVEL,
    consoleOrigin: new URL(env.ADMIN_PUBLIC_URL ?? `http://localhost:${env.ADMIN_PORT}`).origin,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    trustProxy: env.TRUST_PROXY,
  }),
);
