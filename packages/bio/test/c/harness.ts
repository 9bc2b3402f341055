// Runs the ground-truth C programs of this folder (see README.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strata_BIO_set_error_handler } from '../../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export type Observations = Array<[string, number]>;

function parse(text: string): Observations {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [key, value] = line.split(' ');
      return [key!, Number(value)];
    });
}

/** The output recorded from OpenSSL 3.0.19 (`<name>.expected`). */
export function recorded(name: string): Observations {
  return parse(readFileSync(join(here, `${name}.expected`), 'utf8'));
}

/** Why the C program cannot run here, or `undefined` when it can. */
export function cannotCompile(): string | undefined {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'gcc is not installed';
  }
  if (!existsSync('/usr/include/openssl/bio.h')) return 'libssl-dev headers are not installed';
  return undefined;
}

/** Compiles and runs `<name>.c` against the system libcrypto. */
export function runC(name: string): Observations {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bio-c-'));
  try {
    const exe = join(dir, name);
    execFileSync('gcc', ['-O0', join(here, `${name}.c`), '-o', exe, '-lcrypto'], {
      stdio: 'pipe',
      timeout: 60_000,
    });
    return parse(execFileSync(exe, { encoding: 'utf8', timeout: 10_000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Records observations like the C programs' `P(key, value)` and the error queue's last reason. */
export class Recorder {
  readonly lines: Observations = [];
  lastReason = 0;
  private readonly previous = strata_BIO_set_error_handler((_lib, reason) => {
    this.lastReason = reason;
  });
  p(key: string, value: number | boolean): void {
    this.lines.push([key, typeof value === 'boolean' ? (value ? 1 : 0) : value]);
  }
  clearError(): void {
    this.lastReason = 0;
  }
  done(): Observations {
    strata_BIO_set_error_handler(this.previous);
    return this.lines;
  }
}
