/**
 * One phase of a replay: N steps spread over C concurrent clients, each step one or more
 * timed SCIM requests. Records latency per request kind, unexpected statuses, and what the
 * phase cost the processes (meters.ts) per request.
 */
import { costBetween, type MeterReading, type Meters } from './meters.ts';

export interface PhaseReport {
  name: string;
  seconds: number;
  requests: number;
  /** Latencies by request kind, in the order they finished. */
  latencies: Map<string, number[]>;
  unexpected: Record<string, number>;
  cost: MeterReading;
}

/** Sends one request, reads its body, and records its latency under `kind`. */
export type Timed = (
  kind: string,
  request: () => Promise<Response>,
  expected: readonly number[],
) => Promise<{ status: number; body: unknown }>;

export async function runPhase(
  name: string,
  steps: number,
  clients: number,
  meters: Meters,
  step: (index: number, timed: Timed) => Promise<void>,
): Promise<PhaseReport> {
  const latencies = new Map<string, number[]>();
  const unexpected: Record<string, number> = {};
  let requests = 0;
  const timed: Timed = async (kind, request, expected) => {
    const started = performance.now();
    const res = await request();
    const text = await res.text();
    const list = latencies.get(kind) ?? [];
    list.push(performance.now() - started);
    latencies.set(kind, list);
    requests += 1;
    if (!expected.includes(res.status)) {
      const key = `${kind} ${res.status}`;
      unexpected[key] = (unexpected[key] ?? 0) + 1;
    }
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const before = await meters.read();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < steps) await step(next++, timed);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cost = costBetween(before, await meters.read());
  return { name, seconds, requests, latencies, unexpected, cost };
}

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const ms = (value: number): string => value.toFixed(1);

/** p50 of the last tenth over p50 of the first tenth, in request order: growth with size. */
const drift = (list: readonly number[]): number => {
  const tenth = Math.max(1, Math.floor(list.length / 10));
  return percentile(list.slice(-tenth), 50) / Math.max(0.001, percentile(list.slice(0, tenth), 50));
};

export function printPhase(report: PhaseReport, unit?: { label: string; count: number }): void {
  const { name, seconds, requests, cost } = report;
  const perRequest = (value: number): string => (value / Math.max(1, requests)).toFixed(2);
  const rate = unit === undefined ? '' : `, ${(unit.count / seconds).toFixed(0)} ${unit.label}/s`;
  console.log(
    `\n[${name}] ${requests} requests in ${seconds.toFixed(1)} s: ${(requests / seconds).toFixed(0)} req/s${rate}`,
  );
  for (const [kind, list] of report.latencies) {
    console.log(
      `  ${kind.padEnd(14)} n=${list.length} p50=${ms(percentile(list, 50))} p95=${ms(percentile(list, 95))} p99=${ms(percentile(list, 99))} max=${ms(Math.max(...list))} ms; last/first 10% p50 ×${drift(list).toFixed(2)}`,
    );
  }
  const roster = cost.cpuMs.ingress + cost.cpuMs.worker;
  console.log(
    `  CPU ms per request: roster ${perRequest(roster)} (ingress ${perRequest(cost.cpuMs.ingress)}, worker ${perRequest(cost.cpuMs.worker)}), store ${perRequest(cost.cpuMs.store)}, redis ${perRequest(cost.cpuMs.redis)}`,
  );
  console.log(
    `  store commands per request: ${perRequest(cost.storeCommands)} (${Object.entries(
      cost.storeCommandsByName,
    )
      .map(([command, count]) => `${command} ${perRequest(count)}`)
      .join(', ')}; ${(cost.storeCommands / seconds).toFixed(0)}/s)`,
  );
  if (Object.keys(report.unexpected).length > 0)
    console.log(`  UNEXPECTED statuses: ${JSON.stringify(report.unexpected)}`);
}
