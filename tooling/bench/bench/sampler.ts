/**
 * The interleaved sampler, after @strata/crypto's bench runner
 * (packages/crypto/bench/primitives.bench.ts): time is this process's CPU
 * time (user + system), so other processes of a shared machine do not count
 * against whoever happened to be running; every case runs one sample per
 * round, in an order that rotates from round to round, each after a garbage
 * collection, so slow drift of the machine hits all cases alike; figures are
 * medians with min–max, and a ratio is the median of the per-round ratios
 * (paired samples, which cancels most of the noise).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** CPU time of this process, in milliseconds. BENCH_CLOCK=wall uses wall time. */
export const cpuMs: () => number =
  process.env['BENCH_CLOCK'] === 'wall'
    ? () => performance.now()
    : () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      };

/** A full garbage collection when `gc` can be exposed (the bench script passes --expose-gc). */
export const collectGarbage: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return () => g();
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // not available: measure without
  }
  return () => {};
})();

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function stats(xs: readonly number[]): Stats {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: [...xs] };
}

/**
 * One case of a run. `sample(budgetMs)` does some work taking roughly
 * `budgetMs` of CPU time and returns a rate (operations or bytes per CPU
 * second); it may be async (sockets). `warmUp` runs once before the rounds.
 */
export interface Case {
  readonly key: string;
  readonly sample: (budgetMs: number) => number | Promise<number>;
  readonly warmUp?: () => void | Promise<void>;
}

/**
 * Runs `fn` repeatedly until `budgetMs` of CPU time has passed (at least
 * `minCalls` times); returns calls per CPU second.
 */
export async function rateOf(fn: () => unknown, budgetMs: number, minCalls = 1): Promise<number> {
  let calls = 0;
  const start = cpuMs();
  let now = start;
  while (calls < minCalls || now - start < budgetMs) {
    const r = fn();
    if (r instanceof Promise) await r;
    calls++;
    now = cpuMs();
  }
  return (calls * 1000) / Math.max(now - start, 1e-3);
}

/** Synchronous `rateOf`, without the per-call promise check. */
export function rateOfSync(fn: () => unknown, budgetMs: number, minCalls = 1): number {
  let calls = 0;
  let sink: unknown;
  const start = cpuMs();
  let now = start;
  while (calls < minCalls || now - start < budgetMs) {
    sink = fn();
    calls++;
    now = cpuMs();
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (calls * 1000) / Math.max(now - start, 1e-3);
}

export interface RunResult {
  readonly stats: ReadonlyMap<string, Stats>;
  /** The per-round samples, by key, in round order (for paired ratios). */
  readonly rounds: ReadonlyMap<string, readonly number[]>;
}

/**
 * Warms every case up, then runs `rounds` rounds; in round r the cases run
 * in the order rotated by r, each after a garbage collection.
 */
export async function runInterleaved(
  cases: readonly Case[],
  rounds: number,
  budgetMs: number,
  progress?: (done: number, total: number) => void,
): Promise<RunResult> {
  for (const c of cases) await c.warmUp?.();
  const samples = new Map<string, number[]>(cases.map((c) => [c.key, []]));
  const total = rounds * cases.length;
  let done = 0;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(round + k) % cases.length]!;
      collectGarbage();
      samples.get(c.key)!.push(await c.sample(budgetMs));
      progress?.(++done, total);
    }
  }
  const out = new Map<string, Stats>();
  for (const [key, xs] of samples) out.set(key, stats(xs));
  return { stats: out, rounds: samples };
}

/** Median of the per-round ratios a[i] / b[i]. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(a[i]! / b[i]!);
  return median(ratios);
}

export interface PairedResult {
  /** Median of the per-pair ratios timeB / timeA, i.e. throughput of A over throughput of B. */
  readonly median: number;
  /** Distribution-free ~95% interval of the median (order statistics of a binomial(n, 1/2)). */
  readonly low: number;
  readonly high: number;
  readonly ratios: readonly number[];
}

/**
 * Paired short blocks, as @strata/record's bench does: `a` and `b` each
 * return the CPU milliseconds of one block of equal work; they run back to
 * back, in alternating order, each after a garbage collection, `pairs`
 * times. Two blocks of a pair are a fraction of a second apart, so the
 * machine's drift cancels in their ratio.
 */
export function pairedBlocks(a: () => number, b: () => number, pairs: number): PairedResult {
  a();
  b();
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let ta = 0;
    let tb = 0;
    for (const which of i % 2 ? ['b', 'a'] : ['a', 'b']) {
      collectGarbage();
      if (which === 'a') ta = a();
      else tb = b();
    }
    ratios.push(tb / Math.max(ta, 1e-6));
  }
  return pairedSummary(ratios);
}

/** Median of paired ratios with its distribution-free ~95% interval. */
export function pairedSummary(ratios: readonly number[]): PairedResult {
  const sorted = [...ratios].sort((x, y) => x - y);
  const k = Math.max(0, Math.floor(sorted.length / 2 - Math.sqrt(sorted.length)));
  return {
    median: median(sorted),
    low: sorted[k]!,
    high: sorted[sorted.length - 1 - k]!,
    ratios: [...ratios],
  };
}
