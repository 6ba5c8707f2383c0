import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminApiRoutes, apiRouters, type AdminContext, type Principal } from '@roster/admin';
import { errorHandler } from '@roster/ingress';

/**
 * services/admin/openapi/admin.yaml describes exactly the routes the admin API registers (none
 * missing, none stale), every operation answers a 2xx and names its permission, and the
 * permission it names is the one the route really checks: asked by an admin of another account,
 * each route answers the 403 that names it, before it reads anything.
 */
const SPEC_FILE = new URL('../services/admin/openapi/admin.yaml', import.meta.url);
const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as Record<string, any>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Operations any principal (or none) may call: they check no permission. */
const UNGUARDED = new Set(['/session', '/me']);

/**
 * The routers createAdminApp mounts under /api/v1, with the extra ones main.ts gives it. They only
 * keep ctx in closures until a request comes.
 */
const routers = (ctx: AdminContext): Router[] => {
  const { open, guarded } = apiRouters(ctx, { secureCookies: false, extra: adminApiRoutes(ctx) });
  return [...open, ...guarded];
};

interface Walked {
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  handle?: { stack?: unknown };
}

/** `METHOD /path/{param}` of every route registered on the routers (express 5 router stacks). */
function registeredRoutes(): string[] {
  const found: string[] = [];
  for (const router of routers({} as AdminContext))
    for (const layer of router.stack as unknown as Walked[]) {
      // A nested router's routes would be mounted under a prefix this walk cannot see.
      expect(layer.handle?.stack, 'a nested router in an admin API router').toBeUndefined();
      if (layer.route === undefined) continue;
      const { path, methods } = layer.route;
      expect(typeof path, `route path ${String(path)}`).toBe('string');
      for (const [method, on] of Object.entries(methods)) {
        expect(method, `${String(path)} uses router.all`).not.toBe('_all');
        if (on === true) found.push(`${method.toUpperCase()} ${(path as string).replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  return found;
}

interface Operation {
  key: string;
  path: string;
  method: string;
  op: Record<string, any>;
  /** Path-level and operation-level parameters, references resolved. */
  parameters: Record<string, any>[];
}

function resolve(ref: string): unknown {
  expect(ref.startsWith('#/'), `only local $refs: ${ref}`).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, part) =>
        (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
}

const deref = (node: Record<string, any>): Record<string, any> =>
  typeof node.$ref === 'string' ? (resolve(node.$ref) as Record<string, any>) : node;

const operations: Operation[] = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(
  ([path, item]) =>
    HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      path,
      method,
      op: item[method] as Record<string, any>,
      parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(deref),
    })),
);
const guarded = operations.filter(({ path }) => !UNGUARDED.has(path));

describe('services/admin/openapi/admin.yaml', () => {
  it('is an OpenAPI 3.0 document whose paths are relative to /api/v1', () => {
    expect(spec.openapi).toMatch(/^3\.0\.\d+$/);
    expect(spec.info?.title).toEqual(expect.any(String));
    expect(spec.info?.version).toEqual(expect.any(String));
    expect(spec.servers?.[0]?.url).toBe('/api/v1');
    expect(Object.keys(spec.paths ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(spec.components?.securitySchemes ?? {})).toEqual(
      expect.arrayContaining(['apiKey', 'session', 'csrfToken']),
    );
  });

  it('has no dangling $ref', () => {
    const refs: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === 'object' && node !== null)
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else visit(value);
        }
    };
    visit(spec);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
  });

  it('documents every registered route, and nothing the routers do not register', () => {
    const registered = registeredRoutes();
    const documented = operations.map(({ key }) => key);
    expect(new Set(registered).size, 'a route registered twice').toBe(registered.length);
    expect({
      undocumented: registered.filter((route) => !documented.includes(route)),
      stale: documented.filter((route) => !registered.includes(route)),
    }).toEqual({ undocumented: [], stale: [] });
    expect(registered.length).toBeGreaterThan(0);
  });

  it('gives every operation a unique id, its path parameters, a 2xx, SCIM errors, and (but /session, /me) a 403 and its permission', () => {
    const ids = operations.map(({ op }) => op.operationId as unknown);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, path, op, parameters } of operations) {
      const statuses = Object.keys(op.responses ?? {});
      expect(
        statuses.some((status) => /^2\d\d$/.test(status)),
        `${key}: a 2xx`,
      ).toBe(true);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = parameters.filter((p) => p.in === 'path').map((p) => p.name as string);
      expect(declared.sort(), `${key}: path parameters`).toEqual(inPath.sort());
      for (const status of statuses.filter((code) => /^[45]/.test(code))) {
        const response = deref(op.responses[status]);
        expect(response.content?.['application/scim+json']?.schema, `${key} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
      if (UNGUARDED.has(path)) continue;
      expect(statuses, `${key}: a 403`).toContain('403');
      expect(op['x-permission'], `${key}: x-permission`).toMatch(/^[a-z]+:[a-z]+$/);
      expect(op.description, `${key}: the permission in prose`).toContain(`\`${op['x-permission']}\``);
    }
  });

  it('asks for the CSRF token with the session cookie on every state-changing operation, and only there', () => {
    for (const { key, method, op } of guarded) {
      const security = (op.security ?? spec.security) as Record<string, unknown>[];
      const schemes = security.map((requirement) => Object.keys(requirement).sort().join('+')).sort();
      expect(schemes, key).toEqual(
        method === 'get' ? ['apiKey', 'session'] : ['apiKey', 'csrfToken+session'],
      );
    }
  });

  describe('the permission each route checks', () => {
    const stranger: Principal = {
      kind: 'admin',
      adminId: 'stranger',
      accountId: 'elsewhere',
      role: 'owner',
      email: 'stranger@example.test',
      displayName: 'Admin of another account',
    };
    // No store: a route that reads anything before checking its permission fails here (500).
    const ctx = { logger: pino({ level: 'silent' }) } as unknown as AdminContext;
    let server: Server;
    let base: string;

    beforeAll(async () => {
      const app = express();
      app.use(express.json());
      app.use((_req, res, next) => {
        res.locals.principal = stranger;
        next();
      });
      app.use(spec.servers[0].url as string, ...routers(ctx));
      app.use(errorHandler(pino({ level: 'silent' })));
      server = app.listen(0, '127.0.0.1');
      await new Promise<void>((ready) => server.once('listening', ready));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${spec.servers[0].url as string}`;
    });
    afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

    it('GET /me answers the principal', async () => {
      const answer = await fetch(`${base}/me`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(stranger);
    });

    it.each(guarded.map((operation) => [operation.key, operation] as const))(
      '%s answers 403 naming its x-permission to an admin of another account',
      async (_key, { method, path, op }) => {
        const url = path.replace(/\{(\w+)\}/g, (_match, name: string) =>
          name === 'accountId' ? 'acme' : `some-${name}`,
        );
        // The documented example must pass the route's own body schema, or the route answers 400.
        const example: unknown = op.requestBody?.content?.['application/json']?.example;
        const answer = await fetch(`${base}${url}`, {
          method: method.toUpperCase(),
          signal: AbortSignal.timeout(5_000),
          ...(example === undefined
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(example) }),
        });
        const body = (await answer.json()) as { detail?: string };
        // Operator-only permissions belong to no account role; others are refused for another account.
        const wording =
          op['x-permission'] === 'accounts:manage'
            ? 'is required for this action'
            : 'is not granted on this account';
        expect({ status: answer.status, detail: body.detail }).toEqual({
          status: 403,
          detail: `Permission "${op['x-permission']}" ${wording}`,
        });
      },
    );
  });
});
