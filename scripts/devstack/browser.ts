/** Chromium for the console's browser tests: CHROMIUM_PATH, else Debian's, installed with apt when missing and root. */
import { isRoot, which } from './exec.ts';
import { fail, log } from './log.ts';
import { aptInstall } from './redis.ts';

export const ensureChromium = async (): Promise<string> => {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') return configured;
  const found = which('chromium');
  if (found !== undefined) return found;
  if (isRoot() && which('apt-get') !== undefined) {
    if (!(await aptInstall('chromium', 'fonts-dejavu-core'))) fail('apt-get install chromium failed');
    const installed = which('chromium');
    if (installed !== undefined) {
      log(`chromium: ${installed}`);
      return installed;
    }
  }
  return fail(
    'chromium is not installed (the console tests drive it). Install it with: sudo apt-get install chromium  (or set CHROMIUM_PATH)',
  );
};
