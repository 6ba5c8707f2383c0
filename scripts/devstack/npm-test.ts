/**
 * `npm test` (through scripts/test.sh): bring up Redis + the store (and find or install chromium
 * for the console's browser tests), run `npm run check`
 * (typecheck, lint, format), then `vitest run` with the extra arguments, and stop the services
 * that this run started.
 *
 *   npm test -- packages/scim       run part of the suite
 *   ROSTER_SKIP_CHECKS=1 npm test   skip typecheck + lint
 */
import { ROOT } from './config.ts';
import { log, runMain, setLogTag } from './log.ts';
import { ensureStoreBinary } from './store.ts';
import { ensureChromium } from './browser.ts';
import { catchStopSignals, signalStatus } from './supervise.ts';
import { foreground, withServices } from './with-services.ts';

const main = (): Promise<number> => {
  const stop = catchStopSignals();
  return withServices(stop, async () => {
    // Fault tests start, kill and restart a store of their own from this binary.
    const binary = await ensureStoreBinary().catch(() => undefined);
    process.env.ROSTER_STORE_BINARY = binary === undefined ? '' : `${binary.kind} ${binary.path}`;
    // The console's browser tests drive Debian's chromium (headless) with playwright-core. Without
    // it only those tests fail (saying so), and a run of other tests is not blocked.
    const chromium = await ensureChromium().catch((error: unknown) => {
      log(`warning: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (chromium !== undefined) process.env.CHROMIUM_PATH = chromium;
    log(`REDIS_URL=${process.env.REDIS_URL ?? ''} MONGO_URL=${process.env.MONGO_URL ?? ''}`);

    const steps: [title: string, command: string, args: string[]][] = [];
    if (process.env.ROSTER_SKIP_CHECKS !== '1') {
      steps.push(['npm run check (typecheck, lint, format)', 'npm', ['run', 'check']]);
    }
    const vitest = ['vitest', 'run', ...process.argv.slice(2)];
    steps.push([`npx ${vitest.join(' ')}`, 'npx', vitest]);
    for (const [title, command, args] of steps) {
      log(title);
      const status = await foreground(command, args);
      const received = stop.received();
      if (received !== undefined) return signalStatus(received);
      if (status !== 0) return status;
    }
    return 0;
  });
};

setLogTag('test');
process.chdir(ROOT);
runMain(main);
