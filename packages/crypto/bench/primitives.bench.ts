/**
 * `pnpm bench`: every primitive of the noble provider, next to the same
 * operation through node:crypto and through noble called directly, measured
 * in the same run.
 *
 * For each case: a warm-up that also calibrates how many calls fill one
 * sample, then SAMPLES rounds in which the strata, noble and node functions
 * each run one sample, in an order that rotates from round to round (so slow
 * drift of the machine hits all three alike), each after a young-generation
 * garbage collection. Figures are medians with the
 * min–max of the samples; the overhead over noble is the median of the
 * per-round ratios (paired, which cancels most of the noise).
 *
 *   pnpm bench                 # everything (about 2–3 minutes)
 *   pnpm bench -- AEAD         # only cases whose group or name contains "AEAD"
 *   BENCH_SAMPLE_MS=100 pnpm bench   # shorter samples
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asymmetricCases } from './asymmetric.js';
import type { BenchCase } from './harness-types.js';
import { symmetricCases } from './symmetric.js';

const SAMPLE_MS = Number(process.env['BENCH_SAMPLE_MS'] ?? 80);
/** A multiple of 3, so each implementation runs first, second and third equally often. */
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 6);
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 100);
/** Overhead phase: strata and noble alternate in short blocks, in pairs. */
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 20);
const PAIR_BLOCK_MS = Number(process.env['BENCH_PAIR_BLOCK_MS'] ?? 25);
/** The provider's AEAD may cost at most this much over calling noble directly. */
const AEAD_OVERHEAD_LIMIT = 0.05;

type Impl = 'strata' | 'noble' | 'node';
const IMPLS: readonly Impl[] = ['strata', 'noble', 'node'];

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** How much slower strata is than noble: median of paired ratios − 1, with a ~95% interval. */
interface Overhead {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

interface Row {
  readonly benchCase: BenchCase;
  readonly stats: Partial<Record<Impl, Stats>>;
  readonly overhead?: Overhead;
}

let sink: unknown;

/**
 * The clock: CPU time of this process (user + system, microsecond
 * resolution), not wall time, so the other processes of a shared machine do
 * not count against whoever happened to be running. BENCH_CLOCK=wall uses
 * performance.now() instead.
 */
const now: () => number =
  process.env['BENCH_CLOCK'] === 'wall'
    ? () => performance.now()
    : () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      };

/**
 * A garbage collection before every sample, so no function pays for the
 * garbage the previous one left (noble's AES-GCM allocates its key tables on
 * every call). `gc` is exposed at run time; without it samples just run.
 */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    // A minor (young-generation) collection: it clears the short-lived
    // garbage a primitive leaves, at ~1–3 ms instead of ~20 ms for a full one.
    if (typeof gc === 'function') return () => (gc as (options: object) => void)({ type: 'minor' });
  } catch {
    // not available: measure without
  }
  return () => {};
})();

/** Calls `fn` `n` times and returns operations per second. */
function timeOnce(fn: () => unknown, n: number): number {
  const start = now();
  for (let i = 0; i < n; i++) sink = fn();
  const elapsed = now() - start;
  return (n * 1000) / Math.max(elapsed, 1e-3);
}

/** Runs `fn` for about `ms` milliseconds; returns the ops/s seen. */
function warmUp(fn: () => unknown, ms: number): number {
  let n = 1;
  let total = 0;
  let calls = 0;
  const start = now();
  while (now() - start < ms) {
    const t0 = now();
    for (let i = 0; i < n; i++) sink = fn();
    total += now() - t0;
    calls += n;
    n = Math.min(n * 2, 1 << 16);
  }
  return (calls * 1000) / Math.max(total, 1e-3);
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function measure(benchCase: BenchCase): Row {
  const fns = IMPLS.flatMap((impl) => {
    const fn = benchCase[impl];
    return fn ? [{ impl, fn }] : [];
  });
  // Warm-up and calibration: calls per sample from the warm-up's rate.
  const perSample = new Map<Impl, number>();
  for (const { impl, fn } of fns) {
    const rate = warmUp(fn, WARMUP_MS);
    perSample.set(impl, Math.max(1, Math.round((rate * SAMPLE_MS) / 1000)));
  }
  const samples = new Map<Impl, number[]>(fns.map(({ impl }) => [impl, []]));
  for (let round = 0; round < SAMPLES; round++) {
    for (let k = 0; k < fns.length; k++) {
      const { impl, fn } = fns[(round + k) % fns.length] as (typeof fns)[number];
      collectGarbage();
      samples.get(impl)?.push(timeOnce(fn, perSample.get(impl) ?? 1));
    }
  }
  const stats: Partial<Record<Impl, Stats>> = {};
  for (const [impl, xs] of samples) {
    stats[impl] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs };
  }
  if (benchCase.noble) {
    // The 5% AEAD limit is the figure that matters: twice the pairs there.
    const pairs = benchCase.group.startsWith('AEAD') ? 2 * PAIRS : PAIRS;
    return {
      benchCase,
      stats,
      overhead: measureOverhead(benchCase.strata, benchCase.noble, stats.strata, pairs),
    };
  }
  return { benchCase, stats };
}

/**
 * The provider's cost over noble: `pairs` pairs of short blocks (strata then
 * noble, or noble then strata, alternating), each after a young-generation GC; the ratio
 * of the two times in a pair is nearly free of the machine's slow drift. The
 * interval is the distribution-free ~95% interval of the median (order
 * statistics of a binomial(n, 1/2)), so a noisy machine shows up as a wide
 * interval instead of a false alarm.
 */
function measureOverhead(
  strata: () => unknown,
  noble: () => unknown,
  strataStats: Stats | undefined,
  pairs: number,
): Overhead {
  const n = Math.max(1, Math.round(((strataStats?.median ?? 1000) * PAIR_BLOCK_MS) / 1000));
  const ratios: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    let tStrata = 0;
    let tNoble = 0;
    for (const which of pair % 2 ? ['strata', 'noble'] : ['noble', 'strata']) {
      collectGarbage();
      const fn = which === 'strata' ? strata : noble;
      const start = now();
      for (let i = 0; i < n; i++) sink = fn();
      const elapsed = now() - start;
      if (which === 'strata') tStrata = elapsed;
      else tNoble = elapsed;
    }
    ratios.push(tStrata / Math.max(tNoble, 1e-6));
  }
  ratios.sort((a, b) => a - b);
  const k = Math.max(0, Math.floor(ratios.length / 2 - Math.sqrt(ratios.length)));
  return {
    median: median(ratios) - 1,
    low: (ratios[k] as number) - 1,
    high: (ratios[ratios.length - 1 - k] as number) - 1,
  };
}

// ---------------------------------------------------------------- output

function rate(stats: Stats | undefined, bytesPerOp: number | undefined): string {
  if (!stats) return '—';
  const fmt = (x: number) => (bytesPerOp ? ((x * bytesPerOp) / 1e6).toFixed(1) : formatOps(x));
  return `${fmt(stats.median)} (${fmt(stats.min)}–${fmt(stats.max)})`;
}

function formatOps(x: number): string {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

function ratio(a: Stats | undefined, b: Stats | undefined): string {
  if (!a || !b) return '—';
  const r = a.median / b.median;
  return r >= 0.1 ? `${r.toFixed(2)}×` : `1/${(1 / r).toFixed(0)}`;
}

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

function printTable(rows: readonly Row[]): { flags: string[]; unsure: string[] } {
  const flags: string[] = [];
  const unsure: string[] = [];
  const header = [
    'case',
    'unit',
    'strata median (min–max)',
    'node:crypto',
    'strata/node',
    'noble direct',
    'overhead vs noble [95%]',
  ];
  const lines: string[][] = [];
  let group = '';
  const groupLines = new Map<number, string>();
  for (const row of rows) {
    const { benchCase, stats, overhead } = row;
    if (benchCase.group !== group) {
      group = benchCase.group;
      groupLines.set(lines.length, group);
    }
    let over = '—';
    if (overhead) {
      const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
      over = `${pct(overhead.median)} [${pct(overhead.low)}, ${pct(overhead.high)}]`;
      if (benchCase.group.startsWith('AEAD')) {
        if (overhead.low > AEAD_OVERHEAD_LIMIT) {
          over += ' !';
          flags.push(
            `${benchCase.group} ${benchCase.name}: ${pct(overhead.median)} over noble (limit 5%)`,
          );
        } else if (overhead.median > AEAD_OVERHEAD_LIMIT) {
          over += ' ?';
          unsure.push(
            `${benchCase.group} ${benchCase.name}: median ${pct(overhead.median)}, interval ${pct(overhead.low)}..${pct(overhead.high)}`,
          );
        }
      }
    }
    lines.push([
      benchCase.name,
      benchCase.bytesPerOp ? 'MB/s' : 'ops/s',
      rate(stats.strata, benchCase.bytesPerOp),
      rate(stats.node, benchCase.bytesPerOp),
      ratio(stats.strata, stats.node),
      rate(stats.noble, benchCase.bytesPerOp),
      over,
    ]);
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => (l[i] as string).length)),
  );
  const rightAligned = new Set([2, 3, 4, 5, 6]);
  const format = (cells: readonly string[]) =>
    cells.map((c, i) => pad(c, widths[i] as number, rightAligned.has(i))).join('  ');
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  console.log(format(header));
  console.log(rule);
  lines.forEach((cells, i) => {
    const g = groupLines.get(i);
    if (g !== undefined) console.log(`${i === 0 ? '' : '\n'}▸ ${g}`);
    console.log(format(cells));
  });
  console.log(rule);
  return { flags, unsure };
}

// ---------------------------------------------------------------- main

function main(): void {
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  const all = [...symmetricCases(), ...asymmetricCases()];
  const cases = filters.length
    ? all.filter((c) =>
        filters.some((f) => `${c.group} ${c.name}`.toLowerCase().includes(f.toLowerCase())),
      )
    : all;
  console.log(
    `@strata/crypto primitives — Node ${process.version}, ${cases.length} cases, ` +
      `${SAMPLES} samples of ~${SAMPLE_MS} ms per implementation, interleaved, ` +
      `${process.env['BENCH_CLOCK'] === 'wall' ? 'wall-clock' : 'CPU'} time\n` +
      'strata = nobleProvider; node:crypto = the same operation on OpenSSL; noble direct = noble without the provider\n',
  );
  const started = performance.now();
  const rows: Row[] = [];
  for (const c of cases) {
    process.stderr.write(`  measuring ${c.group} / ${c.name}…\r`);
    rows.push(measure(c));
    process.stderr.write(`${' '.repeat(70)}\r`);
  }
  const { flags, unsure } = printTable(rows);
  console.log(
    'strata/node: below 1× means node:crypto (native OpenSSL) is faster. overhead: how much slower the provider is\n' +
      `than noble called directly, median of ${PAIRS} paired blocks (${2 * PAIRS} for AEADs) with its ~95% interval (wide when the machine is busy).`,
  );
  const limit = `${AEAD_OVERHEAD_LIMIT * 100}%`;
  if (flags.length) {
    console.log(
      `\n⚠ AEAD overhead above ${limit} over noble (the whole interval is above the limit):`,
    );
    for (const f of flags) console.log(`  ! ${f}`);
  }
  if (unsure.length) {
    console.log(
      `\n? AEAD overhead median above ${limit}, but within measurement noise (rerun on a quiet machine):`,
    );
    for (const f of unsure) console.log(`  ? ${f}`);
  }
  if (!flags.length && !unsure.length && rows.some((r) => r.benchCase.group.startsWith('AEAD'))) {
    console.log(`\n✓ every AEAD case is within ${limit} of calling noble directly.`);
  }
  console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (sink === Symbol.for('never')) console.log(''); // keep results observable
}

main();
