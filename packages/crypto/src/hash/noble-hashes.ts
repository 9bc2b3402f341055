import { expand, extract } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm, HashName, HashState } from '../types.js';

type NobleHash = typeof sha256 | typeof sha384 | typeof sha512;

/**
 * A `HashAlgorithm` over one noble hash. The incremental state is noble's own
 * object: its `update` returns itself and its `clone()` copies the state, which
 * is exactly the `HashState` contract, so transcript hashes pay no wrapper.
 */
function nobleHash(name: HashName, hash: NobleHash): HashAlgorithm {
  const outputLength = hash.outputLen;
  return Object.freeze({
    name,
    outputLength,
    blockLength: hash.blockLen,
    create: (): HashState => hash.create() as HashState,
    digest: (data: Uint8Array): Uint8Array => hash(data),
    hmac: (key: Uint8Array, data: Uint8Array): Uint8Array => hmac(hash, key, data),
    hkdfExtract: (salt: Uint8Array, ikm: Uint8Array): Uint8Array => extract(hash, ikm, salt),
    hkdfExpand: (prk: Uint8Array, info: Uint8Array, length: number): Uint8Array => {
      if (!Number.isSafeInteger(length) || length < 0 || length > 255 * outputLength) {
        throw new RangeError(
          `${name}: HKDF-Expand length must be 0..${255 * outputLength}, got ${length}`,
        );
      }
      if (prk.length < outputLength) {
        throw new RangeError(`${name}: HKDF-Expand PRK must be at least ${outputLength} bytes`);
      }
      return expand(hash, prk, info, length);
    },
  });
}

/** SHA-256, SHA-384 and SHA-512 with HMAC and HKDF, on @noble/hashes. */
export const nobleHashes: Readonly<Record<HashName, HashAlgorithm>> = /* @__PURE__ */ Object.freeze(
  {
    sha256: /* @__PURE__ */ nobleHash('sha256', sha256),
    sha384: /* @__PURE__ */ nobleHash('sha384', sha384),
    sha512: /* @__PURE__ */ nobleHash('sha512', sha512),
  },
);
