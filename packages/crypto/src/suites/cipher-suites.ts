import { nobleAeads } from '../aead/noble-aeads.js';
import { nobleHashes } from '../hash/noble-hashes.js';
import type { AeadAlgorithm, AeadName, CipherSuite, HashAlgorithm, HashName } from '../types.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;
type Tls12Suite = Extract<CipherSuite, { version: 'TLS1.2' }>;

/** The primitives a suite table is built from (a provider's `aeads` and `hashes`). */
export interface SuitePrimitives {
  readonly aeads: Readonly<Record<AeadName, AeadAlgorithm>>;
  readonly hashes: Readonly<Record<HashName, HashAlgorithm>>;
}

function tls13(code: number, name: string, aead: AeadAlgorithm, hash: HashAlgorithm): Tls13Suite {
  return Object.freeze({ version: 'TLS1.3', code, name, opensslName: name, aead, hash });
}

function tls12(
  code: number,
  name: string,
  opensslName: string,
  authentication: 'ECDSA' | 'RSA',
  aead: AeadAlgorithm,
  hash: HashAlgorithm,
): Tls12Suite {
  // RFC 5288 §3: GCM nonce = 4-byte salt from the key block ‖ 8-byte explicit
  // nonce in each record. RFC 7905 §2: ChaCha20-Poly1305 takes the whole
  // 12-byte IV from the key block, XORed with the sequence number.
  const chacha = aead.name === 'CHACHA20_POLY1305';
  return Object.freeze({
    version: 'TLS1.2',
    code,
    name,
    opensslName,
    aead,
    hash,
    keyExchange: 'ECDHE',
    authentication,
    fixedIvLength: chacha ? 12 : 4,
    explicitNonceLength: chacha ? 0 : 8,
  });
}

/**
 * The cipher suites Strata implements, in default preference order, built on
 * the given AEADs and hashes.
 *
 * The order: TLS 1.3 suites first, then TLS 1.2, ECDSA before RSA (an ECDSA
 * certificate is the faster and smaller one, as in OpenSSL's default list).
 * Within each group ChaCha20-Poly1305 comes first: on this provider (pure
 * JavaScript, no AES instructions) it runs about 2.5× faster than AES-GCM
 * (noble's GCM rebuilds its key tables on every record; see NOBLE-NOTES) and it
 * is constant-time by construction (add, rotate, xor), which software AES is
 * hard to be. Go's crypto/tls makes the same choice when the CPU has no
 * AES-GCM hardware (it puts TLS_CHACHA20_POLY1305_SHA256 first). Then
 * AES-128-GCM before AES-256-GCM (same security margin for TLS purposes, less
 * work). A provider backed by AES hardware would reorder by spread.
 */
export function cipherSuitesFor({ aeads, hashes }: SuitePrimitives): readonly CipherSuite[] {
  const { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305 } = aeads;
  const { sha256, sha384 } = hashes;
  return Object.freeze([
    tls13(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', CHACHA20_POLY1305, sha256),
    tls13(0x1301, 'TLS_AES_128_GCM_SHA256', AES_128_GCM, sha256),
    tls13(0x1302, 'TLS_AES_256_GCM_SHA384', AES_256_GCM, sha384),
    tls12(
      0xcca9,
      'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
      'ECDSA',
      CHACHA20_POLY1305,
      sha256,
    ),
    tls12(
      0xc02b,
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDSA',
      AES_128_GCM,
      sha256,
    ),
    tls12(
      0xc02c,
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDSA',
      AES_256_GCM,
      sha384,
    ),
    tls12(
      0xcca8,
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      'ECDHE-RSA-CHACHA20-POLY1305',
      'RSA',
      CHACHA20_POLY1305,
      sha256,
    ),
    tls12(
      0xc02f,
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'RSA',
      AES_128_GCM,
      sha256,
    ),
    tls12(
      0xc030,
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'ECDHE-RSA-AES256-GCM-SHA384',
      'RSA',
      AES_256_GCM,
      sha384,
    ),
  ]);
}

/** The default provider's cipher suites (on `nobleAeads` and `nobleHashes`), in preference order. */
export const nobleCipherSuites: readonly CipherSuite[] = /* @__PURE__ */ cipherSuitesFor({
  aeads: nobleAeads,
  hashes: nobleHashes,
});
