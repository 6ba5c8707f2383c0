import { z } from 'zod';
import { CustomNamespace, DEV_PEPPER_FILE, MongoUrl, parseEnv, resolveTokenPepper } from '@roster/runtime';

const AdminEnv = z.object({
  NODE_ENV: z.string().default('development'),
  MONGO_URL: MongoUrl,
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PUBLIC_BASE_URL: z.url().optional(),
  TOKEN_PEPPER: z.string().optional(),
  CUSTOM_SCHEMA_NAMESPACE: CustomNamespace,
});

export interface AdminConfig {
  mongoUrl: string;
  publicBaseUrl: string;
  /** Resolved lazily: only token commands need it. */
  tokenPepper: () => string;
  customNamespace: string;
}

/** Same variables and defaults as ingress, so the CLI and `npm start` agree out of the box. */
export function loadAdminConfig(env: Record<string, string | undefined>): AdminConfig {
  const parsed = parseEnv(AdminEnv, env);
  return {
    mongoUrl: parsed.MONGO_URL,
    publicBaseUrl: (parsed.PUBLIC_BASE_URL ?? `http://127.0.0.1:${parsed.PORT}`).replace(/\/+$/, ''),
    tokenPepper: () =>
      resolveTokenPepper(parsed.TOKEN_PEPPER, DEV_PEPPER_FILE, parsed.NODE_ENV !== 'production'),
    customNamespace: parsed.CUSTOM_SCHEMA_NAMESPACE,
  };
}
