/** Context settings s-client and s-server take from the same flags, the same way. */
import { appendFileSync } from 'node:fs';
import {
  type SSL_CTX,
  SSL_CTX_check_private_key,
  SSL_CTX_load_verify_locations,
  SSL_CTX_set_ciphersuites,
  SSL_CTX_set_keylog_callback,
  SSL_CTX_set_max_proto_version,
  SSL_CTX_set_min_proto_version,
  SSL_CTX_set1_groups_list,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey_file,
  SSL_FILETYPE_PEM,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
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

/** `-tls1_3` / `-tls1_2`: that version only (minimum and maximum); a program whose spec lacks the flag never sees it. */
export function setVersionFlags(ctx: SSL_CTX, flags: Flags): void {
  for (const [flag, version] of [
    ['tls1_3', TLS1_3_VERSION],
    ['tls1_2', TLS1_2_VERSION],
  ] as const) {
    if (flags.has(flag)) {
      SSL_CTX_set_min_proto_version(ctx, version);
      SSL_CTX_set_max_proto_version(ctx, version);
    }
  }
}

/**
 * `-cert file -key file`: the certificate chain (PEM, leaf first) and its
 * private key (PEM), then a check that they match; each step that fails goes
 * to `check`, the last one with `mismatch`.
 */
export function useCertificateAndKey(
  ctx: SSL_CTX,
  cert: string,
  key: string,
  check: Check,
  mismatch: string,
): void {
  check(SSL_CTX_use_certificate_chain_file(ctx, cert) === 1, `cannot load -cert ${cert}`);
  check(SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) === 1, `cannot load -key ${key}`);
  check(SSL_CTX_check_private_key(ctx) === 1, mismatch);
}

/** `-CAfile file`: loads its trusted certificates (a failure goes to `check`); returns the file, or `undefined` without the flag. */
export function loadCAfile(ctx: SSL_CTX, flags: Flags, check: Check): string | undefined {
  const caFile = flags.get('CAfile');
  if (caFile !== undefined) {
    check(SSL_CTX_load_verify_locations(ctx, caFile, null) === 1, `cannot load -CAfile ${caFile}`);
  }
  return caFile;
}
