// Runs the ground-truth C programs of this folder against the system libssl.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Observations, observationsOf } from '../../src/testing/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export type { Observations };

const parse = (text: string): Observations => observationsOf(text);

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
  if (!existsSync('/usr/include/openssl/ssl.h')) return 'libssl-dev headers are not installed';
  return undefined;
}

/** Compiles and runs `<name>.c` against the system libssl. */
export function runC(name: string): Observations {
  const dir = mkdtempSync(join(tmpdir(), 'strata-session-c-'));
  try {
    const exe = join(dir, name);
    execFileSync('gcc', ['-O0', join(here, `${name}.c`), '-o', exe, '-lssl', '-lcrypto'], {
      stdio: 'pipe',
      timeout: 60_000,
    });
    return parse(execFileSync(exe, { encoding: 'utf8', timeout: 10_000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
