/**
 * The top frames by self time of each V8 CPU profile (`--cpu-prof`) in a folder: the text
 * form of a flame graph's widest leaves, enough to see where a service spends its CPU.
 * The `.cpuprofile` files open as flame graphs in Chrome DevTools or speedscope.
 *
 *   node --import tsx scripts/bench/profile-summary.ts DIR [--top 15]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const frameName = ({ callFrame }: ProfileNode): string => {
  const file = callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*\/(packages|services)\//, '$1/');
  return `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
};

/** Each service's folder (launch.ts writes one per service): its profiles, every thread, summed. */
export function summariseProfiles(dir: string, top = 15): void {
  for (const service of readdirSync(dir).sort()) {
    const files = readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'));
    const selfMs = new Map<string, number>();
    let totalMs = 0;
    for (const file of files) totalMs += addSelfTimes(join(dir, service, file), selfMs);
    console.log(`\n${service}: ${(totalMs / 1000).toFixed(1)} CPU-s sampled; top frames by self time`);
    for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${name}`);
  }
}

/** Adds one profile's self time per frame to `selfMs`; returns the profile's busy time. */
function addSelfTimes(file: string, selfMs: Map<string, number>): number {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const idle = new Set(['(idle)', '(program)']);
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined || idle.has(node.callFrame.functionName)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const name = frameName(node);
    selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
  });
  return totalMs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: profile-summary.ts DIR [--top N]');
  const topAt = process.argv.indexOf('--top');
  summariseProfiles(dir, topAt > 0 ? Number(process.argv[topAt + 1]) : 15);
}
