import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { AeadAlgorithm, AeadKey, AeadName } from '../types.js';

/** noble's AEAD constructors share this shape: a single-use cipher per (key, nonce, aad). */
type NobleAead = (
  key: Uint8Array,
  nonce: Uint8Array,
  aad?: Uint8Array,
) => {
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
};

const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * One keyed AEAD instance. It is deliberately thin (a nonce length check and
 * one call into noble per operation), so the record layer pays nothing for the
 * abstraction: `pnpm bench` measures it against calling noble directly.
 */
class NobleAeadKey implements AeadKey {
  readonly algorithm: AeadAlgorithm;
  readonly #cipher: NobleAead;
  #key: Uint8Array;
  #destroyed = false;

  constructor(algorithm: AeadAlgorithm, cipher: NobleAead, key: Uint8Array) {
    this.algorithm = algorithm;
    this.#cipher = cipher;
    this.#key = key.slice();
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    this.#check(nonce);
    return this.#cipher(this.#key, nonce, aad).encrypt(plaintext);
  }

  open(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
    this.#check(nonce);
    if (ciphertextAndTag.length < TAG_LENGTH) return undefined;
    try {
      // noble checks the tag before it returns anything, so a failure never
      // leaves partial plaintext behind.
      return this.#cipher(this.#key, nonce, aad).decrypt(ciphertextAndTag);
    } catch {
      return undefined;
    }
  }

  destroy(): void {
    this.#key.fill(0);
    this.#key = new Uint8Array(0);
    this.#destroyed = true;
  }

  #check(nonce: Uint8Array): void {
    if (this.#destroyed) throw new TypeError(`${this.algorithm.name}: key used after destroy()`);
    if (nonce.length !== NONCE_LENGTH) {
      throw new RangeError(
        `${this.algorithm.name}: nonce must be ${NONCE_LENGTH} bytes, got ${nonce.length}`,
      );
    }
  }
}

function nobleAead(name: AeadName, keyLength: number, cipher: NobleAead): AeadAlgorithm {
  const algorithm: AeadAlgorithm = Object.freeze({
    name,
    keyLength,
    nonceLength: NONCE_LENGTH,
    tagLength: TAG_LENGTH,
    create(key: Uint8Array): AeadKey {
      if (!(key instanceof Uint8Array)) throw new TypeError(`${name}: key must be a Uint8Array`);
      if (key.length !== keyLength) {
        throw new RangeError(`${name}: key must be ${keyLength} bytes, got ${key.length}`);
      }
      return new NobleAeadKey(algorithm, cipher, key);
    },
  });
  return algorithm;
}

/** AES-128-GCM, AES-256-GCM (NIST SP 800-38D) and ChaCha20-Poly1305 (RFC 8439) on @noble/ciphers. */
export const nobleAeads: Readonly<Record<AeadName, AeadAlgorithm>> = /* @__PURE__ */ Object.freeze({
  AES_128_GCM: /* @__PURE__ */ nobleAead('AES_128_GCM', 16, gcm),
  AES_256_GCM: /* @__PURE__ */ nobleAead('AES_256_GCM', 32, gcm),
  CHACHA20_POLY1305: /* @__PURE__ */ nobleAead('CHACHA20_POLY1305', 32, chacha20poly1305),
});
