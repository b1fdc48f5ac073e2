/**
 * `npm run dev`: save → new behaviour. Runs `local/main.ts --watch` in a temporary copy of the
 * project, saves resolvers/Query.userOrders.ts with a new DEFAULT_LIMIT and times, from the
 * write, how long until a userOrders request answers with the new limit (requests back to back),
 * next to the reloader's own figure (rebuild + APPSYNC_JS check + swap). Separate from
 * bench/run.ts. Run: `npx tsx bench/hotReload.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrder, startLocalServer, userOrders } from '../harness/localServer.js';
import { copyProject } from '../harness/projectCopy.js';
import { median, percentile } from './stats.js';

const SAVES = Number(process.env.HOT_RELOAD_SAVES ?? 20);
const DEFAULT_LIMIT = /const DEFAULT_LIMIT = [^;\n]*;/;

const copy = copyProject('orders-hot-reload-');
const server = await startLocalServer({ launcher: 'tsx', projectDir: copy.dir, args: ['--watch'] });
try {
  const store_id = 'bench-hot';
  for (let i = 0; i < 8; i += 1) await createOrder(server, { store_id, order_id: `o-${i}`, user_id: 'u1', grand_total: i });
  const count = async (): Promise<number> =>
    ((await userOrders(server, { store_id, user_id: 'u1' })).body.data as { userOrders: { items: unknown[] } }).userOrders.items.length;
  const path = join(copy.dir, 'resolvers', 'Query.userOrders.ts');
  const saveToEffect: number[] = [];
  const reloader: number[] = [];
  for (let save = 0; save < SAVES; save += 1) {
    const limit = 2 + (save % 5);
    if ((await count()) === limit) continue;
    const before = server.output().length;
    await new Promise((resolve) => setTimeout(resolve, 120)); // past chokidar's 50 ms change throttle and our settle look
    const started = performance.now();
    writeFileSync(path, readFileSync(path, 'utf8').replace(DEFAULT_LIMIT, `const DEFAULT_LIMIT = ${limit};`));
    while ((await count()) !== limit) {
      if (performance.now() - started > 10_000) throw new Error(`no reload in 10 s:\n${server.output().slice(before)}`);
    }
    saveToEffect.push(performance.now() - started);
    const said = /reloaded \(Query\.userOrders\) in ([\d.]+) ms/.exec(server.output().slice(before));
    if (said) reloader.push(Number(said[1]));
  }
  const sorted = [...saveToEffect].sort((a, b) => a - b);
  const line = (label: string, values: number[]): string => {
    const s = [...values].sort((a, b) => a - b);
    return `| ${label} | ${median(s).toFixed(1)} ms | ${percentile(s, 95).toFixed(1)} ms | ${s[s.length - 1]!.toFixed(1)} ms | ${s.length} |`;
  };
  console.log('| npm run dev (hot reload) | median | p95 | max | saves |\n|---|---|---|---|---|');
  console.log(line('save → a request sees the new DEFAULT_LIMIT', sorted));
  if (reloader.length > 0) console.log(line("reloader's own time (rebuild, APPSYNC_JS check, swap)", reloader));
} finally {
  await server.stop();
  copy.remove();
}
