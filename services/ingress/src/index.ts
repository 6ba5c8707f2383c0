/**
 * The SCIM ingress as a package: `main.ts` runs it as a process; tests and other hosts build
 * the same app from these parts with their own dependencies.
 */
export { createApp, type AppDeps } from './app.ts';
export { startTokenChecks, type TokenChecks } from './auth/token-checks.ts';
export { loadIngressConfig, type IngressConfig } from './config.ts';
export { createLimitedServer, type ConnectionLimits } from './http/connection-limits.ts';
export { AccountRateLimiter, type RateLimit } from './limits/account-rate-limit.ts';
export { createIngressMetrics, type IngressMetrics, type TokenResult } from './metrics/ingress-metrics.ts';
export type { RejectionReason } from './http/rejected-request.ts';
export { errorHandler, notFound, toScimError } from './http/error-handler.ts';
export { healthRouter, type ReadinessProbe } from './routes/health.ts';
