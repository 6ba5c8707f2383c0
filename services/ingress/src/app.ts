import { httpMetricsMiddleware, SCIM_BASE_PATH } from '@roster/runtime';
import { Registry } from 'prom-client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ScimError } from '@roster/scim';
import type { WriteClient } from '@roster/jobs';
import type { Store } from '@roster/store';
import { bearerAuth } from './auth/bearer-auth.ts';
import type { TokenVerifier } from './auth/token-verifier.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { normalizePath } from './http/normalize-path.ts';
import { scimBody } from './http/scim-body.ts';
import { healthRouter } from './routes/health.ts';
import { resourceRouter } from './routes/resources.ts';
import { discoveryRouter } from './routes/discovery.ts';
import { bulkRouter } from './routes/bulk.ts';
import { IngressWriteLog } from './write-log.ts';
import { rootQueryRouter } from './routes/root.ts';
import { AccountSchemaCache } from '@roster/store';
import type { AccountRateLimiter } from './limits/account-rate-limit.ts';
import { accountAdmission } from './limits/account-admission.ts';
import { inFlightCeiling } from './limits/in-flight.ts';
import { AccountSlots } from './limits/account-slots.ts';
import { createIngressMetrics, type IngressMetrics } from './metrics/ingress-metrics.ts';

const SCIM_ENDPOINTS = [
  '/',
  '/.search',
  '/Users',
  '/Users/.search',
  '/Users/:id',
  '/Groups',
  '/Groups/.search',
  '/Groups/:id',
  '/Bulk',
  '/ServiceProviderConfig',
  '/ResourceTypes',
  '/ResourceTypes/:name',
  '/Schemas',
  '/Schemas/:id',
];

/** The `route` label values of the HTTP metrics: every route this app serves, as a template. */
const ROUTE_TEMPLATES = [
  '/healthz',
  '/readyz',
  ...SCIM_ENDPOINTS.map((endpoint) => `${SCIM_BASE_PATH}/:accountId${endpoint === '/' ? '' : endpoint}`),
];

export interface AppDeps {
  config: {
    publicBaseUrl: string;
    bodyLimitBytes: number;
    tokenCacheTtlMs: number;
    trustProxy: boolean;
    /** Namespace of account extension URNs (`<namespace>:<accountId>:2:User`). */
    customNamespace: string;
    /** Record write requests refused here in the provisioning log (write-log.ts); default true. */
    provisioningLog?: boolean;
  };
  logger: Logger;
  store: Store;
  writes: WriteClient;
  /** Checks bearer tokens (startTokenChecks: the host also feeds it revocations). */
  verifier: TokenVerifier;
  /** Overload protection (limits/): what one account and this process may take at once. */
  admission: {
    limiter: AccountRateLimiter;
    maxConcurrentListsPerAccount: number;
    maxPendingWritesPerAccount: number;
    maxInFlight: number;
  };
  /**
   * Where this app's metrics are recorded (main.ts: the process's registry, served on
   * METRICS_PORT). Default: a registry of the app's own that nothing serves, for tests.
   */
  metrics?: IngressMetrics;
}

export function createApp({
  config,
  logger,
  store,
  writes,
  verifier,
  admission,
  metrics = createIngressMetrics(new Registry()),
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  // First, so it times every request, refused ones included.
  app.use(httpMetricsMiddleware(metrics.registry, { routes: ROUTE_TEMPLATES }));

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Log what an operator needs and nothing a client sent: no headers (the bearer token
      // lives in Authorization) and no query string (filters carry userNames and emails).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?', 1)[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'res.headers'], remove: true },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // 501 (a root query, routes/root.ts) is a client asking for what Roster does not offer: no outage.
      customLogLevel: (_req, res, error) =>
        error !== undefined || (res.statusCode >= 500 && res.statusCode !== 501)
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : 'info',
    }),
  );
  app.use(helmet());
  app.use(normalizePath);

  app.use(
    healthRouter({
      checks: {
        store: () => store.ping(),
        redis: () => writes.ping(),
        worker: async () => (await writes.liveWorkers()) > 0,
      },
    }),
  );

  app.use(inFlightCeiling(admission.maxInFlight));

  const scim = express.Router({ mergeParams: true, caseSensitive: false, strict: false });
  scim.use(bearerAuth(verifier, metrics.tokenVerification));
  scim.use(accountAdmission(admission.limiter));
  scim.use(scimBody(config.bodyLimitBytes));
  const accounts = new AccountSchemaCache(store, config.customNamespace, config.tokenCacheTtlMs);
  const writeSlots = new AccountSlots(
    admission.maxPendingWritesPerAccount,
    'writes',
    'too_many_pending_writes',
  );
  const resources = {
    store,
    writes,
    publicBaseUrl: config.publicBaseUrl,
    accounts,
    listSlots: new AccountSlots(
      admission.maxConcurrentListsPerAccount,
      'unanchored lists or filters',
      'too_many_lists',
    ),
    writeSlots,
  };
  scim.use('/Users', resourceRouter('User', resources));
  scim.use('/Groups', resourceRouter('Group', resources));
  const writeLog =
    config.provisioningLog === false ? undefined : new IngressWriteLog(store.provisioningLog, logger);
  scim.use(bulkRouter(writes, config.publicBaseUrl, accounts, writeSlots, writeLog));
  scim.use(rootQueryRouter());
  scim.use(
    discoveryRouter({ publicBaseUrl: config.publicBaseUrl, bodyLimitBytes: config.bodyLimitBytes, accounts }),
  );
  // A known endpoint asked with a method it does not have: 405, not 404 (RFC 9110 §15.5.6).
  scim.all(SCIM_ENDPOINTS, (req, _res, next) => {
    next(new ScimError(405, undefined, `${req.method} is not supported on this endpoint`));
  });
  app.use(`${SCIM_BASE_PATH}/:accountId`, scim);

  app.use(notFound);
  app.use(errorHandler(logger, metrics.scimError, writeLog?.answered));
  return app;
}
