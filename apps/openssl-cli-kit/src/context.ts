/** Context settings s-client and s-server take from the same flags, the same way. */
import { appendFileSync } from 'node:fs';
import {
  type SSL_CTX,
  SSL_CTX_set_ciphersuites,
  SSL_CTX_set_keylog_callback,
  SSL_CTX_set1_groups_list,
  SSL_CTX_set1_sigalgs_list,
} from '@strata/openssl/node';
import type { Flags } from './flags.js';

/** `check(ok, what)`: on `!ok`, the app prints the error queue (or `what`) and ends. */
export type Check = (ok: boolean, what: string) => void;

/** `-ciphersuites`, `-groups`, `-sigalgs`, in that order; a list the facade refuses goes to `check`. */
export function setAlgorithmLists(ctx: SSL_CTX, flags: Flags, check: Check): void {
  const ciphersuites = flags.get('ciphersuites');
  if (ciphersuites !== undefined) {
    check(SSL_CTX_set_ciphersuites(ctx, ciphersuites) === 1, `bad -ciphersuites ${ciphersuites}`);
  }
  const groups = flags.get('groups');
  if (groups !== undefined) {
    check(SSL_CTX_set1_groups_list(ctx, groups) === 1, `bad -groups ${groups}`);
  }
  const sigalgs = flags.get('sigalgs');
  if (sigalgs !== undefined) {
    check(SSL_CTX_set1_sigalgs_list(ctx, sigalgs) === 1, `bad -sigalgs ${sigalgs}`);
  }
}

/** `-keylogfile file`: each NSS key-log line the facade reports is appended to the file. */
export function setKeylogFile(ctx: SSL_CTX, flags: Flags): void {
  const keylog = flags.get('keylogfile');
  if (keylog !== undefined) {
    SSL_CTX_set_keylog_callback(ctx, (_ssl, line) => appendFileSync(keylog, `${line}\n`));
  }
}
