import type { CryptoProvider, SignatureScheme } from '@strata/crypto';
import { equalBytes } from '@strata/wire';
import type { CertifiedKey } from '../config.js';
import type { CertificateVerify } from '../msgs/certificate-verify.js';
import { certificateVerifyContent } from '../tls13/signed-content.js';
import { schemeFitsKey } from './schemes.js';

/**
 * The first certified key (in configuration order) that can sign with a
 * scheme both sides accept, with the first such scheme in our preference
 * order; `undefined` when none fits.
 */
export function chooseCertifiedKey(
  keys: readonly CertifiedKey[],
  ourSchemes: readonly SignatureScheme[],
  peerSchemes: readonly number[],
): { key: CertifiedKey; scheme: SignatureScheme } | undefined {
  for (const key of keys) {
    for (const scheme of ourSchemes) {
      if (!peerSchemes.includes(scheme.code)) continue;
      if (schemeFitsKey(scheme, key.privateKey.key, key.privateKey.pssOnly)) return { key, scheme };
    }
  }
  return undefined;
}

/**
 * A client's choice (RFC 8446 §4.3.2): among the keys whose chain names one
 * of the server's `certificate_authorities` (as issuer or subject), the first
 * that can sign with a scheme the server accepts; failing that, any key that
 * can, as OpenSSL sends its configured certificate whatever the CA list says.
 */
export function chooseClientCertificate(
  keys: readonly CertifiedKey[],
  ourSchemes: readonly SignatureScheme[],
  peerSchemes: readonly number[],
  authorities: readonly Uint8Array[] | undefined,
): { key: CertifiedKey; scheme: SignatureScheme } | undefined {
  if (authorities && authorities.length > 0) {
    const named = keys.filter((k) =>
      k.chain.some((c) =>
        authorities.some((a) => equalBytes(a, c.issuer.der) || equalBytes(a, c.subject.der)),
      ),
    );
    const chosen = chooseCertifiedKey(named, ourSchemes, peerSchemes);
    if (chosen) return chosen;
  }
  return chooseCertifiedKey(keys, ourSchemes, peerSchemes);
}

/** Signs the CertificateVerify content of RFC 8446 §4.4.3. */
export function signCertificateVerify(
  provider: CryptoProvider,
  signer: 'server' | 'client',
  key: CertifiedKey,
  scheme: SignatureScheme,
  transcriptHash: Uint8Array,
): CertificateVerify {
  const content = certificateVerifyContent(signer, transcriptHash);
  return {
    kind: 'certificate_verify',
    algorithm: scheme.code,
    signature: provider.sign(scheme.algorithm, key.privateKey.key, content, provider.random),
  };
}
