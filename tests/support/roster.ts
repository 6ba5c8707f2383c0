import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { WriteClient } from '@roster/jobs';
import { issueScimToken, openStore, type Store } from '@roster/store';
import { AccountRateLimiter, createApp, startTokenChecks, type RateLimit } from '@roster/ingress';
import { startWriteWorker, type RunningWorker } from '@roster/worker';
import { ScimClient } from './scim-client.ts';

export interface TestAccount {
  accountId: string;
  baseUrl: string;
  token: string;
  client: ScimClient;
}

export interface RosterUnderTest {
  origin: string;
  dbName: string;
  /** MONGO_URL pointing at this test's own database (for child processes). */
  mongoUrl: string;
  redisUrl: string;
  prefix: string;
  store: Store;
  account: TestAccount;
  createAccount(accountId?: string): Promise<TestAccount>;
  startWorker(): Promise<RunningWorker>;
  stop(): Promise<void>;
}

export interface RosterOptions {
  /** Start one in-process worker (default true). */
  worker?: boolean;
  writeTimeoutMs?: number;
  /** Where ingress logs go (default: silent). */
  logger?: Logger;
  /** A Redis of the test's own (fault tests kill it); default: the suite's Redis. */
  redisUrl?: string;
  /** A store of the test's own (fault tests kill it); default: the suite's store. */
  mongoUrl?: string;
  /** Time limits of the store connection (fault tests shorten them). */
  storeTimeouts?: { queryTimeoutMs: number; operationTimeoutMs: number };
  /** Overload protection; by default no account is rate-limited and the ceilings are far away. */
  limits?: {
    /** Rate limits of the accounts named; others are unlimited. */
    rates?: ReadonlyMap<string, RateLimit>;
    maxConcurrentListsPerAccount?: number;
    maxPendingWritesPerAccount?: number;
    maxInFlight?: number;
  };
}

/** The token pepper of the ingress under test; the CLI test passes it to `roster` as TOKEN_PEPPER. */
export const PEPPER = randomBytes(32).toString('base64url');
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The default namespace of account extension URNs, as in production. */
export const CUSTOM_NAMESPACE = 'urn:roster:scim:schemas:extension';

export const uniqueName = (label: string): string => `${label}${randomBytes(5).toString('hex')}`;

const withDatabase = (url: string, dbName: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${dbName}`;
  return parsed.toString();
};

/**
 * The real ingress (express app on a loopback port) and real worker over real Redis and
 * the real store. Each call gets its own database and queue prefix, so test files can run
 * in parallel without seeing each other.
 */
export async function startRoster(options: RosterOptions = {}): Promise<RosterUnderTest> {
  const dbName = uniqueName('t_');
  const prefix = `{${uniqueName('t')}}`;
  const mongoUrl = withDatabase(options.mongoUrl ?? inject('mongoUrl'), dbName);
  const redisUrl = options.redisUrl ?? inject('redisUrl');
  const store = await openStore(mongoUrl, options.storeTimeouts ?? {});
  await store.ensureIndexes();
  const writes = await WriteClient.connect(
    { redisUrl, prefix, timeoutMs: options.writeTimeoutMs ?? 20_000 },
    () => undefined,
  );
  // Tests are not rate-limited unless they ask to be.
  const unlimited: RateLimit = { perSecond: 1_000_000, burst: 1_000_000 };
  const limiter = AccountRateLimiter.connect(
    redisUrl,
    prefix,
    (accountId) => options.limits?.rates?.get(accountId) ?? unlimited,
    () => undefined,
  );
  const workers: RunningWorker[] = [];
  const startWorker = async (): Promise<RunningWorker> => {
    const worker = await startWriteWorker({
      store,
      redisUrl,
      prefix,
      concurrency: 16,
      logger,
      customNamespace: CUSTOM_NAMESPACE,
    });
    workers.push(worker);
    return worker;
  };
  if (options.worker !== false) await startWorker();

  const tokens = await startTokenChecks({
    store,
    pepper: PEPPER,
    cacheTtlMs: 1_000,
    redisUrl,
    prefix,
    onRedisError: () => undefined,
  });
  // Listen first so the app can render locations with the real port.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    config: {
      publicBaseUrl: origin,
      bodyLimitBytes: 64 * 1024,
      tokenCacheTtlMs: 1_000,
      trustProxy: false,
      customNamespace: CUSTOM_NAMESPACE,
    },
    logger: options.logger ?? logger,
    store,
    writes,
    verifier: tokens.verifier,
    admission: {
      limiter,
      maxConcurrentListsPerAccount: options.limits?.maxConcurrentListsPerAccount ?? 1_000,
      maxPendingWritesPerAccount: options.limits?.maxPendingWritesPerAccount ?? 100_000,
      maxInFlight: options.limits?.maxInFlight ?? 100_000,
    },
  });
  server.on('request', app);
  const createAccount = async (accountId = uniqueName('acct-')): Promise<TestAccount> => {
    await store.accounts.create(accountId, accountId);
    const issued = issueScimToken(PEPPER);
    await store.tokens.insert({ tokenId: issued.tokenId, accountId, secretHash: issued.secretHash });
    const baseUrl = `${origin}/scim/v2/${accountId}`;
    return { accountId, baseUrl, token: issued.token, client: new ScimClient(baseUrl, issued.token) };
  };
  const account = await createAccount();

  return {
    origin,
    dbName,
    mongoUrl,
    redisUrl,
    prefix,
    store,
    account,
    createAccount,
    startWorker,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all(workers.map((worker) => worker.close()));
      await writes.close();
      await limiter.close();
      await tokens.close();
      await store.close();
    },
  };
}
