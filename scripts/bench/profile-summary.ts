/**
 * Where each service spent its CPU, from the V8 CPU profiles (`--cpu-prof`) in a folder: the
 * text form of a flame graph. Two views per service: the top frames by self time (the widest
 * leaves), and the time by owner, each sample charged to the nearest frame on its stack that
 * belongs to a package (an npm package, a Roster package or service) so native work such as
 * socket writes is charged to the library that asked for it. The `.cpuprofile` files open as
 * flame graphs in Chrome DevTools or speedscope.
 *
 *   node --import tsx scripts/bench/profile-summary.ts DIR [--top 15]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

const frameName = ({ callFrame }: ProfileNode): string => {
  const file = callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*\/(packages|services)\//, '$1/');
  return `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
};

/** The npm package, or Roster package/service, a frame's code belongs to; undefined for Node's own. */
const ownerOf = ({ callFrame }: ProfileNode): string | undefined => {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(callFrame.url);
  if (npm !== null) return npm[1];
  const roster = /\/(packages|services)\/([^/]+)\//.exec(callFrame.url);
  return roster === null ? undefined : `@roster/${roster[2]}`;
};

interface Totals {
  busyMs: number;
  bySelf: Map<string, number>;
  byOwner: Map<string, number>;
}

/** Adds one profile's samples to `totals`. */
function addProfile(file: string, totals: Totals): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined || IDLE.has(node.callFrame.functionName)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totals.busyMs += ms;
    add(totals.bySelf, frameName(node), ms);
    let owner: string | undefined;
    for (let at: number | undefined = id; at !== undefined && owner === undefined; at = parentOf.get(at)) {
      const frame = byId.get(at);
      owner = frame === undefined ? undefined : ownerOf(frame);
    }
    add(
      totals.byOwner,
      owner ?? (node.callFrame.functionName === '(garbage collector)' ? '(gc)' : '(node)'),
      ms,
    );
  });
}

/** Each service's folder (launch.ts writes one per service): its profiles, every thread, summed. */
export function summariseProfiles(dir: string, top = 15): void {
  for (const service of readdirSync(dir).sort()) {
    const files = readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'));
    const totals: Totals = { busyMs: 0, bySelf: new Map(), byOwner: new Map() };
    for (const file of files) addProfile(join(dir, service, file), totals);
    const share = (ms: number): string => `${((100 * ms) / totals.busyMs).toFixed(1).padStart(5)} %`;
    const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`\n${service}: ${(totals.busyMs / 1000).toFixed(1)} CPU-s sampled`);
    console.log('  by owner (package whose code is on the stack):');
    for (const [owner, ms] of ranked(totals.byOwner)) console.log(`  ${share(ms)}  ${owner}`);
    console.log('  top frames by self time:');
    for (const [name, ms] of ranked(totals.bySelf)) console.log(`  ${share(ms)}  ${name}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: profile-summary.ts DIR [--top N]');
  const topAt = process.argv.indexOf('--top');
  summariseProfiles(dir, topAt > 0 ? Number(process.argv[topAt + 1]) : 15);
}
