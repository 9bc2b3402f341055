import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { draw, expectShareLength, illegalShare, isAllZero, singleUse } from './util.js';

const NAME = 'x25519';

/**
 * X25519 (RFC 7748 §6.1) on a given private key: the shared secret with a
 * peer's 32-byte public key. A low-order peer key (which gives the all-zero
 * output) is an `illegal_parameter` TlsError; noble rejects the known
 * low-order u-coordinates before running the ladder, and we check the output
 * for zero again.
 */
export function x25519Shared(privateKey: Uint8Array, peerShare: Uint8Array): Uint8Array {
  expectShareLength(NAME, peerShare, 32);
  let shared: Uint8Array;
  try {
    shared = nobleX25519.scalarMult(privateKey, peerShare);
  } catch {
    return illegalShare(NAME, 'KX_LOW_ORDER', 'peer key share is a low-order point');
  }
  if (isAllZero(shared)) illegalShare(NAME, 'KX_LOW_ORDER', 'shared secret is all zero');
  return shared;
}

/** The public key (RFC 7748 `X25519(k, 9)`) of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return nobleX25519.getPublicKey(privateKey);
}

/**
 * An X25519 exchange whose private key is exactly the 32 bytes drawn from
 * `random` (clamped by the function itself, RFC 7748 §5), so RFC 8448 traces
 * replay by injecting the private key as "random".
 */
export function x25519Start(random: Random): KeyExchange {
  const privateKey = draw(random, 32).slice();
  const publicKey = x25519PublicKey(privateKey);
  const use = singleUse(NAME);
  return {
    publicKey,
    complete(peerShare: Uint8Array): Uint8Array {
      use();
      try {
        return x25519Shared(privateKey, peerShare);
      } finally {
        privateKey.fill(0);
      }
    },
  };
}

/** x25519, NamedGroup 0x001D (RFC 8446 §4.2.7). */
export const x25519Group: KeyExchangeGroup = /* @__PURE__ */ Object.freeze({
  code: 0x001d,
  name: NAME,
  opensslName: 'X25519',
  start: x25519Start,
  respond(peerShare: Uint8Array, random: Random) {
    expectShareLength(NAME, peerShare, 32);
    const kx = x25519Start(random);
    return { publicKey: kx.publicKey, sharedSecret: kx.complete(peerShare) };
  },
});
