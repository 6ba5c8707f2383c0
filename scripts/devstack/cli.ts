/**
 * Local Redis + MongoDB-compatible store for Roster.
 *
 *   scripts/services.sh up       start what is missing, wait until ready, print `export` lines on stdout
 *   scripts/services.sh down [redis|mongo ...]   stop what this launcher started (by PID file / marker)
 *   scripts/services.sh status   report (exit 0 when both answer, 1 otherwise)
 *   scripts/services.sh env      print `export REDIS_URL=… MONGO_URL=…` lines
 *   scripts/services.sh install  only make sure the binaries exist (redis-server, mongod or ferretdb)
 *   scripts/services.sh store-binary  print "ferretdb <path>" or "mongod <path>" (for fault tests)
 *
 * Usage from a shell:  eval "$(scripts/services.sh up)"
 *
 * Per service, in order of preference:
 *   1. REDIS_URL / MONGO_URL already set        -> use it, start nothing
 *   2. a copy this launcher started is running  -> reuse it
 *   3. a Docker engine answers                  -> docker compose up -d --wait mongo redis
 *   4. local binaries                           -> redis-server; mongod if on PATH, else FerretDB (SQLite)
 * Ports: Redis 127.0.0.1:6479, store 127.0.0.1:27417. All state lives under <repo>/.local/.
 *
 * Environment knobs:
 *   ROSTER_STARTED_FILE       `up` writes the names of the services it started (one per line) there
 *   ROSTER_USE_DOCKER=0       never use Docker, even if an engine answers
 *   ROSTER_STORE=ferretdb     use FerretDB even when mongod is on PATH
 *   ROSTER_FERRETDB=<path>    try this FerretDB binary first
 *   ROSTER_FERRETDB_PATCH=0   build FerretDB without scripts/ferretdb/*.patch (docs/ferretdb.md)
 *   ROSTER_SERVICES_TIMEOUT   seconds to wait for readiness (default 60)
 *   ROSTER_REDIS_PORT / ROSTER_MONGO_PORT   override the ports (default 6479 / 27417)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMain, setLogTag } from './log.ts';
import { down, envLines, install, parseServices, status, up } from './stack.ts';
import { ensureStoreBinary } from './store.ts';

/** The comment above, as help text. */
const usage = (): number => {
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const help = source.slice(source.indexOf('/**') + 3, source.indexOf('*/')).replace(/^ \*( |$)/gm, '');
  process.stderr.write(`${help.trim()}\n`);
  return 2;
};

const main = async (command: string | undefined, args: string[]): Promise<number> => {
  switch (command) {
    case 'up':
      await up({ startedFile: process.env.ROSTER_STARTED_FILE || undefined });
      process.stdout.write(envLines());
      return 0;
    case 'down':
      await down(parseServices(args));
      return 0;
    case 'status':
      return (await status()) ? 0 : 1;
    case 'env':
      process.stdout.write(envLines());
      return 0;
    case 'install':
      await install();
      return 0;
    case 'store-binary': {
      const binary = await ensureStoreBinary();
      process.stdout.write(`${binary.kind} ${binary.path}\n`);
      return 0;
    }
    default:
      return usage();
  }
};

setLogTag('services');
runMain(() => main(process.argv[2], process.argv.slice(3)));
