/**
 * Many clients at once against one ingress and one worker process: each client creates users
 * back to back for a fixed time. Prints the statuses, latency percentiles, and the ingress's
 * resident memory before, at its peak and after, to show what the in-flight ceiling
 * (`HTTP_MAX_IN_FLIGHT`) and the write timeout bound. The account's rate limit is lifted
 * (launch.ts), so only the process-wide ceilings act.
 *
 *   node --import tsx scripts/bench/overload.ts [--clients 1024] [--seconds 15]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { launchRoster, rssMiB } from './launch.ts';
import { percentile } from './phase.ts';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '1024' }, seconds: { type: 'string', default: '15' } },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
// Node's fetch opens as many connections to one origin as there are requests in flight.

const roster = await launchRoster();
const { base, headers } = roster;
const rssBefore = rssMiB(roster.ingressPid);
let rssPeak = rssBefore;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(roster.ingressPid))), 200);
const statuses: Record<string, number> = {};
const latencies: number[] = [];
const until = performance.now() + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `${randomUUID()}@overload.example`,
        active: true,
      });
      const status = await fetch(`${base}/Users`, { method: 'POST', headers, body })
        .then(async (res) => (await res.arrayBuffer(), String(res.status)))
        .catch(() => 'network error');
      latencies.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // A refused request comes back at once; the client waits as Retry-After asks.
      if (status === '503' || status === '429') await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }),
);
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 2000));
const total = Object.values(statuses).reduce((sum, n) => sum + n, 0);
console.log(
  `overload: ${CLIENTS} clients creating for ${SECONDS} s against one ingress (HTTP_MAX_IN_FLIGHT ${process.env.HTTP_MAX_IN_FLIGHT ?? 1024})`,
);
console.log(`  ${total} requests, ${(total / SECONDS).toFixed(0)}/s; statuses ${JSON.stringify(statuses)}`);
console.log(
  `  latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
);
console.log(
  `  ingress RSS ${rssBefore.toFixed(0)} MiB before, ${rssPeak.toFixed(0)} MiB at peak, ${rssMiB(roster.ingressPid).toFixed(0)} MiB after`,
);
await roster.stop();
