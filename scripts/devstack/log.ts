/**
 * Logging for the launcher. Everything goes to stderr so that stdout stays machine-readable:
 * `services.sh up` prints `export` lines there for `eval`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

let tag = 'services';

/** The prefix of every log line: `[services]`, `[start]`, `[test]`… */
export const setLogTag = (name: string): void => {
  tag = name;
};

export const log = (message: string): void => {
  process.stderr.write(`[${tag}] ${message}\n`);
};

/**
 * A failure the user can act on: the launcher prints its message (no stack) and exits 1.
 * Thrown where giving up is the only option; recoverable outcomes are returned as values.
 */
export class DevstackError extends Error {
  override name = 'DevstackError';
}

export const fail = (message: string): never => {
  throw new DevstackError(message);
};

/** Shows the end of a service's log, after it failed to start. */
export const logTail = (file: string, lines = 25): void => {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  log(`last lines of ${file}:`);
  process.stderr.write(tail.map((line) => `    ${line}\n`).join(''));
};

/** Seconds since `startMs` (a `performance.now()` value), as "1.23". */
export const elapsed = (startMs: number): string => ((performance.now() - startMs) / 1000).toFixed(2);

/**
 * Runs an entry point: a DevstackError is printed as `error: …` and exits 1; anything else
 * is a bug and keeps its stack trace.
 */
export const runMain = (main: () => Promise<number>): void => {
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        if (error instanceof DevstackError) log(`error: ${error.message}`);
        else console.error(error);
        process.exit(1);
      },
    );
};
