import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isTlsError } from '@strata/wire';
import { parseCertificates } from '../certificate.js';
import { TrustStore } from '../trust-store.js';

export * from '../index.js';

/** Reads a PEM bundle file (for example `/etc/ssl/certs/ca-certificates.crt`) into a new or given store. */
export function loadTrustStoreFile(path: string, store: TrustStore = new TrustStore()): TrustStore {
  store.addPem(readFileSync(path, 'latin1'));
  return store;
}

/** The names OpenSSL's `c_rehash` gives: eight hex digits of the subject hash, `.`, a number. */
const HASHED_NAME = /^[0-9a-f]{8}\.[0-9]+$/;

export interface HashedDirectoryOptions {
  /** Also read files that are not named `<hash>.<n>` (default false: like OpenSSL's lookup). */
  readonly allFiles?: boolean;
  /** Skip files that fail to parse instead of throwing (default true: one bad file should not void the store). */
  readonly skipInvalid?: boolean;
}

/**
 * Reads a hashed certificate directory (`/etc/ssl/certs`, as `c_rehash`
 * makes it, `-CApath` in OpenSSL) into a new or given store. Every
 * `<hash>.<n>` file is read up front; symlinks are followed; duplicates
 * (the same certificate under two names) are kept once.
 */
export function loadTrustStoreDirectory(
  dir: string,
  store: TrustStore = new TrustStore(),
  options: HashedDirectoryOptions = {},
): TrustStore {
  const skipInvalid = options.skipInvalid ?? true;
  for (const name of readdirSync(dir).sort()) {
    if (!options.allFiles && !HASHED_NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      for (const cert of parseCertificates(readFileSync(path, 'latin1'), { requireOne: false })) {
        store.add(cert);
      }
    } catch (error) {
      if (!skipInvalid || !isTlsError(error)) throw error;
    }
  }
  return store;
}

/** Where OpenSSL 3 on Debian/Ubuntu, Fedora/RHEL, Alpine, macOS (Homebrew) and FreeBSD keep their CA files. */
export const DEFAULT_CA_FILES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
  '/usr/local/etc/openssl/cert.pem',
  '/usr/local/share/certs/ca-root-nss.crt',
  '/usr/lib/ssl/cert.pem',
];

export const DEFAULT_CA_DIRS: readonly string[] = ['/etc/ssl/certs', '/usr/lib/ssl/certs'];

/**
 * The system trust store, as `SSL_CTX_set_default_verify_paths` finds it:
 * `SSL_CERT_FILE` and `SSL_CERT_DIR` (colon-separated) when set, otherwise
 * the first existing file of `DEFAULT_CA_FILES`, and the hashed directory
 * `DEFAULT_CA_DIRS` only when no bundle file was found.
 */
export function loadDefaultTrustStore(env: NodeJS.ProcessEnv = process.env): TrustStore {
  const store = new TrustStore();
  const file = env['SSL_CERT_FILE'];
  const dirs = env['SSL_CERT_DIR'];
  if (file !== undefined || dirs !== undefined) {
    if (file !== undefined && existsSync(file)) loadTrustStoreFile(file, store);
    for (const dir of (dirs ?? '').split(':')) {
      if (dir !== '' && existsSync(dir)) loadTrustStoreDirectory(dir, store);
    }
    return store;
  }
  const bundle = DEFAULT_CA_FILES.find((f) => existsSync(f));
  if (bundle !== undefined) return loadTrustStoreFile(bundle, store);
  for (const dir of DEFAULT_CA_DIRS) if (existsSync(dir)) loadTrustStoreDirectory(dir, store);
  return store;
}
