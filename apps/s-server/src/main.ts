/** s-server entry point: runs `main` and exits with its code. */
import { UsageError, usage } from './flags.js';
import { Exit, main, SPEC } from './server.js';

const err = (s: string) => process.stderr.write(s);

const fail = (e: unknown) => {
  if (e instanceof Exit) process.exit(e.code);
  if (e instanceof UsageError) {
    err(`s-server: ${e.message}\n${usage('s-server', SPEC)}`);
    process.exit(1);
  }
  err(`error:${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
};

try {
  main(process.argv.slice(2)).then((code) => process.exit(code), fail);
} catch (e) {
  fail(e);
}
