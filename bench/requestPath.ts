/**
 * `npx tsx bench/requestPath.ts [scenario...]`: the server's own CPU per request, per operation —
 * the figure the throughput ratios of `npm run bench` hinge on (on 2 cores every microsecond of the
 * server's main thread is taken from the load generator and the store). For each scenario a fresh
 * server, a warm-up, then REQUESTS calls at 16 in flight; reported: req/s, the main thread's CPU
 * per request (/proc/<pid>/task/<pid>/stat) and the whole process's (store worker included).
 *
 *   REQUESTS (default 3000)   calls per scenario, after WARMUP (default 500) warm-up calls
 *   BASE_DIR, ROUNDS          A/B: each scenario also on the project copy in BASE_DIR (node_modules
 *                             linked), alternating ROUNDS times; prints the means before → after
 *   SERVER_NODE_OPTIONS       NODE_OPTIONS for the server only (e.g. V8 heap flags to compare)
 *   LAUNCHER                  `start` (default: what `npm start` runs, the esbuild build) or `tsx` (the sources, as the tests run them)
 *   PROFILE_DIR               when set, the server's main thread and its store worker are profiled
 *                             (bench/cpuProfileHook.cjs) over the measured calls only, into <scenario>.cpuprofile
 *                             and <scenario>.store.cpuprofile there; read them with bench/cpuProfileSummary.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { CREATE, LIST, LIST5, jsonPoster } from './postJson.js';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../definitions/paths.js';
import { quietNodeVersionNotice } from '../local/sdkNotice.js';
import { startLocalServer } from '../harness/localServer.js';
import { runLoad } from './stats.js';

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const WARMUP = Number(process.env.WARMUP ?? 500);
const CONCURRENCY = 16;

type Body = Record<string, unknown>;
type Post = (path: string, body: Body) => Promise<Body>;

const items = (body: Body): number => ((body.data as Body | null)?.userOrders as { items?: unknown[] } | undefined)?.items?.length ?? -1;

/** Each scenario: one call (true on success), and the seeding it needs first. */
const SCENARIOS: Record<string, { seed?: (post: Post) => Promise<void>; one: (post: Post, i: number) => Promise<boolean> }> = {
  createOrder: {
    one: async (post, i) =>
      !!(
        (
          await post('/graphql', {
            query: CREATE,
            variables: { input: { store_id: 's', order_id: `o${i}`, user_id: `u${i % 100}`, grand_total: (i % 10000) / 100 } },
          })
        ).data as Body | null
      )?.createOrder,
  },
  userOrders: {
    seed: seedReader,
    one: async (post) =>
      items(await post('/graphql', { query: LIST, variables: { store_id: 'small', user_id: 'reader', limit: 10 } })) === 10,
  },
  newOrder: {
    one: async (post, i) =>
      (await post('/new-order', { store_id: 'r', order_id: `o${i}`, user_id: `u${i % 100}`, grand_total: (i % 10000) / 100 }))
        .statusCode === 201,
  },
  userOrders5: {
    seed: seedReader,
    one: async (post) => items(await post('/graphql', { query: LIST5, variables: { store_id: 'small', user_id: 'reader' } })) === 5,
  },
  restUserOrders: {
    seed: seedReader,
    one: async (post) =>
      ((await post('/user-orders', { store_id: 'small', user_id: 'reader' })).orders as unknown[] | undefined)?.length === 5,
  },
};

async function seedReader(post: Post): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    const input = { store_id: 'small', order_id: `seed${i}`, user_id: 'reader', grand_total: i };
    await post('/graphql', { query: CREATE, variables: { input } });
  }
}

/** CPU ms per thread name (`comm`: node main thread, the store's worker, libuv pool, V8 helpers). */
function threadsCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      // Threads share the name `node` on some builds: tell them apart by id.
      const key = Number(tid) === pid ? 'main' : `${name}#${tid}`;
      out.set(key, (out.get(key) ?? 0) + cpuMs(pid, Number(tid)));
    } catch {
      /* thread gone */
    }
  }
  return out;
}

/** CPU ms (user + system) of one thread (`tid`) or of the whole process (`tid` undefined). */
function cpuMs(pid: number, tid?: number): number {
  const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function run(name: string, projectDir?: string): Promise<Record<string, number>> {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  const dir = process.env.PROFILE_DIR;
  const hook = join(projectRoot, 'bench', 'cpuProfileHook.cjs');
  const nodeOptions = [process.env.SERVER_NODE_OPTIONS ?? '', dir ? `--require ${hook}` : ''].join(' ').trim();
  const env: Record<string, string> = {
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    ...(dir ? { CPU_PROFILE_FILE: join(dir, `${name}${projectDir ? '.base' : ''}.cpuprofile`) } : {}),
  };
  const launcher = process.env.LAUNCHER === 'tsx' ? 'tsx' : 'start';
  const server = await startLocalServer({ env, launcher, ...(projectDir ? { projectDir } : {}) });
  const pid = server.process.pid!;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post: Post = jsonPoster(server.url, server.apiKey, agent);
  try {
    await scenario.seed?.(post);
    await runLoad(WARMUP, CONCURRENCY, (i) => scenario.one(post, 1_000_000 + i));
    if (dir) {
      server.process.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const main0 = cpuMs(pid, pid);
    const all0 = cpuMs(pid);
    const threads0 = threadsCpuMs(pid);
    const result = await runLoad(REQUESTS, CONCURRENCY, (i) => scenario.one(post, i));
    const main = (cpuMs(pid, pid) - main0) / REQUESTS;
    const all = (cpuMs(pid) - all0) / REQUESTS;
    const threads = [...threadsCpuMs(pid)]
      .map(([t, ms]) => [t, (ms - (threads0.get(t) ?? 0)) / REQUESTS] as const)
      .filter(([, ms]) => ms >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([t, ms]) => `${t} ${ms.toFixed(3)}`)
      .join(', ');
    if (dir) {
      server.process.kill('SIGUSR2'); // stop: both threads write their profiles
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const label = projectDir ? `${name} [${projectDir}]` : name;
    console.log(
      `${label.padEnd(15)} ${result.perSecond.toFixed(0).padStart(6)} req/s  main thread ${main.toFixed(3)} ms/req  process ${all.toFixed(3)} ms/req  failures ${result.failures}\n${''.padEnd(16)}by thread (ms/req): ${threads}`,
    );
    return { perSecond: result.perSecond, main, all };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

quietNodeVersionNotice();
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SCENARIOS);
console.log(`load average ${loadavg()[0]!.toFixed(2)}, ${REQUESTS} requests per scenario, ${CONCURRENCY} in flight`);
const base = process.env.BASE_DIR;
const rounds = Number(process.env.ROUNDS ?? 1);
for (const name of names) {
  const sums = { base: { main: 0, all: 0, perSecond: 0 }, here: { main: 0, all: 0, perSecond: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    // A/B: the other tree (BASE_DIR, e.g. `git archive HEAD`) and this one, interleaved.
    for (const side of base ? (['base', 'here'] as const) : (['here'] as const)) {
      const m = await run(name, side === 'base' ? base : undefined);
      for (const k of ['main', 'all', 'perSecond'] as const) sums[side][k] += m[k]! / rounds;
    }
  }
  if (base)
    console.log(
      `${name}: main thread ${sums.base.main.toFixed(3)} → ${sums.here.main.toFixed(3)} ms/req, process ${sums.base.all.toFixed(3)} → ${sums.here.all.toFixed(3)} ms/req, ${sums.base.perSecond.toFixed(0)} → ${sums.here.perSecond.toFixed(0)} req/s (mean of ${rounds})`,
    );
}
console.log(`load average ${loadavg()[0]!.toFixed(2)}`);
