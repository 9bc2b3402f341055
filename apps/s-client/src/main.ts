/** s-client entry point: runs `main` and exits with its code. */

import { Exit, main, SPEC } from './client.js';
import { UsageError, usage } from './flags.js';

const err = (s: string) => process.stderr.write(s);

main(process.argv.slice(2)).then(
  (code) => {
    process.stdin.destroy();
    // Nothing else should keep the loop alive, but a half-closed socket might.
    setTimeout(() => process.exit(code), 50).unref();
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof Exit) process.exit(e.code);
    if (e instanceof UsageError) {
      err(`s-client: ${e.message}\n${usage('s-client', SPEC)}`);
      process.exit(1);
    }
    err(`error:${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
