import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { WRITE_QUEUE } from '@roster/jobs';
import { loadIngressConfig } from '@roster/ingress';
import { loadWorkerConfig } from '@roster/worker';
import { loadAdminConfig } from '@roster/admin';

/**
 * The Kubernetes manifests (deploy/k8s) parse, reference only files that exist, set only
 * environment variables the service they run declares (a misspelt variable would be silently
 * ignored in production), and keep the promises the services rely on: probes on /readyz and
 * /healthz, a termination grace longer than the write timeout, the pepper from a Secret, and
 * KEDA watching the queue the workers really read.
 */
const K8S = fileURLToPath(new URL('../deploy/k8s', import.meta.url));
const VARIABLES: Record<string, readonly string[]> = {
  'services/ingress/src/main.ts': loadIngressConfig.variables,
  'services/worker/src/main.ts': loadWorkerConfig.variables,
  'services/admin/src/main.ts': loadAdminConfig.variables,
};

type Manifest = Record<string, any>;

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : entry.name.endsWith('.yaml')
        ? [join(dir, entry.name)]
        : [],
  );

const manifestsIn = (file: string): Manifest[] =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    expect(doc.errors, `${file}: ${doc.errors.join('; ')}`).toEqual([]);
    return doc.toJS() as Manifest;
  });

const all = yamlFiles(K8S).flatMap((file) => manifestsIn(file).map((manifest) => ({ file, manifest })));
const ofKind = (kind: string) =>
  all.filter(({ manifest }) => manifest.kind === kind).map(({ manifest }) => manifest);
const configMapData = (name: string): Record<string, string> =>
  (ofKind('ConfigMap').find((map) => map.metadata.name === name)?.data as
    Record<string, string> | undefined) ?? {};

describe('deploy/k8s', () => {
  it('has a base and an overlay whose resources all exist', () => {
    const kustomizations = all.filter(({ manifest }) => manifest.kind === 'Kustomization');
    expect(kustomizations.length).toBeGreaterThanOrEqual(2);
    for (const { file, manifest } of kustomizations)
      for (const resource of manifest.resources ?? [])
        expect(existsSync(join(file, '..', resource)), `${file} lists ${resource}`).toBe(true);
  });

  it.each(ofKind('Deployment').map((deployment) => [deployment.metadata.name, deployment] as const))(
    '%s sets only variables its service reads, probes and stops as the service expects',
    (_name, deployment) => {
      const spec = deployment.spec.template.spec;
      for (const container of spec.containers) {
        const entry = (container.command as string[]).find((arg) => arg in VARIABLES);
        expect(entry, `${container.name} runs a known service`).toBeDefined();
        const declared = new Set(VARIABLES[entry!]);
        const fromMaps = (container.envFrom ?? []).flatMap((from: Manifest) =>
          Object.keys(configMapData(from.configMapRef.name)),
        );
        for (const name of [...(container.env ?? []).map((env: Manifest) => env.name as string), ...fromMaps])
          expect(declared.has(name), `${container.name} sets ${name}, which ${entry} does not read`).toBe(
            true,
          );
        const secret = (name: string): unknown =>
          container.env?.find((env: Manifest) => env.name === name)?.valueFrom?.secretKeyRef;
        expect(secret('MONGO_URL'), 'MONGO_URL from a Secret').toBeDefined();
        expect(secret('REDIS_URL'), 'REDIS_URL from a Secret').toBeDefined();
        // Prometheus reaches /metrics on the pod's IP at the port the container declares.
        const literal = Object.fromEntries(
          (container.env ?? [])
            .filter((env: Manifest) => typeof env.value === 'string')
            .map((env: Manifest): [string, string] => [env.name, env.value]),
        );
        if (entry === 'services/admin/src/main.ts') {
          // The admin service serves /metrics, the console and its probes on its one port.
          const admin = loadAdminConfig(literal);
          const httpPort = container.ports?.find((port: Manifest) => port.name === 'http')?.containerPort;
          expect({ port: admin.port, host: admin.host }).toEqual({ port: httpPort, host: '0.0.0.0' });
          expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(httpPort));
          expect(secret('TOKEN_PEPPER'), 'TOKEN_PEPPER from a Secret').toBeDefined();
          expect(container.readinessProbe.httpGet.path).toBe('/readyz');
          expect(container.livenessProbe.httpGet.path).toBe('/healthz');
          continue;
        }
        const config =
          entry === 'services/ingress/src/main.ts'
            ? loadIngressConfig({ ...literal, TOKEN_PEPPER: 'x'.repeat(43) })
            : loadWorkerConfig(literal);
        const metricsPort = container.ports?.find((port: Manifest) => port.name === 'metrics')?.containerPort;
        expect(config.metrics, `${container.name} serves metrics`).toEqual({
          port: metricsPort,
          host: '0.0.0.0',
        });
        if (entry === 'services/ingress/src/main.ts') {
          expect(secret('TOKEN_PEPPER'), 'TOKEN_PEPPER from a Secret').toBeDefined();
          expect(container.readinessProbe.httpGet.path).toBe('/readyz');
          expect(container.livenessProbe.httpGet.path).toBe('/healthz');
          const writeTimeoutMs = loadIngressConfig({ TOKEN_PEPPER: 'x'.repeat(43) }).writeTimeoutMs;
          expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(writeTimeoutMs);
        }
      }
    },
  );

  it('scales workers on the wait list of the queue they consume', () => {
    const [scaled] = ofKind('ScaledObject');
    const prefix = configMapData('roster-config').QUEUE_PREFIX;
    expect(scaled?.spec.triggers[0].metadata.listName).toBe(`${prefix}:${WRITE_QUEUE}:wait`);
    expect(ofKind('TriggerAuthentication').map((auth) => auth.metadata.name as string)).toContain(
      scaled?.spec.triggers[0].authenticationRef.name,
    );
  });
});
