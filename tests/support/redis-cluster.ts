import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './local-store.ts';
import { exited, waitFor } from './worker-process.ts';

const run = promisify(execFile);

/** A real Redis Cluster of three masters on loopback, from Debian's `redis-server`. */
export interface LocalRedisCluster {
  /** `redis-cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>` (createRedisConnection). */
  url: string;
  ports: number[];
  destroy(): Promise<void>;
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 > 65_535) continue;
    const bus = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port + 10_000, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (bus) return port;
  }
}

export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-redis-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < 3; i++) ports.push(await clusterPort());
  const nodes: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    ),
  );
  const cli = (port: number, ...args: string[]) =>
    run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  for (const port of ports)
    await waitFor(
      async () => (await cli(port, 'ping').catch(() => ({ stdout: '' }))).stdout.includes('PONG'),
      10_000,
      `redis ${port}`,
    );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((port) => `127.0.0.1:${port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (const port of ports)
    await waitFor(
      async () => (await cli(port, 'cluster', 'info')).stdout.includes('cluster_state:ok'),
      20_000,
      `cluster state ok on ${port}`,
    );
  return {
    url: `redis-cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    ports,
    async destroy() {
      for (const node of nodes) node.kill('SIGKILL');
      await Promise.all(nodes.map(exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
