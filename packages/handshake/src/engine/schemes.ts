import type { PrivateKey, PublicKey, SignatureScheme } from '@strata/crypto';

/**
 * Whether a TLS 1.3 CertificateVerify with `scheme` can be made or checked
 * with this key (RFC 8446 §4.2.3): same key type, ECDSA curve bound to the
 * hash, rsa_pss_pss_* only with id-RSASSA-PSS keys and rsa_pss_rsae_* only
 * with rsaEncryption keys, and never an rsa_pkcs1_* scheme.
 */
export function schemeFitsKey(
  scheme: SignatureScheme,
  key: PublicKey | PrivateKey,
  pssOnly: boolean,
): boolean {
  if (!scheme.tls13 || scheme.keyKind !== key.kind) return false;
  if (key.kind === 'ec') return scheme.curve === key.curve;
  if (key.kind === 'rsa')
    return scheme.padding === 'pss' && (scheme.pssKeyOnly ?? false) === pssOnly;
  return true;
}
