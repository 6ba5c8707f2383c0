import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';
import { routeTemplates } from './route-templates.ts';

export const HTTP_DURATION_METRIC = 'roster_http_request_duration_seconds';

/** From a fast point read to a write that waits the whole `WRITE_TIMEOUT_MS` (25 s). */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60];

/** Methods get their own label value; anything else a client sends is `other` (bounded labels). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface HttpMetricsOptions {
  /**
   * The service's route templates, as Express routes (`/scim/v2/:accountId/Users/:id`). The
   * `route` label is the template a request matches, `unmatched` otherwise: never the raw path,
   * whose ids would make a time series per resource.
   */
  routes: readonly string[];
  /** Histogram buckets in seconds (default 5 ms to 60 s). */
  buckets?: readonly number[];
}

/**
 * Express-compatible middleware (mount it first) that times every request into
 * `roster_http_request_duration_seconds{method, route, status_code}`. The request path costs a
 * clock read and one listener; the route is matched when the response has gone. A request whose
 * client went away before the answer is recorded with `status_code="aborted"`. Calling it twice
 * on one registry shares the histogram.
 */
export function httpMetricsMiddleware(
  registry: Registry,
  options: HttpMetricsOptions,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const histogram =
    (registry.getSingleMetric(HTTP_DURATION_METRIC) as
      Histogram<'method' | 'route' | 'status_code'> | undefined) ??
    new Histogram({
      name: HTTP_DURATION_METRIC,
      help: 'Time from request to response, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [...(options.buckets ?? DEFAULT_BUCKETS)],
      registers: [registry],
    });
  const routeOf = routeTemplates(options.routes);
  return (req, res, next) => {
    const started = performance.now();
    // Read before any router rewrites `req.url` (mounted routers strip their prefix).
    const url = req.url ?? '/';
    const method = req.method !== undefined && METHODS.has(req.method) ? req.method : 'other';
    res.once('close', () => {
      histogram.observe(
        {
          method,
          route: routeOf(url),
          status_code: res.writableFinished ? String(res.statusCode) : 'aborted',
        },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
