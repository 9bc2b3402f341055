import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { draw, expectShareLength, illegalShare, isAllZero, singleUse } from './util.js';

/** The two noble functions an RFC 7748 curve needs. */
interface MontgomeryCurve {
  scalarMult(scalar: Uint8Array, u: Uint8Array): Uint8Array;
  getPublicKey(privateKey: Uint8Array): Uint8Array;
}

export interface MontgomeryGroupSpec {
  readonly code: number;
  readonly name: string;
  readonly opensslName: string;
  /** Private keys, public keys and shared secrets are all this long (RFC 7748 §5). */
  readonly size: number;
}

export interface MontgomeryGroup {
  /** The shared secret of a private key with a peer's public key. */
  readonly shared: (privateKey: Uint8Array, peerShare: Uint8Array) => Uint8Array;
  /** The public key (`X(k, base point)`) of a private key. */
  readonly publicKey: (privateKey: Uint8Array) => Uint8Array;
  /** An exchange whose private key is exactly the bytes drawn from `random`. */
  readonly start: (random: Random) => KeyExchange;
  readonly group: KeyExchangeGroup;
}

/**
 * What x25519 and x448 (RFC 7748 §6) share. The private key is exactly the
 * `size` bytes drawn from `random` (the function clamps it, RFC 7748 §5), so
 * RFC 8448 traces replay by injecting the private key as "random". A peer
 * key of the wrong length, or a low-order one (noble rejects the known
 * low-order u-coordinates before the ladder; an all-zero output is checked
 * again, RFC 7748 §6 and RFC 8446 §7.4.2), is an `illegal_parameter`
 * TlsError. Each exchange is single-use and wipes its private key once used.
 */
export function montgomeryGroup(
  curve: MontgomeryCurve,
  spec: MontgomeryGroupSpec,
): MontgomeryGroup {
  const { name, size } = spec;
  const shared = (privateKey: Uint8Array, peerShare: Uint8Array): Uint8Array => {
    expectShareLength(name, peerShare, size);
    let out: Uint8Array;
    try {
      out = curve.scalarMult(privateKey, peerShare);
    } catch {
      return illegalShare(name, 'KX_LOW_ORDER', 'peer key share is a low-order point');
    }
    if (isAllZero(out)) illegalShare(name, 'KX_LOW_ORDER', 'shared secret is all zero');
    return out;
  };
  const publicKey = (privateKey: Uint8Array): Uint8Array => curve.getPublicKey(privateKey);
  const start = (random: Random): KeyExchange => {
    const privateKey = draw(random, size).slice();
    const pub = publicKey(privateKey);
    const use = singleUse(name);
    return {
      publicKey: pub,
      complete(peerShare: Uint8Array): Uint8Array {
        use();
        try {
          return shared(privateKey, peerShare);
        } finally {
          privateKey.fill(0);
        }
      },
    };
  };
  const group: KeyExchangeGroup = Object.freeze({
    code: spec.code,
    name,
    opensslName: spec.opensslName,
    start,
    respond(peerShare: Uint8Array, random: Random) {
      expectShareLength(name, peerShare, size);
      const kx = start(random);
      return { publicKey: kx.publicKey, sharedSecret: kx.complete(peerShare) };
    },
  });
  return { shared, publicKey, start, group };
}
