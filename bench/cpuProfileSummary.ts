/**
 * `npx tsx bench/cpuProfileSummary.ts <file.cpuprofile> [top]`: where a thread's busy time went
 * (idle excluded). Prints the top functions by self time, then shares by area: a sample counts
 * for an area when any frame of its stack belongs to it (inclusive), so areas overlap.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Areas of the request path, by the frame's file (or name, for built-ins). */
const AREAS: [string, (url: string, name: string) => boolean][] = [
  ['graphql-js', (u) => u.includes('/node_modules/graphql/')],
  ['executor.ts', (u) => u.endsWith('/local/engine/executor.ts')],
  ['runUnitResolver.ts', (u) => u.endsWith('/local/engine/runUnitResolver.ts')],
  ['APPSYNC_JS runtime (local/engine/runtime, vm code)', (u) => u.includes('/local/engine/runtime/') || /^[A-Z]\w*\.\w+\.js$/.test(u)],
  ['data source (local/engine/dataSources)', (u) => u.includes('/local/engine/dataSources/')],
  ['store client (local/store)', (u) => u.includes('/local/store/')],
  ['dynalite: expression parsers', (u) => /\/node_modules\/dynalite\/db\/\w+Parser\.js$/.test(u)],
  ['dynalite: validations', (u) => u.includes('/node_modules/dynalite/validations/')],
  ['dynalite: getTable', (_u, n) => n === 'getTable'],
  ['LevelDB (abstract-level, classic-level)', (u) => /\/node_modules\/(abstract|classic)-level\//.test(u)],
  ['AWS SDK (@aws-sdk, @smithy)', (u) => u.includes('/@aws-sdk/') || u.includes('/@smithy/')],
  [
    'graphqlRoute + http (local/graphql, local/http, local/http/server.ts)',
    (u) => /\/local\/(appsync\/graphql\w*|http\/\w+|server)\.ts$/.test(u),
  ],
  ['auth (local/auth)', (u) => u.includes('/local/auth/')],
  ['logging (local/logging)', (u) => u.includes('/local/logging/')],
  ['REST shim (local/rest)', (u) => u.includes('/local/rest/')],
  ['velocityjs', (u) => u.includes('/node_modules/velocityjs/')],
  ['ajv', (u) => u.includes('/node_modules/ajv')],
  ['node:http / net / stream', (u) => /^node:(_http|http|net|stream|internal\/(streams|http|net|stream_base))/.test(u)],
  ['JSON.parse / JSON.stringify', (u, n) => u === '' && (n === 'parse' || n === 'stringify')],
  ['garbage collector', (_u, n) => n === '(garbage collector)'],
];

const file = process.argv[2];
if (!file) throw new Error('usage: cpuProfileSummary.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|local|definitions)\//, '$1/');
const keyOf = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;

const self = new Map<string, number>();
const areas = new Map<string, number>();
let busy = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  const node = byId.get(profile.samples[i]!)!;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  if (node.callFrame.functionName === '(idle)') continue;
  busy += dt;
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + dt);
  const hit = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const { url, functionName } = byId.get(id)!.callFrame;
    for (const [area, test] of AREAS) if (test(url, functionName)) hit.add(area);
  }
  for (const area of hit) areas.set(area, (areas.get(area) ?? 0) + dt);
}

const pct = (us: number): string => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: busy ${(busy / 1000).toFixed(0)} ms`);
console.log('\nself time, top functions:');
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${key}`);
console.log('\ninclusive, by area (overlapping):');
for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`${pct(us)}  ${area}`);
