/** Latency bookkeeping for the benchmarks: bounded request loops at a fixed concurrency. */

export interface RunResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

/**
 * Runs `requests` calls of `one(i)` with `concurrency` in flight at all times; `one` resolves
 * true on success. `tick` is called after each call (for the progress bar).
 */
export async function runLoad(
  requests: number,
  concurrency: number,
  one: (i: number) => Promise<boolean>,
  tick: () => void = () => {},
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const t0 = process.hrtime.bigint();
        const ok = await one(i).catch(() => false);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (!ok) failures += 1;
        tick();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { requests, seconds, perSecond: requests / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}
