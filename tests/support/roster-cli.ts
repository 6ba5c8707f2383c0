import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PEPPER, type RosterUnderTest } from './roster.ts';

const ROSTER_BIN = fileURLToPath(new URL('../../services/admin/bin/roster.js', import.meta.url));
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `roster` bin as `npx roster …` would, against a test's Roster: its database,
 * Redis, queue prefix, token pepper and SCIM origin (plus `env`). A failing command resolves
 * with its exit code and output, for the test to check.
 */
export const rosterCli =
  (roster: RosterUnderTest, env: Record<string, string> = {}) =>
  async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [ROSTER_BIN, ...args], {
        env: {
          ...process.env,
          MONGO_URL: roster.mongoUrl,
          REDIS_URL: roster.redisUrl,
          QUEUE_PREFIX: roster.prefix,
          TOKEN_PEPPER: PEPPER,
          PUBLIC_BASE_URL: roster.origin,
          ...env,
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as CliResult;
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
