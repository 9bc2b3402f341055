import { nobleAeads } from './aead/noble-aeads.js';
import { timingSafeEqual } from './constant-time.js';
import { nobleHashes } from './hash/noble-hashes.js';
import { nobleGroups } from './kx/groups.js';
import { systemRandom } from './random.js';
import { nobleSign, nobleSignatureSchemes, nobleVerify } from './sig/schemes.js';
import { nobleCipherSuites } from './suites/cipher-suites.js';
import type { CryptoProvider } from './types.js';

/**
 * The default provider: @noble/hashes, @noble/ciphers, @noble/curves,
 * @noble/post-quantum, the system CSPRNG. A plain object; replace any part by
 * spread: `{ ...nobleProvider, random: seededRandom('test') }`.
 */
export const nobleProvider: CryptoProvider = /* @__PURE__ */ Object.freeze({
  name: 'noble',
  random: systemRandom,
  hashes: nobleHashes,
  aeads: nobleAeads,
  groups: nobleGroups,
  signatureSchemes: nobleSignatureSchemes,
  cipherSuites: nobleCipherSuites,
  sign: nobleSign,
  verify: nobleVerify,
  timingSafeEqual,
});
