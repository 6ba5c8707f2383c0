import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, waitFor } from './worker-process.ts';

/**
 * A store process of a fault test's own (FerretDB or mongod, the binary scripts/test.sh
 * names in ROSTER_STORE_BINARY), on its own port and data directory, that the test may kill,
 * pause and restart without touching the suite's store.
 */
export interface LocalStore {
  /** `mongodb://127.0.0.1:<port>/roster` */
  url: string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a store that hangs instead of refusing. */
  pause(): void;
  resume(): void;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** `"ferretdb <path>"` or `"mongod <path>"`, or undefined when the suite has none to start. */
export const storeBinary = (): { kind: string; path: string } | undefined => {
  const value = process.env.ROSTER_STORE_BINARY?.trim();
  if (value === undefined || value === '') return undefined;
  const [kind = '', ...rest] = value.split(' ');
  return { kind, path: rest.join(' ') };
};

export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

export const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function startLocalStore(): Promise<LocalStore> {
  const binary = storeBinary();
  if (binary === undefined) throw new Error('ROSTER_STORE_BINARY is not set (run the tests with npm test)');
  const dir = mkdtempSync(join(tmpdir(), 'roster-store-fault-'));
  const port = await freePort();
  const args =
    binary.kind === 'mongod'
      ? ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet']
      : [
          '--handler=sqlite',
          `--sqlite-url=file:${dir}/`,
          `--state-dir=${dir}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=error',
        ];
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(binary.path, args, { stdio: 'ignore' });
    await waitFor(() => accepts(port), 20_000, `${binary.kind} on port ${port}`);
  };
  const kill = async (): Promise<void> => {
    if (child === undefined) return;
    child.kill('SIGKILL');
    await exited(child);
  };
  await start();
  return {
    url: `mongodb://127.0.0.1:${port}/roster`,
    kill,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async destroy() {
      child?.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
