import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { freePort } from './support/local-store.ts';
import { PEPPER, startRoster, uniqueName, type RosterUnderTest } from './support/roster.ts';
import { ScimClient } from './support/scim-client.ts';
import { exited, spawnIngress, spawnWorker, waitFor } from './support/worker-process.ts';

/**
 * Prometheus metrics of the real ingress and worker processes, each on a port of its own
 * (METRICS_PORT=0: a free port, read from the `metrics listening` log line). SCIM requests move
 * the series they should, with route templates and fixed label values (never an id), and the
 * SCIM port does not serve `/metrics`.
 */
let roster: RosterUnderTest;
const processes: ChildProcess[] = [];
let scimOrigin: string;
let ingressMetrics: string;
let workerMetrics: string;
/** An account the spawned ingress allows one request, ever (its bucket refills in ~17 min). */
const LIMITED = uniqueName('limited-');

/** Resolves with the port of the child's `metrics listening` log line; keeps draining its stdout. */
function metricsPortOf(child: ChildProcess, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no "metrics listening" line in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before serving metrics`)));
    // Read every line, also after the port is known: a full pipe would block the child.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = (() => {
        try {
          return JSON.parse(line) as { msg?: string; port?: number };
        } catch {
          return {};
        }
      })();
      if (entry.msg === 'metrics listening' && typeof entry.port === 'number') {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
}

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels: Labels = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(origin: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(`${origin}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  return { text, samples: parseExposition(text) };
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when absent. */
function valueOf(samples: Sample[], name: string, labels: Labels = {}): number {
  const found = samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  expect(found.length, `${name} ${JSON.stringify(labels)}: ${found.length} series`).toBeLessThanOrEqual(1);
  return found[0]?.value ?? 0;
}

beforeAll(async () => {
  // No in-process worker: every write is applied, and counted, by the spawned one.
  roster = await startRoster({ worker: false });
  const env = { mongoUrl: roster.mongoUrl, redisUrl: roster.redisUrl, prefix: roster.prefix };
  const port = await freePort();
  const worker = spawnWorker(env, 4, { LOG_LEVEL: 'info' }, 'pipe');
  const ingress = spawnIngress(
    env,
    port,
    PEPPER,
    { LOG_LEVEL: 'info', ACCOUNT_RATE_LIMITS: `${LIMITED}=0.001/1` },
    'pipe',
  );
  processes.push(worker, ingress);
  const [workerPort, ingressPort] = await Promise.all([
    metricsPortOf(worker, 'worker'),
    metricsPortOf(ingress, 'ingress'),
  ]);
  expect(ingressPort).not.toBe(port);
  scimOrigin = `http://127.0.0.1:${port}`;
  ingressMetrics = `http://127.0.0.1:${ingressPort}`;
  workerMetrics = `http://127.0.0.1:${workerPort}`;
  await waitFor(
    async () => (await fetch(`${scimOrigin}/readyz`).catch(() => null))?.status === 200,
    30_000,
    'spawned ingress ready',
  );
}, 60_000);
afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map(exited));
  await roster.stop();
});

describe('metrics', () => {
  it('counts SCIM requests, token checks, rejections and writes by template and fixed labels', async () => {
    const { accountId, token } = roster.account;
    const client = new ScimClient(`${scimOrigin}/scim/v2/${accountId}`, token);
    const other = await roster.createAccount();
    const limited = await roster.createAccount(LIMITED);
    const limitedClient = new ScimClient(`${scimOrigin}/scim/v2/${LIMITED}`, limited.token);
    const ingressBefore = (await scrape(ingressMetrics)).samples;
    const workerBefore = (await scrape(workerMetrics)).samples;

    const body = entraCreateUserBody();
    const created = await client.post('/Users', body);
    expect(created.status).toBe(201);
    const userId = created.body.id as string;
    expect((await client.post('/Users', body)).status).toBe(409); // rejected by the worker
    expect((await client.get(`/Users/${userId}`)).status).toBe(200);
    const unauthorized = [
      new ScimClient(client.baseUrl, 'not-a-token'), // malformed
      new ScimClient(client.baseUrl, other.token), // another account's token
    ];
    for (const stranger of unauthorized) expect((await stranger.get('/Users')).status).toBe(401);
    expect((await fetch(`${client.baseUrl}/Users`)).status).toBe(401); // no token
    expect((await limitedClient.get('/Users')).status).toBe(200);
    expect((await limitedClient.get('/Users')).status).toBe(429);

    // The worker counts a job when BullMQ reports it finished; ingress may answer first.
    const rejectedWrite = {
      operation: 'create',
      resource_type: 'User',
      outcome: 'rejected',
      service: 'worker',
    };
    await waitFor(
      async () =>
        valueOf((await scrape(workerMetrics)).samples, 'roster_writes_total', rejectedWrite) >
        valueOf(workerBefore, 'roster_writes_total', rejectedWrite),
      10_000,
      'the rejected create counted by the worker',
    );
    const ingressAfter = await scrape(ingressMetrics);
    const workerAfter = await scrape(workerMetrics);
    const moved = (before: Sample[], after: Sample[], name: string, labels: Labels): number =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    const onIngress = (name: string, labels: Labels): number =>
      moved(ingressBefore, ingressAfter.samples, name, { ...labels, service: 'ingress' });
    const onWorker = (name: string, labels: Labels): number =>
      moved(workerBefore, workerAfter.samples, name, { ...labels, service: 'worker' });

    const requests = 'roster_http_request_duration_seconds_count';
    const users = '/scim/v2/:accountId/Users';
    expect(onIngress(requests, { method: 'POST', route: users, status_code: '201' })).toBe(1);
    expect(onIngress(requests, { method: 'POST', route: users, status_code: '409' })).toBe(1);
    expect(onIngress(requests, { method: 'GET', route: `${users}/:id`, status_code: '200' })).toBe(1);
    expect(onIngress(requests, { method: 'GET', route: users, status_code: '401' })).toBe(3);
    expect(onIngress(requests, { method: 'GET', route: users, status_code: '429' })).toBe(1);

    const tokens = 'roster_token_verifications_total';
    expect(onIngress(tokens, { result: 'ok' })).toBe(5);
    expect(onIngress(tokens, { result: 'malformed' })).toBe(1);
    expect(onIngress(tokens, { result: 'wrong_account' })).toBe(1);
    expect(onIngress(tokens, { result: 'missing' })).toBe(1);
    expect(valueOf(ingressAfter.samples, tokens, { result: 'revoked', service: 'ingress' })).toBe(0);

    expect(onIngress('roster_requests_rejected_total', { reason: 'unauthorized' })).toBe(3);
    expect(onIngress('roster_requests_rejected_total', { reason: 'rate_limited' })).toBe(1);
    expect(onIngress('roster_requests_rejected_total', { reason: 'too_many_lists' })).toBe(0);
    expect(onIngress('roster_scim_errors_total', { status: '401', scim_type: 'none' })).toBe(3);
    expect(onIngress('roster_scim_errors_total', { status: '409', scim_type: 'uniqueness' })).toBe(1);
    expect(onIngress('roster_scim_errors_total', { status: '429', scim_type: 'none' })).toBe(1);

    const writes = 'roster_writes_total';
    expect(onWorker(writes, { operation: 'create', resource_type: 'User', outcome: 'applied' })).toBe(1);
    expect(onWorker(writes, { operation: 'create', resource_type: 'User', outcome: 'rejected' })).toBe(1);
    expect(onWorker(writes, { operation: 'create', resource_type: 'User', outcome: 'failed' })).toBe(0);
    const job = { queue: 'scim-writes' };
    expect(onWorker('roster_job_duration_seconds_count', { ...job, outcome: 'applied' })).toBe(1);
    expect(onWorker('roster_job_latency_seconds_count', { ...job, outcome: 'rejected' })).toBe(1);
    // Both jobs took one attempt each.
    expect(onWorker('roster_job_attempts_sum', { ...job, outcome: 'applied' })).toBe(1);
    expect(onWorker('roster_job_attempts_bucket', { ...job, outcome: 'applied', le: '1' })).toBe(1);
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(
        workerAfter.samples.some(
          (s) =>
            s.name === 'roster_queue_jobs' && s.labels.state === state && s.labels.queue === 'scim-writes',
        ),
        `roster_queue_jobs{state="${state}"}`,
      ).toBe(true);

    // Node's process metrics, labelled by service.
    expect(
      valueOf(ingressAfter.samples, 'process_cpu_user_seconds_total', { service: 'ingress' }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(workerAfter.samples, 'process_cpu_user_seconds_total', { service: 'worker' }),
    ).toBeGreaterThan(0);
    // No id ever becomes a label value: no series per account, user or token.
    for (const text of [ingressAfter.text, workerAfter.text])
      for (const id of [accountId, other.accountId, LIMITED, userId]) expect(text).not.toContain(id);
  });

  it('serves /metrics only on the metrics ports, never on the SCIM port', async () => {
    const { accountId, token } = roster.account;
    const onScimPort = await fetch(`${scimOrigin}/metrics`);
    expect(onScimPort.status).toBe(404);
    expect(await onScimPort.text()).not.toContain('roster_');
    const inAccount = await fetch(`${scimOrigin}/scim/v2/${accountId}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(inAccount.status).toBe(404);
    expect(await inAccount.text()).not.toContain('roster_');
    for (const origin of [ingressMetrics, workerMetrics]) {
      expect((await fetch(`${origin}/scim/v2/${accountId}/Users`)).status).toBe(404);
      expect((await fetch(`${origin}/metrics`, { method: 'POST' })).status).toBe(404);
    }
  });
});
