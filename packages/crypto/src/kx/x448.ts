import { x448 as nobleX448 } from '@noble/curves/ed448.js';
import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { draw, expectShareLength, illegalShare, isAllZero, singleUse } from './util.js';

const NAME = 'x448';
/** Private keys, public keys and shared secrets are all 56 bytes (RFC 7748 §5). */
const SIZE = 56;

/**
 * X448 (RFC 7748 §6.2) on a given private key: the shared secret with a
 * peer's 56-byte public key. RFC 7748 §6.2 and RFC 8446 §7.4.2: a peer key
 * giving the all-zero output (a low-order point) is refused, here as an
 * `illegal_parameter` TlsError. noble rejects the known low-order
 * u-coordinates before the ladder; the output is checked for zero again.
 */
export function x448Shared(privateKey: Uint8Array, peerShare: Uint8Array): Uint8Array {
  expectShareLength(NAME, peerShare, SIZE);
  let shared: Uint8Array;
  try {
    shared = nobleX448.scalarMult(privateKey, peerShare);
  } catch {
    return illegalShare(NAME, 'KX_LOW_ORDER', 'peer key share is a low-order point');
  }
  if (isAllZero(shared)) illegalShare(NAME, 'KX_LOW_ORDER', 'shared secret is all zero');
  return shared;
}

/** The public key (RFC 7748 `X448(k, 5)`) of a 56-byte private key. */
export function x448PublicKey(privateKey: Uint8Array): Uint8Array {
  return nobleX448.getPublicKey(privateKey);
}

/**
 * An X448 exchange whose private key is exactly the 56 bytes drawn from
 * `random` (clamped by the function, RFC 7748 §5), as for x25519.
 */
export function x448Start(random: Random): KeyExchange {
  const privateKey = draw(random, SIZE).slice();
  const publicKey = x448PublicKey(privateKey);
  const use = singleUse(NAME);
  return {
    publicKey,
    complete(peerShare: Uint8Array): Uint8Array {
      use();
      try {
        return x448Shared(privateKey, peerShare);
      } finally {
        privateKey.fill(0);
      }
    },
  };
}

/** x448, NamedGroup 0x001E (RFC 8446 §4.2.7). */
export const x448Group: KeyExchangeGroup = /* @__PURE__ */ Object.freeze({
  code: 0x001e,
  name: NAME,
  opensslName: 'X448',
  start: x448Start,
  respond(peerShare: Uint8Array, random: Random) {
    expectShareLength(NAME, peerShare, SIZE);
    const kx = x448Start(random);
    return { publicKey: kx.publicKey, sharedSecret: kx.complete(peerShare) };
  },
});
