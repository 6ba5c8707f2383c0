/**
 * FerretDB v1.24.2, found or built.
 *
 * A plain `go install …/cmd/ferretdb@v1.24.2` builds a binary that panics at start ("Invalid
 * build/version/version.txt file content"): the module zip lacks the generated
 * build/version/version.txt. So every candidate is checked with `--version`, and when none
 * works we build from a copy of the module source with version.txt written in, into a
 * per-user cache that survives fresh clones (and CI runs on the same machine).
 *
 * Unless ROSTER_FERRETDB_PATCH=0, the build applies scripts/ferretdb/*.patch (docs/ferretdb.md):
 * `_id` lookups that use the `_id` index, and an `update` command that no longer holds one
 * SQLite connection per matched statement until it ends.
 */
import { chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as config from './config.ts';
import { capture, isExecutable, run, succeeds, which } from './exec.ts';
import { elapsed, fail, log } from './log.ts';

const CACHED = join(config.FERRETDB_CACHE, 'ferretdb');

/** The binary starts at all (a version.txt-less build panics even on `--version`). */
export const ferretdbWorks = async (binary: string): Promise<boolean> =>
  isExecutable(binary) && (await succeeds(binary, ['--version'], { timeoutMs: 10_000 }));

const goEnv = async (...names: string[]): Promise<string[]> => {
  if (which('go') === undefined) return [];
  const { code, stdout } = await capture('go', ['env', ...names]);
  return code === 0 ? stdout.split('\n') : [];
};

/** A working FerretDB binary that is already there, or undefined. */
export const findFerretdb = async (): Promise<string | undefined> => {
  const onPath = which('ferretdb');
  const [gobin = '', gopath = ''] = await goEnv('GOBIN', 'GOPATH');
  // A copy built by this launcher wins over others only when nothing else was asked for.
  if (
    config.ferretdbOverride === undefined &&
    (await ferretdbWorks(CACHED)) &&
    !(onPath !== undefined && (await ferretdbWorks(onPath)))
  ) {
    return CACHED;
  }
  const candidates = [
    config.ferretdbOverride,
    onPath,
    gobin === '' ? undefined : join(gobin, 'ferretdb'),
    gopath === '' ? undefined : join(gopath.split(':')[0] ?? '', 'bin', 'ferretdb'),
    join(homedir(), 'go', 'bin', 'ferretdb'),
    CACHED,
  ];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === undefined || seen.has(candidate) || !isExecutable(candidate)) continue;
    seen.add(candidate);
    if (await ferretdbWorks(candidate)) return candidate;
    log(
      `ignoring ${candidate}: \`${candidate} --version\` fails (a plain \`go install\` build panics: no version.txt)`,
    );
  }
  return undefined;
};

const goAtLeast = async (major: number, minor: number): Promise<boolean> => {
  const [version = ''] = await goEnv('GOVERSION');
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (match === null) return false;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
};

/** Go without a workspace or user flags: the module must build exactly as published. */
const GO_ENV = { GOWORK: 'off', GOFLAGS: '' };

/** Where `go mod download` put the module's (read-only) source. */
const downloadModule = async (work: string): Promise<string> => {
  const module = `${config.FERRETDB_MODULE}@${config.FERRETDB_VERSION}`;
  const { code, stdout } = await capture('go', ['mod', 'download', '-json', module], {
    cwd: work,
    env: GO_ENV,
  });
  let dir = '';
  try {
    dir = code === 0 ? ((JSON.parse(stdout) as { Dir?: string }).Dir ?? '') : '';
  } catch {
    // reported below
  }
  if (dir === '' || !statSync(join(dir, 'cmd', 'ferretdb'), { throwIfNoEntry: false })?.isDirectory()) {
    fail(`go mod download ${module} failed`);
  }
  return dir;
};

/** Copies the module cache's read-only tree and makes it writable, so patches can apply. */
const copyWritable = (from: string, to: string): void => {
  cpSync(from, to, { recursive: true });
  for (const entry of readdirSync(to, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    chmodSync(path, statSync(path).mode | 0o200);
  }
  chmodSync(to, statSync(to).mode | 0o200);
};

const applyPatches = async (src: string): Promise<void> => {
  const patches = readdirSync(config.FERRETDB_PATCHES).filter((name) => name.endsWith('.patch'));
  for (const name of patches.sort()) {
    const file = join(config.FERRETDB_PATCHES, name);
    const input = openSync(file, 'r');
    const { code } = await run('patch', ['-s', '-p1', '-d', src], { stdin: input });
    closeSync(input);
    if (code !== 0) fail(`could not apply ${file} (set ROSTER_FERRETDB_PATCH=0 to build without it)`);
    log(`applied ${name}`);
  }
};

const buildFerretdb = async (): Promise<void> => {
  const started = performance.now();
  log(
    `building FerretDB ${config.FERRETDB_VERSION} from source into ${config.FERRETDB_CACHE} (first time takes a few minutes)`,
  );
  const work = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'roster-ferretdb.'));
  try {
    const src = join(work, 'src');
    copyWritable(await downloadModule(work), src);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${config.FERRETDB_VERSION}\n`);
    if (config.ferretdbPatched) await applyPatches(src);
    mkdirSync(config.FERRETDB_CACHE, { recursive: true });
    const args = ['build', '-trimpath', '-buildvcs=false', '-o', `${CACHED}.tmp`, './cmd/ferretdb'];
    if ((await run('go', args, { cwd: src, env: GO_ENV })).code !== 0) fail('go build of FerretDB failed');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  renameSync(`${CACHED}.tmp`, CACHED);
  if (!(await ferretdbWorks(CACHED))) fail(`the freshly built ${CACHED} does not start`);
  log(`FerretDB built in ${elapsed(started)} s`);
};

/** A working FerretDB binary: found, or built when Go ≥ 1.24 is there. */
export const ensureFerretdb = async (): Promise<string> => {
  const found = await findFerretdb();
  if (found !== undefined) return found;
  if (await goAtLeast(1, 24)) {
    await buildFerretdb();
    return CACHED;
  }
  return fail(`no MongoDB-compatible store found. Either install Go >= 1.24 (this script then builds
  FerretDB ${config.FERRETDB_VERSION} itself), or put mongod on PATH, or start a Docker engine, or set MONGO_URL.`);
};
