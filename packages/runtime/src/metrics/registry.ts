import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The metrics registry of one process: its own instance, never prom-client's global one, so
 * tests that build several apps in one process do not collide. Every series carries
 * `service="<name>"`, and Node's process metrics (CPU, memory, event loop lag, GC) are included.
 * Created by `main.ts` and passed to whatever records metrics.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
