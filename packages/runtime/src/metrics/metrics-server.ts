import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * Answers a scrape with every metric of `registry` in the Prometheus text format. Mount it on a
 * port of the service's own (never the SCIM port), e.g. `app.get('/metrics', metricsHandler(r))`.
 */
export function metricsHandler(registry: Registry): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    registry.metrics().then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', registry.contentType);
        res.end(body);
      },
      () => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('metrics collection failed\n');
      },
    );
  };
}

export interface MetricsServer {
  /** The bound port (the one the OS chose when asked for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server that serves only `GET /metrics`, for processes with no HTTP server of
 * their own (the worker) or whose own port faces clients (ingress). Rejects when it cannot
 * listen (port taken), so a misconfigured process stops at start-up instead of running unseen.
 */
export async function startMetricsServer(
  registry: Registry,
  listen: { port: number; host: string },
): Promise<MetricsServer> {
  const handle = metricsHandler(registry);
  // A scraper sends one small request; slow or idle connections are not kept.
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      handle(req, res);
      return;
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('not found: metrics are at GET /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
