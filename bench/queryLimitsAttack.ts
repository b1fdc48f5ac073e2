/**
 * `npx tsx bench/queryLimitsAttack.ts`: issue 15's attack, measured (numbers, not pass/fail).
 * Four parallel 10,000-alias `userOrders` queries (~0.7 MB each) while a client sends normal
 * createOrder requests one after another; prints the attack's answer time, the normal requests'
 * latency during it, and the server's RSS before, at peak and 5 s after.
 */
import { readFileSync } from 'node:fs';
import { createOrder, gql, startLocalServer } from '../harness/localServer.js';

const rssMb = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
};

const server = await startLocalServer({ launcher: 'tsx' });
const pid = server.process.pid!;
try {
  for (let i = 0; i < 50; i += 1) await createOrder(server, { store_id: 'bench', order_id: `warm${i}`, user_id: 'u', grand_total: 1 });
  const quiet: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const t = performance.now();
    await createOrder(server, { store_id: 'bench', order_id: `q${i}`, user_id: 'u', grand_total: 1 });
    quiet.push(performance.now() - t);
  }
  quiet.sort((a, b) => a - b);
  const baseline = rssMb(pid);
  const query = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: userOrders(store_id: "s", user_id: "u${i}") { items { order_id } }`).join('\n')} }`;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const started = performance.now();
  const attack = Promise.all(
    Array.from({ length: 4 }, async () => {
      const { body } = await gql(server, query);
      return { ms: performance.now() - started, errorType: body.errors?.[0]?.errorType };
    }),
  );
  const latencies: number[] = [];
  let done = false;
  void attack.then(() => (done = true));
  for (let i = 0; !done || i < 20; i += 1) {
    const t = performance.now();
    const { body } = await createOrder(server, { store_id: 'bench', order_id: `n${i}`, user_id: 'u', grand_total: 1 });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    latencies.push(performance.now() - t);
  }
  const answers = await attack;
  await new Promise((r) => setTimeout(r, 5_000));
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        querySizeKB: Math.round(query.length / 1024),
        attackAnswersMs: answers.map((a) => Math.round(a.ms)),
        attackErrorType: answers[0]?.errorType,
        quietMedianMs: Math.round(quiet[10]!),
        quietMaxMs: Math.round(quiet.at(-1)!),
        normalRequests: latencies.length,
        normalMaxMs: Math.round(latencies.at(-1)!),
        normalMedianMs: Math.round(latencies[Math.floor(latencies.length / 2)]!),
        rssMb: { baseline, peak, after5s: rssMb(pid) },
      },
      null,
      1,
    ),
  );
} finally {
  await server.stop();
}
