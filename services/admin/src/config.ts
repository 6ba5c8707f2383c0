import { z } from 'zod';
import {
  CustomNamespace,
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
  },
  (env): AdminConfig => ({
    mongoUrl: env.MONGO_URL,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    publicBaseUrl: publicBaseUrlOf(env),
    tokenPepper: () => resolveTokenPepper(env.TOKEN_PEPPER, DEV_PEPPER_FILE, env.NODE_ENV !== 'production'),
    customNamespace: env.CUSTOM_SCHEMA_NAMESPACE,
  }),
);
