import {
  type AeadAlgorithm,
  type AeadKey,
  type CipherSuite,
  type HashAlgorithm,
  hkdfExpandLabel,
} from '@strata/crypto';
import type { TlsVersion } from './content-type.js';
import {
  AEAD_CONFIDENTIALITY_LIMITS,
  SEQUENCE_SOFT_LIMIT,
  type SequenceNumber,
  splitLimit,
} from './sequence.js';

/**
 * The keys that protect one direction of a connection.
 *
 * - TLS 1.3 (RFC 8446 §5.3): `iv` is the 12-byte write IV; the per-record
 *   nonce is iv XOR the 64-bit sequence number, left-padded with zeros.
 * - TLS 1.2 AES-GCM (RFC 5288): `iv` is the 4-byte salt from the key block;
 *   the nonce is salt ‖ explicit nonce, and Strata's explicit nonce is the
 *   8-byte sequence number (`explicitNonceLength: 8`).
 * - TLS 1.2 ChaCha20-Poly1305 (RFC 7905): `iv` is the 12-byte IV from the
 *   key block, nonce = iv XOR sequence, no explicit nonce
 *   (`explicitNonceLength: 0`).
 */
export type RecordProtectionKeys =
  | {
      readonly version: 'TLS1.3';
      readonly aead: AeadAlgorithm;
      readonly key: Uint8Array;
      readonly iv: Uint8Array;
    }
  | {
      readonly version: 'TLS1.2';
      readonly aead: AeadAlgorithm;
      readonly key: Uint8Array;
      readonly iv: Uint8Array;
      readonly explicitNonceLength: 0 | 8;
    };

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/**
 * The TLS 1.3 traffic key and IV from a traffic secret (RFC 8446 §7.3):
 *
 *   [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
 *   [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
 */
export function deriveTrafficKeys(
  suite: { readonly aead: AeadAlgorithm; readonly hash: HashAlgorithm },
  secret: Uint8Array,
): { key: Uint8Array; iv: Uint8Array } {
  return {
    key: hkdfExpandLabel(suite.hash, secret, 'key', EMPTY, suite.aead.keyLength),
    iv: hkdfExpandLabel(suite.hash, secret, 'iv', EMPTY, suite.aead.nonceLength),
  };
}

/** TLS 1.3 protection keys for one direction from its traffic secret. */
export function tls13Keys(
  suite: { readonly aead: AeadAlgorithm; readonly hash: HashAlgorithm },
  secret: Uint8Array,
): RecordProtectionKeys {
  const { key, iv } = deriveTrafficKeys(suite, secret);
  return { version: 'TLS1.3', aead: suite.aead, key, iv };
}

/**
 * TLS 1.2 protection keys for one direction: `key` and `iv` are the
 * client_write_key/server_write_key and client_write_IV/server_write_IV slices
 * of the key block (RFC 5246 §6.3), `iv` being `suite.fixedIvLength` long.
 */
export function tls12Keys(
  suite: Extract<CipherSuite, { version: 'TLS1.2' }>,
  key: Uint8Array,
  iv: Uint8Array,
): RecordProtectionKeys {
  const explicitNonceLength = suite.explicitNonceLength;
  if (explicitNonceLength !== 0 && explicitNonceLength !== 8) {
    throw new RangeError(`tls12Keys: unsupported explicit nonce length ${explicitNonceLength}`);
  }
  return { version: 'TLS1.2', aead: suite.aead, key, iv, explicitNonceLength };
}

/**
 * A keyed AEAD with the per-direction scratch space its records need: the
 * nonce and the additional data are rebuilt in place for every record, so
 * protecting or opening one allocates nothing but the AEAD's output.
 * Internal to the package: readers and writers own one each.
 */
export class RecordCipher {
  readonly version: TlsVersion;
  readonly aead: AeadAlgorithm;
  readonly tagLength: number;
  /** 8 for TLS 1.2 AES-GCM, 0 otherwise. */
  readonly explicitNonceLength: number;
  /** The reusable nonce buffer (12 bytes). */
  readonly nonce: Uint8Array;
  /** The reusable AAD buffer: 5 bytes (TLS 1.3) or 13 (TLS 1.2). */
  readonly aad: Uint8Array;
  readonly limitHi: number;
  readonly limitLo: number;
  readonly #key: AeadKey;
  readonly #iv: Uint8Array;

  constructor(keys: RecordProtectionKeys) {
    const { aead } = keys;
    if (keys.key.length !== aead.keyLength) {
      throw new RangeError(`record keys: ${aead.name} needs a ${aead.keyLength}-byte key`);
    }
    if (aead.nonceLength !== 12) {
      throw new RangeError(`record keys: ${aead.name} nonce is not 12 bytes`);
    }
    this.version = keys.version;
    this.aead = aead;
    this.tagLength = aead.tagLength;
    this.explicitNonceLength = keys.version === 'TLS1.2' ? keys.explicitNonceLength : 0;
    const ivLength = this.explicitNonceLength === 8 ? 4 : 12;
    if (keys.iv.length !== ivLength) {
      throw new RangeError(`record keys: expected a ${ivLength}-byte IV, got ${keys.iv.length}`);
    }
    this.#key = aead.create(keys.key);
    this.#iv = keys.iv.slice();
    this.nonce = new Uint8Array(12);
    if (this.explicitNonceLength === 8) this.nonce.set(this.#iv, 0);
    this.aad = new Uint8Array(keys.version === 'TLS1.3' ? 5 : 13);
    const limit = AEAD_CONFIDENTIALITY_LIMITS[aead.name] ?? SEQUENCE_SOFT_LIMIT;
    [this.limitHi, this.limitLo] = splitLimit(limit);
  }

  /**
   * Writes the nonce for `seq` into `this.nonce`: iv XOR seq (TLS 1.3, RFC
   * 7905), or salt ‖ seq (TLS 1.2 GCM, where seq is also the explicit nonce).
   */
  setNonce(seq: SequenceNumber): Uint8Array {
    const n = this.nonce;
    if (this.explicitNonceLength === 8) {
      seq.writeTo(n, 4);
      return n;
    }
    const iv = this.#iv;
    const { hi, lo } = seq;
    n[0] = iv[0]!;
    n[1] = iv[1]!;
    n[2] = iv[2]!;
    n[3] = iv[3]!;
    n[4] = iv[4]! ^ (hi >>> 24);
    n[5] = iv[5]! ^ ((hi >>> 16) & 0xff);
    n[6] = iv[6]! ^ ((hi >>> 8) & 0xff);
    n[7] = iv[7]! ^ (hi & 0xff);
    n[8] = iv[8]! ^ (lo >>> 24);
    n[9] = iv[9]! ^ ((lo >>> 16) & 0xff);
    n[10] = iv[10]! ^ ((lo >>> 8) & 0xff);
    n[11] = iv[11]! ^ (lo & 0xff);
    return n;
  }

  /** TLS 1.2 GCM on receipt: salt ‖ the record's explicit nonce. */
  setExplicitNonce(explicit: Uint8Array): Uint8Array {
    this.nonce.set(explicit, 4);
    return this.nonce;
  }

  seal(plaintext: Uint8Array): Uint8Array {
    return this.#key.seal(this.nonce, plaintext, this.aad);
  }

  open(ciphertextAndTag: Uint8Array): Uint8Array | undefined {
    return this.#key.open(this.nonce, ciphertextAndTag, this.aad);
  }

  destroy(): void {
    this.#key.destroy();
    this.#iv.fill(0);
    this.nonce.fill(0);
  }
}
