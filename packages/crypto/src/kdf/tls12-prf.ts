import type { HashAlgorithm } from '../types.js';

const textEncoder = /* @__PURE__ */ new TextEncoder();

/**
 * The TLS 1.2 PRF, RFC 5246 §5:
 *
 *   PRF(secret, label, seed) = P_<hash>(secret, label + seed)
 *
 *   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                          HMAC_hash(secret, A(2) + seed) + ...
 *   A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
 *
 * `hash` is the cipher suite's PRF hash (SHA-256, or SHA-384 for the
 * `_SHA384` suites); `label` is ASCII, e.g. `'master secret'`,
 * `'key expansion'`, `'client finished'`.
 */
export function tls12Prf(
  hash: HashAlgorithm,
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`tls12Prf: length must be a non-negative integer, got ${length}`);
  }
  const labelBytes = textEncoder.encode(label);
  const labelAndSeed = new Uint8Array(labelBytes.length + seed.length);
  labelAndSeed.set(labelBytes);
  labelAndSeed.set(seed, labelBytes.length);

  const out = new Uint8Array(length);
  const hashLength = hash.outputLength;
  const block = new Uint8Array(hashLength + labelAndSeed.length);
  block.set(labelAndSeed, hashLength);
  let a: Uint8Array = labelAndSeed; // A(0)
  for (let offset = 0; offset < length; offset += hashLength) {
    a = hash.hmac(secret, a); // A(i)
    block.set(a, 0);
    const chunk = hash.hmac(secret, block); // HMAC(secret, A(i) + label + seed)
    out.set(chunk.subarray(0, Math.min(hashLength, length - offset)), offset);
    chunk.fill(0);
  }
  block.fill(0);
  a.fill(0);
  return out;
}
