/**
 * Docker: when an engine answers, `up` runs the compose file's mongo and redis services.
 *
 * Marker files in .local/docker/ remember two different things per service:
 * `<svc>.in-use`  this checkout gets the service from compose (decides the URL);
 * `<svc>.started` this launcher started the container, so `down` may stop it.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPOSE_ENV, COMPOSE_FILE, paths, useDocker } from './config.ts';
import { capture, run, succeeds, which } from './exec.ts';
import { fail, log } from './log.ts';

export type DockerService = 'redis' | 'mongo';

let answer: Promise<boolean> | undefined;

/** An engine answers and compose v2 is there (asked once per run; ROSTER_USE_DOCKER=0 says no). */
export const dockerAvailable = (): Promise<boolean> =>
  (answer ??= (async () => {
    if (!useDocker || which('docker') === undefined) return false;
    if (!(await succeeds('docker', ['info'], { timeoutMs: 5000 }))) return false;
    if (await succeeds('docker', ['compose', 'version'])) return true;
    log("a Docker engine answers but 'docker compose' (v2) is missing: using local binaries");
    return false;
  })());

const marker = (svc: DockerService, kind: 'in-use' | 'started'): string =>
  join(paths.dockerDir, `${svc}.${kind}`);

export const inUse = (svc: DockerService): boolean => existsSync(marker(svc, 'in-use'));
export const startedByUs = (svc: DockerService): boolean => existsSync(marker(svc, 'started'));
export const clearInUse = (svc: DockerService): void => rmSync(marker(svc, 'in-use'), { force: true });

const compose = (args: string[], timeoutMs?: number) =>
  run('docker', ['compose', '-f', COMPOSE_FILE, ...args], {
    env: COMPOSE_ENV,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

/** `docker compose up -d --wait` for the services; `started` is called for each one not yet running. */
export const composeUp = async (
  services: DockerService[],
  started: (svc: DockerService) => void,
): Promise<void> => {
  if (services.length === 0) return;
  if (!existsSync(COMPOSE_FILE)) fail(`${COMPOSE_FILE} is missing`);
  mkdirSync(paths.dockerDir, { recursive: true });
  for (const svc of services) {
    const ps = await capture(
      'docker',
      ['compose', '-f', COMPOSE_FILE, 'ps', '-q', '--status', 'running', svc],
      {
        env: COMPOSE_ENV,
      },
    );
    if (ps.stdout.trim() === '') {
      writeFileSync(marker(svc, 'started'), '');
      started(svc);
    } else {
      log(`${svc}: docker container already running`);
    }
    writeFileSync(marker(svc, 'in-use'), '');
  }
  log(`docker compose up -d --wait ${services.join(' ')}`);
  // Pulling images on a first run can take minutes.
  if ((await compose(['up', '-d', '--wait', ...services], 900_000)).code !== 0) {
    fail(`docker compose up failed (try: docker compose logs ${services.join(' ')})`);
  }
};

/** Stops a container this launcher started and forgets it. */
export const composeStop = async (svc: DockerService): Promise<void> => {
  if (await dockerAvailable()) {
    log(`${svc}: docker compose stop ${svc}`);
    if ((await compose(['stop', svc])).code !== 0) log(`${svc}: docker compose stop failed`);
  } else {
    log(`${svc}: was started with Docker, but no Docker engine answers now`);
  }
  rmSync(marker(svc, 'started'), { force: true });
  clearInUse(svc);
};
