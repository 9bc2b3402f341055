import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { montgomeryGroup } from './montgomery.js';

const X25519 = /* @__PURE__ */ montgomeryGroup(nobleX25519, {
  code: 0x001d,
  name: 'x25519',
  opensslName: 'X25519',
  size: 32,
});

/**
 * X25519 (RFC 7748 §6.1) on a given private key: the shared secret with a
 * peer's 32-byte public key; a low-order peer key (the all-zero output) is an
 * `illegal_parameter` TlsError.
 */
export const x25519Shared: (privateKey: Uint8Array, peerShare: Uint8Array) => Uint8Array =
  X25519.shared;

/** The public key (RFC 7748 `X25519(k, 9)`) of a 32-byte private key. */
export const x25519PublicKey: (privateKey: Uint8Array) => Uint8Array = X25519.publicKey;

/**
 * An X25519 exchange whose private key is exactly the 32 bytes drawn from
 * `random` (clamped by the function itself, RFC 7748 §5), so RFC 8448 traces
 * replay by injecting the private key as "random".
 */
export const x25519Start: (random: Random) => KeyExchange = X25519.start;

/** x25519, NamedGroup 0x001D (RFC 8446 §4.2.7). */
export const x25519Group: KeyExchangeGroup = X25519.group;
