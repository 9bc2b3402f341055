import { type AlertName, TlsError } from '@strata/wire';

/**
 * Stable codes of the `TlsError`s this package throws for bad input. Parsing
 * a certificate fails with `bad_certificate`; PEM text and key files with
 * `decode_error`.
 */
export const PkiErrorCode = {
  PemBadBase64: 'PKI_PEM_BAD_BASE64',
  PemUnterminated: 'PKI_PEM_UNTERMINATED',
  PemNoBlock: 'PKI_PEM_NO_BLOCK',
  PemEncrypted: 'PKI_PEM_ENCRYPTED',
  DerTruncated: 'PKI_DER_TRUNCATED',
  DerIndefiniteLength: 'PKI_DER_INDEFINITE_LENGTH',
  DerLengthTooLarge: 'PKI_DER_LENGTH_TOO_LARGE',
  DerTagTooLarge: 'PKI_DER_TAG_TOO_LARGE',
  DerTooDeep: 'PKI_DER_TOO_DEEP',
  DerTooLarge: 'PKI_DER_TOO_LARGE',
  DerTooManyElements: 'PKI_DER_TOO_MANY_ELEMENTS',
  DerTrailingBytes: 'PKI_DER_TRAILING_BYTES',
  DerUnexpected: 'PKI_DER_UNEXPECTED_ELEMENT',
  Asn1Invalid: 'PKI_ASN1_INVALID',
  CertBadVersion: 'PKI_CERT_BAD_VERSION',
  CertBadExtension: 'PKI_CERT_BAD_EXTENSION',
  CertDuplicateExtension: 'PKI_CERT_DUPLICATE_EXTENSION',
  KeyUnsupported: 'PKI_KEY_UNSUPPORTED',
  KeyInvalid: 'PKI_KEY_INVALID',
  KeyEncrypted: 'PKI_KEY_ENCRYPTED',
  Unverified: 'PKI_CERT_VERIFY_FAILED',
} as const;

export type PkiErrorCode = (typeof PkiErrorCode)[keyof typeof PkiErrorCode];

export function pkiError(alert: AlertName, code: PkiErrorCode, message: string): TlsError {
  return new TlsError(alert, code, message.startsWith('tls:') ? message : `tls: ${message}`);
}
