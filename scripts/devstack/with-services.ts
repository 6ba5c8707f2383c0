/**
 * What `npm start`, `npm test` and `npm run bench` share: bring the services up, export
 * REDIS_URL/MONGO_URL to what runs next, and afterwards stop exactly what this run started.
 */
import { spawn } from 'node:child_process';
import { exitStatus } from './exec.ts';
import { DevstackError, log } from './log.ts';
import { redisUrl } from './redis.ts';
import { down, up, type Service } from './stack.ts';
import { mongoUrl } from './store.ts';
import { signalStatus, type StopSignals } from './supervise.ts';

/**
 * Runs `body` with the services up; its result is the run's exit status. A signal while the
 * services start gives 130/143, as a shell would. The services this run started are stopped
 * on every way out, errors included; ones that were already running are left alone.
 */
export const withServices = async (stop: StopSignals, body: () => Promise<number>): Promise<number> => {
  const started: Service[] = [];
  try {
    await up({ signal: stop.signal, onStarted: (service) => started.push(service) });
    process.env.REDIS_URL = redisUrl();
    process.env.MONGO_URL = mongoUrl();
    return await body();
  } catch (error) {
    const received = stop.received();
    if (received !== undefined && error instanceof DevstackError) return signalStatus(received);
    throw error;
  } finally {
    if (started.length > 0) {
      log(`stopping the services this run started: ${started.join(' ')}`);
      await down(started).catch((error: unknown) => log(`stopping them failed: ${String(error)}`));
    }
  }
};

/**
 * Runs a command in the foreground, on our terminal, and waits for it whatever signals we get,
 * as a shell does: Ctrl-C reaches it directly (same process group), and it is not cut short
 * by a SIGTERM sent only to us (npx, for one, would exit and leave vitest running).
 */
export const foreground = (command: string, args: string[]): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.once('error', () => resolve(127));
    child.once('close', (code, signal) => resolve(exitStatus(code, signal)));
  });
