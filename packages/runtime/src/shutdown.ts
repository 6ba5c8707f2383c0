import type { Logger } from 'pino';

export type ShutdownStep = readonly [name: string, run: () => Promise<void>];

const DEADLINE_MS = 15_000;

/**
 * Runs the steps once, in order, on SIGTERM/SIGINT, then exits. A step that fails is logged
 * and the next still runs; past the deadline the process exits anyway (exit code 1), so a
 * stuck connection never keeps a container from stopping.
 */
export function onShutdown(logger: Pick<Logger, 'info' | 'error'>, steps: readonly ShutdownStep[]): void {
  let started = false;
  const run = async (signal: string): Promise<void> => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: DEADLINE_MS }, 'shutdown deadline passed');
      process.exit(1);
    }, DEADLINE_MS);
    deadline.unref();
    let failed = false;
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
    process.exit(failed ? 1 : 0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void run(signal));
}
