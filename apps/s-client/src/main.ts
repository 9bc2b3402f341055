/** s-client entry point: runs `main` and exits with its code. */

import { exitOnError } from 'openssl-cli-kit';
import { main, SPEC } from './client.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.stdin.destroy();
    // Nothing else should keep the loop alive, but a half-closed socket might.
    setTimeout(() => process.exit(code), 50).unref();
    process.exitCode = code;
  },
  (e: unknown) => exitOnError('s-client', SPEC, e),
);
