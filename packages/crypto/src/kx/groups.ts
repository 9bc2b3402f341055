import type { KeyExchangeGroup } from '../types.js';
import { secp256r1Group, secp384r1Group } from './nist.js';
import { x25519Group } from './x25519.js';
import { x25519MlKem768Group } from './x25519-mlkem768.js';

export { secp256r1Group, secp384r1Group } from './nist.js';
export { x25519Group } from './x25519.js';
export { x25519MlKem768Group } from './x25519-mlkem768.js';

/**
 * The key exchange groups of the noble provider, in default preference order:
 * x25519 first (fastest here, 32-byte shares, the usual first key share),
 * then secp256r1, then the hybrid X25519MLKEM768, then secp384r1.
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
  secp384r1Group,
]);
