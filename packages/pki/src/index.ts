export type { PssParameters, SignatureAlgorithmInfo } from './algorithms.js';
export {
  type Certificate,
  type CertificateExtension,
  type GeneralName,
  KeyUsage,
  type NameConstraints,
  parseCertificate,
  parseCertificatePem,
  parseCertificates,
} from './certificate.js';
export { DEFAULT_DER_LIMITS, type DerLimits } from './der.js';
export { PkiErrorCode } from './errors.js';
export {
  checkHost,
  checkIp,
  type HostnameOptions,
  type HostnamePolicy,
  opensslDnsMatch,
  strictDnsMatch,
  X509_CHECK_FLAG,
} from './hostname.js';
export { formatIp, parseIp } from './ip.js';
export {
  checkPrivateKey,
  keyFitsScheme,
  type LoadedPrivateKey,
  type PublicKeyInfo,
  parsePrivateKey,
  parsePublicKey,
  parsePublicKeyInfo,
  privateKeyMatches,
} from './keys.js';
export { type DistinguishedName, type NameAttribute, nameValues } from './name.js';
export { decodeBase64, decodePem, encodeBase64, encodePem, type PemBlock } from './pem.js';
export { TrustStore } from './trust-store.js';
export {
  assertVerified,
  DEFAULT_VERIFY_DEPTH,
  isIssuedBy,
  isSelfSigned,
  type VerifyCallback,
  type VerifyContext,
  type VerifyIssue,
  type VerifyOptions,
  type VerifyPurpose,
  type VerifyResult,
  verifyChain,
  verifyErrorAlert,
} from './verify.js';
export { verifyErrorName, verifyErrorString, X509_V } from './verify-error.js';
