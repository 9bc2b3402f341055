/** s-server entry point: runs `main` and exits with its code. */
import { exitOnError } from 'openssl-cli-kit';
import { main, SPEC } from './server.js';

const fail = (e: unknown) => exitOnError('s-server', SPEC, e);

try {
  main(process.argv.slice(2)).then((code) => process.exit(code), fail);
} catch (e) {
  fail(e);
}
