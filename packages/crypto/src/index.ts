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
// Provider assembly and the pieces it is made of.
export { nobleProvider } from './provider.js';
export { systemRandom } from './random.js';
export { timingSafeEqual } from './constant-time.js';
export { nobleHashes } from './hash/noble-hashes.js';
export { nobleAeads } from './aead/noble-aeads.js';
export { nobleGroups } from './kx/groups.js';
export { nobleSign, nobleSignatureSchemes, nobleVerify } from './sig/schemes.js';
// TLS key derivation built on a provider's hashes.
export { deriveSecret, hkdfExpandLabel } from './kdf/tls13.js';
export { tls12Prf } from './kdf/tls12-prf.js';
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
