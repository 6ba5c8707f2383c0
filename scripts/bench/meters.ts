/**
 * What a benchmark phase cost, read from outside the services: CPU time of each process
 * (`/proc/<pid>/stat`), Redis's own CPU (`INFO cpu`), and the store's command count and CPU
 * (`serverStatus`: `metrics.commands.<name>.total` and `pid`, on MongoDB and FerretDB alike).
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { mongo } from 'mongoose';

/** Linux reports utime/stime in clock ticks; 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) a process has used so far; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Commands the server does not run for a client's data (handshakes, our own probes). */
const HOUSEKEEPING = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'serverStatus',
  'endSessions',
  'buildInfo',
]);

export interface MeterReading {
  cpuMs: { ingress: number; worker: number; store: number; redis: number };
  storeCommands: number;
  /** The same, by command name (find, insert, update, …). */
  storeCommandsByName: Record<string, number>;
}

export interface Meters {
  read(): Promise<MeterReading>;
  close(): Promise<void>;
}

export async function openMeters(
  admin: mongo.Db,
  redisUrl: string,
  pids: { ingress: number; workers: number[] },
): Promise<Meters> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const status = async (): Promise<{ pid?: number; commands: number; byName: Record<string, number> }> => {
    const reply = (await admin.command({ serverStatus: 1 })) as {
      // Int64 counters arrive as numbers or Longs depending on the server: Number() both.
      pid?: unknown;
      metrics?: { commands?: Record<string, { total?: unknown } | undefined> };
    };
    let commands = 0;
    const byName: Record<string, number> = {};
    for (const [name, counts] of Object.entries(reply.metrics?.commands ?? {})) {
      if (HOUSEKEEPING.has(name)) continue;
      byName[name] = Number(counts?.total ?? 0);
      commands += byName[name];
    }
    return { ...(reply.pid === undefined ? {} : { pid: Number(reply.pid) }), commands, byName };
  };
  const redisCpuMs = async (): Promise<number> => {
    const info = await redis.info('cpu');
    const seconds = (name: string): number =>
      Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  };
  return {
    async read() {
      const store = await status();
      return {
        cpuMs: {
          ingress: processCpuMs(pids.ingress),
          worker: pids.workers.reduce((sum, pid) => sum + processCpuMs(pid), 0),
          store: store.pid === undefined ? 0 : processCpuMs(store.pid),
          redis: await redisCpuMs(),
        },
        storeCommands: store.commands,
        storeCommandsByName: store.byName,
      };
    },
    close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}

/** The cost between two readings. */
export function costBetween(before: MeterReading, after: MeterReading): MeterReading {
  const delta = (key: keyof MeterReading['cpuMs']): number => after.cpuMs[key] - before.cpuMs[key];
  return {
    cpuMs: {
      ingress: delta('ingress'),
      worker: delta('worker'),
      store: delta('store'),
      redis: delta('redis'),
    },
    storeCommands: after.storeCommands - before.storeCommands,
    storeCommandsByName: Object.fromEntries(
      Object.entries(after.storeCommandsByName)
        .map(([name, total]) => [name, total - (before.storeCommandsByName[name] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    ),
  };
}
