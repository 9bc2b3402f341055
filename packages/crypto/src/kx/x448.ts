import { x448 as nobleX448 } from '@noble/curves/ed448.js';
import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { montgomeryGroup } from './montgomery.js';

const X448 = /* @__PURE__ */ montgomeryGroup(nobleX448, {
  code: 0x001e,
  name: 'x448',
  opensslName: 'X448',
  size: 56,
});

/**
 * X448 (RFC 7748 §6.2) on a given private key: the shared secret with a
 * peer's 56-byte public key; a low-order peer key (the all-zero output,
 * RFC 8446 §7.4.2) is an `illegal_parameter` TlsError.
 */
export const x448Shared: (privateKey: Uint8Array, peerShare: Uint8Array) => Uint8Array =
  X448.shared;

/** The public key (RFC 7748 `X448(k, 5)`) of a 56-byte private key. */
export const x448PublicKey: (privateKey: Uint8Array) => Uint8Array = X448.publicKey;

/** An X448 exchange whose private key is exactly the 56 bytes drawn from `random`, as for x25519. */
export const x448Start: (random: Random) => KeyExchange = X448.start;

/** x448, NamedGroup 0x001E (RFC 8446 §4.2.7). */
export const x448Group: KeyExchangeGroup = X448.group;
