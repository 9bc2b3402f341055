import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { EcCurve, KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { draw, expectShareLength, illegalShare, singleUse } from './util.js';

type NobleCurve = typeof p256;

/**
 * The curves with an ECDH group. `P-521` is listed whether or not `EcCurve`
 * (the signature keys' curves) includes it, so secp521r1 key exchange does
 * not depend on ecdsa_secp521r1_sha512.
 */
export type NistCurve = EcCurve | 'P-521';

interface CurveInfo {
  readonly curve: NistCurve;
  readonly noble: NobleCurve;
  /** Field element size in bytes. */
  readonly size: number;
  /** Random bytes drawn per private key (noble's `lengths.seed`: 1.5 × the order's size). */
  readonly seedLength: number;
}

/** The noble curve behind each `EcCurve` name, shared with the ECDSA code. */
export const nistCurves: Readonly<Record<NistCurve, CurveInfo>> = /* @__PURE__ */ Object.freeze({
  'P-256': { curve: 'P-256', noble: p256, size: 32, seedLength: p256.lengths.seed ?? 48 },
  'P-384': { curve: 'P-384', noble: p384, size: 48, seedLength: p384.lengths.seed ?? 72 },
  'P-521': { curve: 'P-521', noble: p521, size: 66, seedLength: p521.lengths.seed ?? 99 },
});

/**
 * A private scalar from random bytes, the documented way: draw `seedLength`
 * bytes (48 for P-256, 72 for P-384, 99 for P-521: half as many again as the
 * order's size),
 * read them big-endian as an integer `c` and take `d = (c mod (n − 1)) + 1`
 * (FIPS 186-5 §A.2.1, "extra random bits"; noble's `randomSecretKey(seed)`).
 * The bias is below 2^-128 and `d` is never zero.
 */
export function ecPrivateKeyFromRandom(info: CurveInfo, random: Random): Uint8Array {
  return info.noble.utils.randomSecretKey(draw(random, info.seedLength));
}

/**
 * ECDH on a NIST curve with TLS encodings (RFC 8446 §4.2.8.2): the share is
 * the uncompressed point `0x04 ‖ X ‖ Y`; the shared secret is the
 * x-coordinate of the shared point. A share of the wrong length, in
 * compressed or hybrid form, with a coordinate not below p, or not on the
 * curve is an `illegal_parameter` TlsError. (The point at infinity has no
 * uncompressed encoding, and the curves have cofactor 1, so no share can lead
 * to it.)
 */
export function ecdhShared(
  info: CurveInfo,
  name: string,
  d: Uint8Array,
  peer: Uint8Array,
): Uint8Array {
  expectShareLength(name, peer, 1 + 2 * info.size);
  if (peer[0] !== 0x04) {
    illegalShare(name, 'KX_POINT_FORM', 'key share must be an uncompressed point (0x04)');
  }
  let point: Uint8Array;
  try {
    point = info.noble.getSharedSecret(d, peer, true);
  } catch {
    return illegalShare(name, 'KX_INVALID_POINT', 'key share is not a point on the curve');
  }
  // Compressed encoding: 1 byte of parity, then X.
  return point.slice(1, 1 + info.size);
}

function nistGroup(
  code: number,
  name: string,
  opensslName: string,
  curve: NistCurve,
): KeyExchangeGroup {
  const info = nistCurves[curve];
  const start = (random: Random): KeyExchange => {
    const d = ecPrivateKeyFromRandom(info, random);
    const publicKey = info.noble.getPublicKey(d, false);
    const use = singleUse(name);
    return {
      publicKey,
      complete(peerShare: Uint8Array): Uint8Array {
        use();
        try {
          return ecdhShared(info, name, d, peerShare);
        } finally {
          d.fill(0);
        }
      },
    };
  };
  return Object.freeze({
    code,
    name,
    opensslName,
    start,
    respond(peerShare: Uint8Array, random: Random) {
      expectShareLength(name, peerShare, 1 + 2 * info.size);
      const kx = start(random);
      return { publicKey: kx.publicKey, sharedSecret: kx.complete(peerShare) };
    },
  });
}

/** secp256r1, NamedGroup 0x0017. */
export const secp256r1Group: KeyExchangeGroup = /* @__PURE__ */ nistGroup(
  0x0017,
  'secp256r1',
  'P-256',
  'P-256',
);

/** secp384r1, NamedGroup 0x0018. */
export const secp384r1Group: KeyExchangeGroup = /* @__PURE__ */ nistGroup(
  0x0018,
  'secp384r1',
  'P-384',
  'P-384',
);

/**
 * secp521r1, NamedGroup 0x0019: 133-byte uncompressed shares, a 66-byte
 * shared secret (the x-coordinate, left-padded to the field size as SEC 1
 * and RFC 8446 §7.4.2 require).
 */
export const secp521r1Group: KeyExchangeGroup = /* @__PURE__ */ nistGroup(
  0x0019,
  'secp521r1',
  'P-521',
  'P-521',
);
