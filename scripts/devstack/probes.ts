/**
 * Readiness probes: does something listen, and does it answer like the service we expect?
 * A port that accepts connections is not enough: FerretDB and mongod accept before they answer.
 */
import { connect } from 'node:net';
import { DevstackError } from './log.ts';
import { sleep } from './exec.ts';

/** Something accepts TCP connections on 127.0.0.1:port. */
export const tcpOpen = (port: number, timeoutMs = 2000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });

/** Redis answers PING with +PONG (spoken in RESP directly, so redis-cli is not needed). */
export const redisPing = (port: number, timeoutMs = 2000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: timeoutMs });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
    socket.once('end', () => done(false));
  });

type MongoDriver = typeof import('mongodb');
let driver: Promise<MongoDriver | undefined> | undefined;
/** The MongoDB driver from node_modules (mongoose brings it); undefined when not installed. */
export const mongoDriver = (): Promise<MongoDriver | undefined> =>
  (driver ??= import('mongodb').catch(() => undefined));

/** A real MongoDB `ping` through the driver; `verbose` logs why it failed. */
export const mongoPing = async (url: string, verbose = false): Promise<boolean> => {
  const mongodb = await mongoDriver();
  if (mongodb === undefined) return false;
  const client = new mongodb.MongoClient(url, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch (error) {
    if (verbose) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
};

/** The store accepts connections and, when the driver is installed, answers a ping. */
export const storeReady = async (port: number, url: string): Promise<boolean> =>
  (await tcpOpen(port)) && ((await mongoDriver()) === undefined || (await mongoPing(url)));

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  intervalMs: number;
  /** Called between attempts; throws (e.g. "exited during startup") to stop waiting early. */
  check?: (elapsedMs: number) => void;
  /** Stops waiting (e.g. Ctrl-C in `npm start`). */
  signal?: AbortSignal | undefined;
}

/** Polls `probe` until it says yes (true) or the time is up (false). */
export const waitUntil = async (probe: () => Promise<boolean>, options: WaitOptions): Promise<boolean> => {
  const started = performance.now();
  for (;;) {
    if (options.signal?.aborted) throw new DevstackError('interrupted while waiting for the services');
    if (await probe()) return true;
    const elapsedMs = performance.now() - started;
    options.check?.(elapsedMs);
    if (elapsedMs >= options.timeoutMs) return false;
    await sleep(options.intervalMs);
  }
};
