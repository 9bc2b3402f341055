/**
 * Output: Markdown tables (stdout and BENCHMARKS.md) and BENCHMARKS.json
 * (stable flat keys → numbers, so tools can compare runs).
 */
import { writeFileSync } from 'node:fs';
import type { Stats } from './sampler.js';

/** What a row prints for a figure this version cannot measure yet. */
export const NOT_YET = 'n/a (not yet implemented)';

export interface Section {
  readonly title: string;
  readonly intro?: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes?: readonly string[];
}

export interface Meta {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly mode: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, number | string>>;
}

/** A figure with its spread: `1,234 (1,100–1,300)`. */
export function figure(s: Stats | undefined, digits?: number): string {
  if (!s || !Number.isFinite(s.median)) return '—';
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

/** A number for people: thousands separators, 3 significant digits below 100. */
export function num(x: number, digits?: number): string {
  if (!Number.isFinite(x)) return '—';
  if (digits !== undefined) return x.toFixed(digits);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

/** A ratio as a percentage below 10× (`87%`), as a multiple above (`12.3×`). */
export function ratio(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x < 10 ? `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%` : `${x.toFixed(1)}×`;
}

export function bytes(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1 << 20) return `${(x / (1 << 20)).toFixed(1)} MiB`;
  if (Math.abs(x) >= 1 << 10) return `${(x / (1 << 10)).toFixed(1)} KiB`;
  return `${Math.round(x)} B`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub Markdown table; the first column left-aligned, the others right-aligned. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const width = header.length;
  for (const r of rows) {
    if (r.length !== width) throw new Error(`table row has ${r.length} cells, header ${width}`);
  }
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 ? ':---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

export function renderMarkdown(meta: Meta, sections: readonly Section[]): string {
  const pkgs = Object.entries(meta.packages)
    .map(([name, v]) => `${name} ${v}`)
    .join(', ');
  const settings = Object.entries(meta.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const out = [
    '# Strata benchmarks',
    '',
    `Written by \`pnpm bench\` (tooling/bench; method in [tooling/bench/README.md](tooling/bench/README.md)). ` +
      'Absolute figures drift on a shared machine; the ratios, measured in the same run, are the result.',
    '',
    `- date: ${meta.date}`,
    `- machine: ${meta.cpu}, ${meta.cores} cores; Node ${meta.node}`,
    `- mode: ${meta.mode}; ${settings}`,
    `- packages: ${pkgs}`,
  ];
  for (const s of sections) {
    out.push('', `## ${s.title}`, '');
    if (s.intro) out.push(s.intro, '');
    out.push(markdownTable(s.header, s.rows));
    if (s.notes?.length) out.push('', ...s.notes.map((n) => `- ${n}`));
  }
  return `${out.join('\n')}\n`;
}

export interface JsonReport {
  readonly meta: Meta;
  /** Stable flat keys, e.g. `handshake.full.ecdsa_p256.hs_per_s`. Figures that could not be measured are absent. */
  readonly results: Readonly<Record<string, number>>;
}

/** Keeps only finite numbers, sorted by key, so a missing figure is absent rather than null or invented. */
export function jsonReport(meta: Meta, results: ReadonlyMap<string, number>): JsonReport {
  const clean: Record<string, number> = {};
  for (const key of [...results.keys()].sort()) {
    const v = results.get(key)!;
    if (Number.isFinite(v)) clean[key] = Number(v.toPrecision(6));
  }
  return { meta, results: clean };
}

export function writeReports(
  mdPath: string,
  jsonPath: string,
  meta: Meta,
  sections: readonly Section[],
  results: ReadonlyMap<string, number>,
): string {
  const md = renderMarkdown(meta, sections);
  writeFileSync(mdPath, md);
  writeFileSync(jsonPath, `${JSON.stringify(jsonReport(meta, results), null, 2)}\n`);
  return md;
}
