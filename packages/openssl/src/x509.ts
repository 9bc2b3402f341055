/**
 * `X509`, `EVP_PKEY`, `X509_STORE` handles over @strata/pki, and the PEM/DER
 * loaders OpenSSL programs use to fill an `SSL_CTX` from memory.
 */
import { type BIO, BIO_get_mem_data, BIO_method_type, BIO_read, BIO_TYPE_MEM } from '@strata/bio';
import {
  type Certificate,
  type DistinguishedName,
  decodePem,
  encodePem,
  type LoadedPrivateKey,
  parseCertificate,
  parsePrivateKey,
  TrustStore,
} from '@strata/pki';
import { concatBytes } from '@strata/wire';
import { ERR_LIB_ASN1, ERR_LIB_PEM, ERR_LIB_X509, PEM_R_NO_START_LINE } from './constants.js';
import { ERR_raise } from './err.js';

/** An X.509 certificate (`X509 *`), reference counted as in C. */
export class X509 {
  /** @internal */ refs = 1;
  constructor(readonly cert: Certificate) {}
}

/** A private key (`EVP_PKEY *`). */
export class EVP_PKEY {
  /** @internal */ refs = 1;
  constructor(readonly key: LoadedPrivateKey) {}
}

/** `X509_STORE *`: the trust anchors of an `SSL_CTX`. */
export class X509_STORE {
  /** @internal */ refs = 1;
  readonly store = new TrustStore();
}

export type X509_NAME = DistinguishedName;

export function X509_up_ref(x: X509): number {
  x.refs++;
  return 1;
}

export function X509_free(x: X509 | null): void {
  if (x) x.refs--;
}

export function EVP_PKEY_up_ref(k: EVP_PKEY): number {
  k.refs++;
  return 1;
}

export function EVP_PKEY_free(k: EVP_PKEY | null): void {
  if (k) k.refs--;
}

export function X509_get_subject_name(x: X509): X509_NAME {
  return x.cert.subject;
}

export function X509_get_issuer_name(x: X509): X509_NAME {
  return x.cert.issuer;
}

/** `X509_NAME_oneline(name, NULL, 0)`: `/CN=localhost`. */
export function X509_NAME_oneline(name: X509_NAME): string {
  return name.oneline;
}

/** `d2i_X509(NULL, &p, len)`: null (with an ASN1 error) when `der` is not a certificate. */
export function d2i_X509(der: Uint8Array): X509 | null {
  try {
    return new X509(parseCertificate(der));
  } catch {
    ERR_raise(ERR_LIB_ASN1, 0x80000 | 13, 'd2i_X509');
    return null;
  }
}

/** `i2d_X509(x, NULL/&out)`: the DER (a copy). */
export function i2d_X509(x: X509): Uint8Array {
  return x.cert.der.slice();
}

export function X509_STORE_new(): X509_STORE {
  return new X509_STORE();
}

export function X509_STORE_add_cert(store: X509_STORE, x: X509): number {
  store.store.add(x.cert);
  return 1;
}

export function X509_STORE_free(store: X509_STORE | null): void {
  if (store) store.refs--;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/**
 * Reads the next PEM block with one of `labels` from `bio`, consuming the
 * input up to the end of that block as OpenSSL's `PEM_read_bio` does.
 * Returns the DER and label, or undefined (with PEM_R_NO_START_LINE).
 */
function readPemBlock(
  bio: BIO,
  labels: readonly string[],
  func: string,
): { der: Uint8Array; label: string } | undefined {
  // A memory BIO is peeked and consumed only through the block's end line, as
  // OpenSSL leaves what follows unread; other BIOs are read to their end.
  const isMem = BIO_method_type(bio) === BIO_TYPE_MEM;
  let bytes: Uint8Array;
  if (isMem) {
    bytes = BIO_get_mem_data(bio)[1];
  } else {
    const chunks: Uint8Array[] = [];
    const chunk = new Uint8Array(16384);
    for (let n = BIO_read(bio, chunk); n > 0; n = BIO_read(bio, chunk)) {
      chunks.push(chunk.slice(0, n));
    }
    bytes = concatBytes(...chunks);
  }
  const text = latin1.decode(bytes);
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----\r?\n?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const label = m[1]!;
    if (!labels.includes(label)) continue;
    let block: { der: Uint8Array } | undefined;
    try {
      block = decodePem(m[0])[0];
    } catch {
      block = undefined;
    }
    if (isMem) BIO_read(bio, new Uint8Array(m.index + m[0].length));
    if (!block) break;
    return { der: block.der, label };
  }
  if (isMem) BIO_read(bio, new Uint8Array(bytes.length));
  ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, func);
  return undefined;
}

/** `PEM_read_bio_X509(bio, NULL, NULL, NULL)`: the next certificate, or null. */
export function PEM_read_bio_X509(bio: BIO): X509 | null {
  const block = readPemBlock(
    bio,
    ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'],
    'PEM_read_bio_X509',
  );
  if (!block) return null;
  try {
    return new X509(parseCertificate(block.der));
  } catch {
    ERR_raise(ERR_LIB_X509, 0x80000 | 13, 'PEM_read_bio_X509');
    return null;
  }
}

/** `PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)`: PKCS#8, SEC1 or PKCS#1, unencrypted. */
export function PEM_read_bio_PrivateKey(bio: BIO): EVP_PKEY | null {
  const block = readPemBlock(
    bio,
    ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY'],
    'PEM_read_bio_PrivateKey',
  );
  if (!block) return null;
  try {
    return new EVP_PKEY(parsePrivateKey(encodePem(block.label, block.der)));
  } catch {
    ERR_raise(ERR_LIB_PEM, 0x80000 | 13, 'PEM_read_bio_PrivateKey');
    return null;
  }
}

/** `PEM_write_bio_X509`: 1 on success. */
export function PEM_write_bio_X509(bio: BIO, x: X509): number {
  const pem = encoder.encode(encodePem('CERTIFICATE', x.cert.der));
  return bio.write(pem) === pem.length ? 1 : 0;
}

/** Every certificate of a PEM text (for chain files). */
export function certificatesFromPem(pem: string | Uint8Array): X509[] {
  const out: X509[] = [];
  for (const block of decodePem(pem)) {
    if (block.label === 'CERTIFICATE' || block.label === 'X509 CERTIFICATE') {
      out.push(new X509(parseCertificate(block.der)));
    }
  }
  return out;
}
