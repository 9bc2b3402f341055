import { nistCurves } from '../kx/nist.js';
import type { EcCurve, HashName, PrivateKey, PublicKey, Random } from '../types.js';
import { hashByName } from './hash.js';

function curveInfo(curve: EcCurve) {
  const info = (nistCurves as Record<string, (typeof nistCurves)[EcCurve] | undefined>)[curve];
  if (info === undefined) throw new TypeError(`ecdsa: unsupported curve ${String(curve)}`);
  return info;
}

/**
 * ECDSA signature over `hash(message)` as DER (`ECDSA-Sig-Value`, RFC 3279
 * §2.2.3), as TLS and X.509 carry it. Any hash on any supported curve (X.509
 * allows ecdsa-with-SHA256 on a P-384 key); the digest is truncated or used
 * as is per SEC 1 §4.1.3. The nonce is RFC 6979 deterministic, hedged with 32
 * bytes from `random` (RFC 6979 §3.6), and S is normalised to the low half.
 * A key that is not an EC key is a caller mistake: `TypeError`.
 */
export function ecdsaSign(
  hash: HashName,
  key: PrivateKey,
  message: Uint8Array,
  random: Random,
): Uint8Array {
  if (key.kind !== 'ec') throw new TypeError(`ecdsa: cannot sign with a ${key.kind} key`);
  const info = curveInfo(key.curve);
  if (!(key.d instanceof Uint8Array) || key.d.length !== info.size) {
    throw new TypeError(`ecdsa: ${key.curve} private key must be ${info.size} bytes`);
  }
  const digest = hashByName(hash)(message);
  const extraEntropy = random(32);
  if (!(extraEntropy instanceof Uint8Array) || extraEntropy.length !== 32) {
    throw new TypeError('random(32) must return 32 bytes');
  }
  try {
    return info.noble.sign(digest, key.d, {
      prehash: false,
      format: 'der',
      lowS: true,
      extraEntropy,
    });
  } catch (error) {
    // Only an out-of-range scalar (0 or ≥ n) gets here.
    throw new TypeError(`ecdsa: invalid ${key.curve} private key`, { cause: error });
  }
}

/**
 * Verifies a DER ECDSA signature over `hash(message)`. Accepts high and low S
 * (TLS peers and OpenSSL do not normalise S). False, never an exception, for
 * a key that is not EC, a point that is not uncompressed or not on the curve,
 * malformed or non-canonical DER, trailing bytes, r or s out of [1, n−1].
 * `curve`, when given, is the curve the key must be on (TLS 1.3 schemes).
 */
export function ecdsaVerify(
  hash: HashName,
  key: PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
  curve?: EcCurve,
): boolean {
  if (key.kind !== 'ec') return false;
  if (curve !== undefined && key.curve !== curve) return false;
  const info = (nistCurves as Record<string, (typeof nistCurves)[EcCurve] | undefined>)[key.curve];
  if (info === undefined) return false;
  if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array)) return false;
  if (key.point.length !== 1 + 2 * info.size || key.point[0] !== 0x04) return false;
  // DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }, each at most size+1 bytes.
  if (signature.length < 8 || signature.length > 2 * (info.size + 3) + 3) return false;
  try {
    const digest = hashByName(hash)(message);
    return info.noble.verify(signature, digest, key.point, {
      prehash: false,
      format: 'der',
      lowS: false,
    });
  } catch {
    return false;
  }
}
