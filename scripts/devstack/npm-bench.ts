/**
 * `npm run bench -- [--users N] [--clients N] [--prefill N]` (through scripts/bench.sh): the
 * Entra-style replay (scripts/bench/entra-replay.ts) against one ingress and one worker
 * process on the local services, started here when none are configured and stopped afterwards.
 */
import { ROOT } from './config.ts';
import { runMain, setLogTag } from './log.ts';
import { catchStopSignals } from './supervise.ts';
import { foreground, withServices } from './with-services.ts';

const main = (): Promise<number> => {
  const stop = catchStopSignals();
  const replay = ['--import', 'tsx', 'scripts/bench/entra-replay.ts', ...process.argv.slice(2)];
  return withServices(stop, () => foreground(process.execPath, replay));
};

setLogTag('bench');
process.chdir(ROOT);
runMain(main);
