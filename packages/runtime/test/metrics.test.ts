import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMetricsRegistry,
  httpMetricsMiddleware,
  metricsListenOf,
  metricsVariables,
  parseEnv,
  routeTemplates,
  startMetricsServer,
  type MetricsServer,
} from '@roster/runtime';

const SCIM = [
  '/healthz',
  '/scim/v2/:accountId',
  '/scim/v2/:accountId/Users',
  '/scim/v2/:accountId/Users/.search',
  '/scim/v2/:accountId/Users/:id',
  '/scim/v2/:accountId/Groups/:id',
];

describe('routeTemplates', () => {
  const routeOf = routeTemplates(SCIM);
  it.each([
    ['/scim/v2/acct-1/Users/2819c223-7f76-453a-919d-413861904646', '/scim/v2/:accountId/Users/:id'],
    ['/scim/v2/acct-1/users/42?attributes=userName', '/scim/v2/:accountId/Users/:id'],
    ['/scim/v2/acct-1/Users/.search', '/scim/v2/:accountId/Users/.search'],
    ['/scim/v2/acct-1//Users', '/scim/v2/:accountId/Users'],
    ['/scim/v2/acct-1/Users/', '/scim/v2/:accountId/Users'],
    ['/scim/v2/acct-1', '/scim/v2/:accountId'],
    ['/scim/v2/acct-1/', '/scim/v2/:accountId'],
    ['/healthz', '/healthz'],
    ['/scim/v2/acct-1/Users/42/extra', 'unmatched'],
    ['/wp-admin/install.php', 'unmatched'],
    ['/', 'unmatched'],
  ])('%s is %s', (url, template) => {
    expect(routeOf(url)).toBe(template);
  });
});

describe('metricsVariables', () => {
  const parse = (env: Record<string, string>) =>
    metricsListenOf(parseEnv(z.object(metricsVariables(9464)), env), '127.0.0.1');

  it('defaults to the service port on the default host', () => {
    expect(parse({})).toEqual({ port: 9464, host: '127.0.0.1' });
  });
  it('takes a port, 0 (any free port), a host, or off', () => {
    expect(parse({ METRICS_PORT: '9999', METRICS_HOST: '0.0.0.0' })).toEqual({ port: 9999, host: '0.0.0.0' });
    expect(parse({ METRICS_PORT: '0' })).toEqual({ port: 0, host: '127.0.0.1' });
    expect(parse({ METRICS_PORT: 'off' })).toBeNull();
  });
  it.each(['', 'on', '-1', '65536', '80.5'])('refuses METRICS_PORT=%j', (value) => {
    expect(() => parse({ METRICS_PORT: value })).toThrow(/METRICS_PORT/);
  });
});

describe('httpMetricsMiddleware and startMetricsServer', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  const listen = async (server: Server): Promise<string> => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const serveMetrics = async (registry: Registry): Promise<MetricsServer> => {
    const server = await startMetricsServer(registry, { port: 0, host: '127.0.0.1' });
    closers.push(() => server.close());
    return server;
  };

  it('times requests by method, route template and status, on a port of its own', async () => {
    const registry = createMetricsRegistry('test');
    const middleware = httpMetricsMiddleware(registry, { routes: SCIM });
    const app = await listen(
      createServer((req, res) => {
        middleware(req, res, () => {
          res.statusCode = req.url?.endsWith('/missing') ? 404 : 200;
          res.end('ok');
        });
      }),
    );
    await fetch(`${app}/scim/v2/acct-1/Users/abc`);
    await fetch(`${app}/scim/v2/acct-2/Users/def`);
    await fetch(`${app}/scim/v2/acct-1/Users/abc/missing`);
    await fetch(`${app}/scim/v2/acct-1/Users`, { method: 'POST' });

    const { port } = await serveMetrics(registry);
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const count = (labels: string) =>
      new RegExp(`roster_http_request_duration_seconds_count\\{${labels}\\} (\\d+)`).exec(text)?.[1];
    expect(count('service="test",method="GET",route="/scim/v2/:accountId/Users/:id",status_code="200"')).toBe(
      '2',
    );
    expect(count('service="test",method="GET",route="unmatched",status_code="404"')).toBe('1');
    expect(count('service="test",method="POST",route="/scim/v2/:accountId/Users",status_code="200"')).toBe(
      '1',
    );
    expect(text).not.toMatch(/acct-1|abc|def/);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="test"\} /m);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });

  it('shares one histogram when mounted twice on one registry', () => {
    const registry = new Registry();
    httpMetricsMiddleware(registry, { routes: [] });
    expect(() => httpMetricsMiddleware(registry, { routes: [] })).not.toThrow();
  });

  it('fails to start when its port is taken, so a misconfigured process stops at start-up', async () => {
    const { port } = await serveMetrics(new Registry());
    await expect(startMetricsServer(new Registry(), { port, host: '127.0.0.1' })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
