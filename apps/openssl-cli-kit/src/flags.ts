/** OpenSSL-style command-line flags: `-name value`, `-name`, repeatable where declared. */

export interface FlagSpec {
  /** Takes a value (`-connect host:port`); otherwise a switch. */
  readonly arg?: string;
  readonly help: string;
  readonly repeat?: boolean;
}

export class UsageError extends Error {}

export class Flags {
  readonly #values: Map<string, string[]>;
  constructor(values: Map<string, string[]>) {
    this.#values = values;
  }
  has(name: string): boolean {
    return this.#values.has(name);
  }
  get(name: string): string | undefined {
    return this.#values.get(name)?.at(-1);
  }
  all(name: string): string[] {
    return this.#values.get(name) ?? [];
  }
  number(name: string, fallback: number): number {
    const v = this.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`-${name}: not a number: ${v}`);
    return n;
  }
}

export function parseFlags(
  argv: readonly string[],
  spec: Readonly<Record<string, FlagSpec>>,
): Flags {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') continue;
    if (!word.startsWith('-')) throw new UsageError(`unexpected argument ${word}`);
    const name = word.replace(/^--?/, '');
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown option -${name}`);
    let value = '';
    if (flag.arg !== undefined) {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`-${name} needs a value (${flag.arg})`);
      value = next;
    }
    const list = values.get(name) ?? [];
    if (!flag.repeat) list.length = 0;
    list.push(value);
    values.set(name, list);
  }
  return new Flags(values);
}

export function usage(program: string, spec: Readonly<Record<string, FlagSpec>>): string {
  const rows = Object.entries(spec).map(([name, f]) => {
    const left = ` -${name}${f.arg ? ` ${f.arg}` : ''}`;
    return `${left.padEnd(26)} ${f.help}${f.repeat ? ' (repeatable)' : ''}`;
  });
  return `usage: ${program} [options]\n${rows.join('\n')}\n`;
}

/** ALPN wire format from `h2,http/1.1`. */
export function alpnWire(list: string): Uint8Array {
  const names = list.split(',').filter((p) => p.length > 0);
  const bytes = names.map((n) => new TextEncoder().encode(n));
  for (const b of bytes) {
    if (b.length === 0 || b.length > 255)
      throw new UsageError(`-alpn: bad protocol name in ${list}`);
  }
  const out = new Uint8Array(bytes.reduce((n, b) => n + 1 + b.length, 0));
  let at = 0;
  for (const b of bytes) {
    out[at++] = b.length;
    out.set(b, at);
    at += b.length;
  }
  return out;
}
