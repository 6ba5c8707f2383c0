/**
 * Process supervision by PID file: the launcher only ever stops a process whose PID it wrote
 * (or the service wrote for it) and that still runs the program it started, so a recycled PID
 * or a service someone else started is never touched.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { log } from './log.ts';
import { sleep } from './exec.ts';

export const readPid = (file: string): number | undefined => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
};

/** Alive, and not a zombie waiting for its parent (a zombie still answers kill 0). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill 0 is all we know
  }
};

/** The process's command name (`ps -o comm=`), or undefined when it cannot be told. */
const processName = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    const ps = spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' });
    if (ps.error !== undefined) return undefined; // no ps: cannot check the name
    return ps.status === 0 ? ps.stdout.trim() : '';
  }
};

/**
 * The PID in the file is alive. Used while a service starts: until it has exec'd, its
 * process name may still be that of a launcher, not the program's.
 */
export const pidFileAlive = (file: string): boolean => {
  const pid = readPid(file);
  return pid !== undefined && isAlive(pid);
};

/** The PID in the file is alive and (still) runs the named program; undefined otherwise. */
export const runningPid = (file: string, name: string): number | undefined => {
  const pid = readPid(file);
  if (pid === undefined || !isAlive(pid)) return undefined;
  const comm = processName(pid);
  return comm === undefined || comm.includes(name) ? pid : undefined;
};

/** Waits until the PID is gone; false if it is still there after `ms`. */
export const waitForExit = async (pid: number, ms: number): Promise<boolean> => {
  const deadline = performance.now() + ms;
  while (isAlive(pid)) {
    if (performance.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
};

/**
 * Stops the program named in the PID file: SIGTERM, up to 10 s, then SIGKILL. Returns false
 * (and removes a stale file) when it was not running.
 */
export const stopByPidFile = async (file: string, name: string, label: string): Promise<boolean> => {
  const pid = runningPid(file, name);
  if (pid === undefined) {
    rmSync(file, { force: true });
    return false;
  }
  log(`${label}: stopping pid ${pid}`);
  signal(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 10_000))) {
    log(`${label}: still running after 10 s, sending SIGKILL`);
    signal(pid, 'SIGKILL');
  }
  rmSync(file, { force: true });
  return true;
};

/** kill(2) that ignores a process that is already gone. */
export const signal = (pid: number, name: NodeJS.Signals): void => {
  try {
    process.kill(pid, name);
  } catch {
    // already exited
  }
};
