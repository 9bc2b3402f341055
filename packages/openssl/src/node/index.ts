/**
 * @strata/openssl/node: the file-based loaders (`SSL_CTX_use_certificate_file`,
 * `SSL_CTX_load_verify_locations`, …) and the socket helper, over node:fs and
 * node:net. Everything of the main entry is re-exported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { BIO_NOCLOSE } from '@strata/bio';

/** BIO_R_NO_SUCH_FILE (bioerr.h). */
const BIO_R_NO_SUCH_FILE = 128;

import { BIO_new_socket } from '@strata/bio/node';
import { parsePrivateKey } from '@strata/pki';
import { loadDefaultTrustStore } from '@strata/pki/node';
import {
  certificatesFromPem,
  d2i_X509,
  ERR_LIB_BIO,
  ERR_LIB_PEM,
  ERR_LIB_SSL,
  ERR_LIB_SYS,
  ERR_LIB_X509,
  ERR_R_SYS_LIB,
  ERR_raise,
  EVP_PKEY,
  PEM_R_NO_START_LINE,
  type SSL,
  SSL_add0_chain_cert,
  type SSL_CTX,
  SSL_CTX_add0_chain_cert,
  SSL_CTX_clear_chain_certs,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_clear_chain_certs,
  SSL_FILETYPE_ASN1,
  SSL_FILETYPE_PEM,
  SSL_set_bio,
  SSL_use_certificate,
  SSL_use_PrivateKey,
  type X509_NAME,
} from '../index.js';

export * from '../index.js';

const ENOENT = 2;

/**
 * Reads a whole file; a failure queues what OpenSSL 3.0 queues: the system
 * error, then the BIO layer's reason, then the caller's library with
 * ERR_R_SYS_LIB.
 */
function readFile(
  path: string,
  func: string,
  lib: number,
  bioReason: number = ERR_R_SYS_LIB,
): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ERR_raise(ERR_LIB_SYS, code === 'ENOENT' ? ENOENT : 5, 'fopen', `calling fopen(${path}, r)`);
    ERR_raise(ERR_LIB_BIO, bioReason, 'BIO_new_file');
    ERR_raise(lib, ERR_R_SYS_LIB, func);
    return undefined;
  }
}

/** `SSL_CTX_use_certificate_file(ctx, file, type)`: the first certificate of a PEM or DER file. */
export function SSL_CTX_use_certificate_file(ctx: SSL_CTX, file: string, type: number): number {
  const bytes = readFile(file, 'SSL_CTX_use_certificate_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const x =
    type === SSL_FILETYPE_ASN1
      ? d2i_X509(bytes)
      : (safe(() => certificatesFromPem(bytes))?.[0] ?? null);
  if (!x) {
    if (type === SSL_FILETYPE_PEM)
      ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_CTX_use_certificate_file');
    return 0;
  }
  return SSL_CTX_use_certificate(ctx, x);
}

/** `SSL_CTX_use_certificate_chain_file`: the leaf, then every certificate after it as the chain. */
export function SSL_CTX_use_certificate_chain_file(ctx: SSL_CTX, file: string): number {
  const bytes = readFile(file, 'SSL_CTX_use_certificate_chain_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const certs = safe(() => certificatesFromPem(bytes)) ?? [];
  const [leaf, ...rest] = certs;
  if (!leaf) {
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_CTX_use_certificate_chain_file');
    return 0;
  }
  if (SSL_CTX_use_certificate(ctx, leaf) !== 1) return 0;
  // The chain of the leaf's slot (libssl: SSL_CTX_clear_chain_certs + add0_chain_cert).
  SSL_CTX_clear_chain_certs(ctx);
  for (const x of rest) SSL_CTX_add0_chain_cert(ctx, x);
  return 1;
}

/** `SSL_CTX_use_PrivateKey_file(ctx, file, type)`: an unencrypted PEM (PKCS#8, SEC1, PKCS#1) or DER key. */
export function SSL_CTX_use_PrivateKey_file(ctx: SSL_CTX, file: string, _type: number): number {
  const bytes = readFile(file, 'SSL_CTX_use_PrivateKey_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const key = safe(() => parsePrivateKey(bytes));
  if (!key) {
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_CTX_use_PrivateKey_file');
    return 0;
  }
  return SSL_CTX_use_PrivateKey(ctx, new EVP_PKEY(key));
}
export const SSL_CTX_use_RSAPrivateKey_file = SSL_CTX_use_PrivateKey_file;

/** `SSL_use_certificate_chain_file`: the connection's own certificate and chain. */
export function SSL_use_certificate_chain_file(ssl: SSL, file: string): number {
  const bytes = readFile(file, 'SSL_use_certificate_chain_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const [leaf, ...rest] = safe(() => certificatesFromPem(bytes)) ?? [];
  if (!leaf) {
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_use_certificate_chain_file');
    return 0;
  }
  if (SSL_use_certificate(ssl, leaf) !== 1) return 0;
  SSL_clear_chain_certs(ssl);
  for (const x of rest) SSL_add0_chain_cert(ssl, x);
  return 1;
}

/** `SSL_use_certificate_file(ssl, file, type)`. */
export function SSL_use_certificate_file(ssl: SSL, file: string, type: number): number {
  const bytes = readFile(file, 'SSL_use_certificate_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const x =
    type === SSL_FILETYPE_ASN1
      ? d2i_X509(bytes)
      : (safe(() => certificatesFromPem(bytes))?.[0] ?? null);
  if (!x) return 0;
  return SSL_use_certificate(ssl, x);
}

/** `SSL_use_PrivateKey_file(ssl, file, type)`. */
export function SSL_use_PrivateKey_file(ssl: SSL, file: string, _type: number): number {
  const bytes = readFile(file, 'SSL_use_PrivateKey_file', ERR_LIB_SSL);
  if (!bytes) return 0;
  const key = safe(() => parsePrivateKey(bytes));
  if (!key) {
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_use_PrivateKey_file');
    return 0;
  }
  return SSL_use_PrivateKey(ssl, new EVP_PKEY(key));
}

/** `SSL_load_client_CA_file`: the subject names of the certificates in a PEM file, or null. */
export function SSL_load_client_CA_file(file: string): X509_NAME[] | null {
  const bytes = readFile(file, 'SSL_load_client_CA_file', ERR_LIB_SSL);
  if (!bytes) return null;
  const certs = safe(() => certificatesFromPem(bytes)) ?? [];
  if (certs.length === 0) {
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'SSL_load_client_CA_file');
    return null;
  }
  return certs.map((x) => x.cert.subject);
}

/** `SSL_CTX_load_verify_locations(ctx, CAfile, CApath)`: 1 when at least one certificate was loaded. */
export function SSL_CTX_load_verify_locations(
  ctx: SSL_CTX,
  caFile: string | null,
  caPath: string | null = null,
): number {
  if (caFile === null && caPath === null) return 0;
  let added = 0;
  if (caFile !== null) {
    const bytes = readFile(caFile, 'X509_load_cert_crl_file', ERR_LIB_X509, BIO_R_NO_SUCH_FILE);
    if (!bytes) return 0;
    const n = safe(() => ctx.store.store.addPem(bytes));
    if (n === undefined) return 0;
    added += n;
  }
  if (caPath !== null) {
    try {
      for (const name of readdirSync(caPath)) {
        if (!/\.(pem|crt|\d+)$/.test(name)) continue;
        const n = safe(() => ctx.store.store.addPem(readFileSync(join(caPath, name))));
        added += n ?? 0;
      }
    } catch {
      return added > 0 ? 1 : 0;
    }
  }
  return caFile !== null && added === 0 ? 0 : 1;
}

/** `SSL_CTX_set_default_verify_paths`: the system trust store (SSL_CERT_FILE/SSL_CERT_DIR honoured). */
export function SSL_CTX_set_default_verify_paths(ctx: SSL_CTX): number {
  const store = safe(() => loadDefaultTrustStore());
  if (store) for (const cert of store) ctx.store.store.add(cert);
  return 1;
}

/**
 * Strata extension, the `SSL_set_fd` of Node: a socket BIO over `socket` as
 * both rbio and wbio. The socket is closed by `SSL_free` when `closeFlag` is
 * BIO_CLOSE (default BIO_NOCLOSE, as `SSL_set_fd`).
 */
export function strata_SSL_set_socket(ssl: SSL, socket: Socket, closeFlag = BIO_NOCLOSE): number {
  const bio = BIO_new_socket(socket, closeFlag);
  SSL_set_bio(ssl, bio, bio);
  return 1;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
