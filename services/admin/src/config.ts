import { z } from 'zod';
import {
  BoolEnv,
  defineConfig,
  DEV_PEPPER_FILE,
  PUBLIC_ORIGIN_VARIABLES,
  publicBaseUrlOf,
  resolveTokenPepper,
  SERVICE_VARIABLES,
  serviceConfigOf,
  type ServiceConfig,
} from '@roster/runtime';

export interface AdminConfig extends ServiceConfig {
  /** The SCIM API's origin: the base URLs shown to admins and put in the downloadable file. */
  publicBaseUrl: string;
  /** Resolved lazily: only token, key and session work needs it. */
  tokenPepper: () => string;
  /** The admin HTTP service (API, console, queue dashboard, metrics). */
  port: number;
  host: string;
  /** Origin the console is reached at: sign-in links point there; https makes cookies Secure. */
  consoleOrigin: string;
  sessionTtlMs: number;
  trustProxy: boolean;
}

/** The same store, queue and SCIM origin variables as ingress, so the CLI, the admin service and `npm start` agree. */
export const loadAdminConfig = defineConfig(
  {
    NODE_ENV: z.string().default('development'),
    ...PUBLIC_ORIGIN_VARIABLES,
    ...SERVICE_VARIABLES,
    /** Server-side secret keyed into token, API key and session hashes; the one ingress uses. */
    TOKEN_PEPPER: z.string().optional(),
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
    ...serviceConfigOf(env),
    publicBaseUrl: publicBaseUrlOf(env),
    tokenPepper: () => resolveTokenPepper(env.TOKEN_PEPPER, DEV_PEPPER_FILE, env.NODE_ENV !== 'production'),
    port: env.ADMIN_PORT,
    host: env.ADMIN_HOST,
    consoleOrigin: new URL(env.ADMIN_PUBLIC_URL ?? `http://localhost:${env.ADMIN_PORT}`).origin,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    trustProxy: env.TRUST_PROXY,
  }),
);
