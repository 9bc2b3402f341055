import { type Reader, vector, type Writer } from '@strata/wire';
import type { SignatureSchemeCode } from './codes.js';

/** `opaque signature<0..2^16-1>`, RFC 8446 §4.4.3. */
const SIGNATURE = /* @__PURE__ */ vector(2, 0, 0xffff);

/**
 * RFC 8446 §4.4.3.
 *
 *   struct { SignatureScheme algorithm; opaque signature<0..2^16-1>; } CertificateVerify;
 */
export interface CertificateVerify {
  readonly kind: 'certificate_verify';
  readonly algorithm: SignatureSchemeCode;
  readonly signature: Uint8Array;
}

export function readCertificateVerify(r: Reader): CertificateVerify {
  return {
    kind: 'certificate_verify',
    algorithm: r.u16('CertificateVerify.algorithm'),
    signature: r.vector(SIGNATURE, 'CertificateVerify.signature'),
  };
}

export function writeCertificateVerify(w: Writer, cv: CertificateVerify): void {
  w.u16(cv.algorithm).vector(SIGNATURE, cv.signature);
}
