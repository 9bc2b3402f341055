export { nobleAeads } from './aead/noble-aeads.js';
export { timingSafeEqual } from './constant-time.js';
export { nobleHashes } from './hash/noble-hashes.js';
export { tls12Prf } from './kdf/tls12-prf.js';
// TLS key derivation built on a provider's hashes.
export { deriveSecret, hkdfExpandLabel } from './kdf/tls13.js';
export { nobleGroups } from './kx/groups.js';
// Provider assembly and the pieces it is made of.
export { nobleProvider } from './provider.js';
export { systemRandom } from './random.js';
// Code points and lookups by code point.
export {
  CipherSuiteCode,
  cipherSuiteByCode,
  cipherSuiteByName,
  groupByCode,
  groupByName,
  NamedGroup,
  SignatureSchemeCode,
  signatureSchemeByCode,
  signatureSchemeByName,
} from './registry.js';
export { nobleSign, nobleSignatureSchemes, nobleVerify } from './sig/schemes.js';
export {
  cipherSuitesFor,
  nobleCipherSuites,
  type SuitePrimitives,
} from './suites/cipher-suites.js';
export type {
  AeadAlgorithm,
  AeadKey,
  AeadName,
  CipherSuite,
  CryptoProvider,
  EcCurve,
  HashAlgorithm,
  HashName,
  HashState,
  KeyExchange,
  KeyExchangeGroup,
  KeyKind,
  PrivateKey,
  PublicKey,
  Random,
  SignatureAlgorithm,
  SignatureScheme,
} from './types.js';
