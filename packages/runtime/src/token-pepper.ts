import { ConfigError } from './env.ts';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const MIN_PEPPER_LENGTH = 32;

/**
 * The server-side secret mixed into every SCIM token hash. Production sets TOKEN_PEPPER;
 * a developer machine gets one generated once into `.local/token-pepper` (mode 0600) so
 * `npm start`, the tests and `npx roster` agree without any set-up. Auth never turns off.
 */
export function resolveTokenPepper(
  fromEnv: string | undefined,
  devFile: string,
  allowDevFile: boolean,
): string {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_PEPPER_LENGTH) {
      throw new ConfigError(`TOKEN_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`);
    }
    return fromEnv;
  }
  if (!allowDevFile) throw new ConfigError('TOKEN_PEPPER is required when NODE_ENV=production');
  if (existsSync(devFile)) return readFileSync(devFile, 'utf8').trim();
  mkdirSync(dirname(devFile), { recursive: true });
  const pepper = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created it first; then read theirs.
  try {
    writeFileSync(devFile, pepper, { flag: 'wx', mode: 0o600 });
    chmodSync(devFile, 0o600);
    return pepper;
  } catch {
    return readFileSync(devFile, 'utf8').trim();
  }
}
