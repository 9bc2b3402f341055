/** Compiles and runs the C ground-truth programs of test/c against the system libssl. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Why C ground truth is unavailable, or undefined when gcc and libssl-dev are there. */
export const cUnavailable: string | undefined = (() => {
  if (spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status !== 0) return 'gcc is missing';
  if (!existsSync('/usr/include/openssl/ssl.h'))
    return 'libssl-dev (OpenSSL 3.0 headers) is missing';
  return undefined;
})();

/** Builds test/c/<name>.c and returns its output for `args`. */
export function runC(name: string, args: readonly string[] = []): string {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-openssl-c-')), name);
  const r = spawnSync('gcc', ['-o', out, join(here, `${name}.c`), '-lssl', '-lcrypto'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gcc ${name}.c failed:\n${r.stderr}`);
  return execFileSync(out, args, { encoding: 'utf8', cwd: join(here, '..', '..') });
}
