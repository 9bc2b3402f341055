// Ground-truth C programs: a package keeps small C programs that print what
// OpenSSL does, one `key value` line per observation, beside the output
// recorded once (`<name>.expected`); its tests compare a TypeScript run of the
// same steps with the recording and, where gcc and the headers are there, with
// a fresh run. This is the compile-and-run half those packages share.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `key value` lines of a run, in order, values as numbers. */
export type Observations = Array<[string, number]>;

export interface CProgramsOptions {
  /** The folder holding `<name>.c` and `<name>.expected` (a `file:` URL, e.g. `new URL('.', import.meta.url)`, or a path). */
  readonly dir: URL | string;
  /** A header the programs need, under /usr/include (e.g. `openssl/ssl.h`): without it they are not compiled. */
  readonly header: string;
  /** Libraries to link, without `-l` (e.g. `['ssl', 'crypto']`). */
  readonly libs: readonly string[];
}

export interface CPrograms {
  /** The output recorded in `<name>.expected`. */
  recorded(name: string): Observations;
  /** Why the programs cannot be compiled here, or `undefined` when they can. */
  cannotCompile(): string | undefined;
  /** Compiles `<name>.c` (gcc -O0, in a temporary folder removed afterwards) and runs it, bounded. */
  runC(name: string): Observations;
}

/** Parses `key value` lines (trailing newline optional). */
export function parseObservations(text: string): Observations {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [key, value] = line.split(' ');
      return [key ?? '', Number(value)];
    });
}

/** The recorded output and a compile-and-run of the C programs in `options.dir`. */
export function cPrograms(options: CProgramsOptions): CPrograms {
  const dir = typeof options.dir === 'string' ? options.dir : fileURLToPath(options.dir);
  return {
    recorded: (name) => parseObservations(readFileSync(join(dir, `${name}.expected`), 'utf8')),
    cannotCompile() {
      try {
        execFileSync('gcc', ['--version'], { stdio: 'ignore' });
      } catch {
        return 'gcc is not installed';
      }
      if (!existsSync(join('/usr/include', options.header)))
        return 'libssl-dev headers are not installed';
      return undefined;
    },
    runC(name) {
      const work = mkdtempSync(join(tmpdir(), 'strata-c-'));
      try {
        const exe = join(work, name);
        const libs = options.libs.map((l) => `-l${l}`);
        execFileSync('gcc', ['-O0', join(dir, `${name}.c`), '-o', exe, ...libs], {
          stdio: 'pipe',
          timeout: 60_000,
        });
        return parseObservations(execFileSync(exe, { encoding: 'utf8', timeout: 10_000 }));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}
