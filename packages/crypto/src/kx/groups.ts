import type { KeyExchangeGroup } from '../types.js';
import {
  ffdhe2048Group,
  ffdhe3072Group,
  ffdhe4096Group,
  ffdhe6144Group,
  ffdhe8192Group,
} from './ffdhe.js';
import { secp256r1Group, secp384r1Group, secp521r1Group } from './nist.js';
import { x448Group } from './x448.js';
import { x25519Group } from './x25519.js';
import { x25519MlKem768Group } from './x25519-mlkem768.js';

export {
  ffdhe2048Group,
  ffdhe3072Group,
  ffdhe4096Group,
  ffdhe6144Group,
  ffdhe8192Group,
} from './ffdhe.js';
export { secp256r1Group, secp384r1Group, secp521r1Group } from './nist.js';
export { x448Group } from './x448.js';
export { x25519Group } from './x25519.js';
export { x25519MlKem768Group } from './x25519-mlkem768.js';

/**
 * The key exchange groups of the noble provider, in default preference order.
 * Apart from the hybrid, this is OpenSSL 3.0's default order
 * (x25519:secp256r1:x448:secp521r1:secp384r1:ffdhe2048:…:ffdhe8192): x25519
 * first (fastest here, 32-byte shares, the usual first key share), then
 * secp256r1, then the hybrid X25519MLKEM768, then x448, secp521r1,
 * secp384r1 and the RFC 7919 finite-field groups, smallest first (these cost
 * milliseconds to tens of milliseconds each in BigInt arithmetic).
 *
 * Why the hybrid is not first: its client share is 1216 bytes and it costs an
 * ML-KEM keygen on every ClientHello; offered as a second key share or
 * chosen by a server that prefers it, it gives post-quantum protection
 * where the peer asks for it. Applications that want it by default reorder
 * the list (`{ ...nobleProvider, groups: [x25519MlKem768Group, ...] }`).
 */
export const nobleGroups: readonly KeyExchangeGroup[] = /* @__PURE__ */ Object.freeze([
  x25519Group,
  secp256r1Group,
  x25519MlKem768Group,
  x448Group,
  secp521r1Group,
  secp384r1Group,
  ffdhe2048Group,
  ffdhe3072Group,
  ffdhe4096Group,
  ffdhe6144Group,
  ffdhe8192Group,
]);
