import { type Reader, vector, type Writer } from '@strata/wire';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import {
  CERTIFICATE_REQUEST_EXTENSIONS,
  type CertificateRequestExtension,
} from './extensions/contexts.js';

/** `opaque certificate_request_context<0..2^8-1>`, RFC 8446 §4.3.2 and §4.4.2. */
export const CERTIFICATE_REQUEST_CONTEXT = /* @__PURE__ */ vector(1, 0, 0xff);
/** `Extension extensions<2..2^16-1>`, RFC 8446 §4.3.2. */
const EXTENSIONS = /* @__PURE__ */ vector(2, 2, 0xffff);

/**
 * RFC 8446 §4.3.2 (TLS 1.3 form). signature_algorithms is required; that
 * it is present is the engine's check (missing_extension).
 *
 *   struct {
 *       opaque certificate_request_context<0..2^8-1>;
 *       Extension extensions<2..2^16-1>;
 *   } CertificateRequest;
 */
export interface CertificateRequest {
  readonly kind: 'certificate_request';
  readonly certificateRequestContext: Uint8Array;
  readonly extensions: readonly CertificateRequestExtension[];
}

export function readCertificateRequest(r: Reader): CertificateRequest {
  return {
    kind: 'certificate_request',
    certificateRequestContext: r.vector(
      CERTIFICATE_REQUEST_CONTEXT,
      'CertificateRequest.certificate_request_context',
    ),
    extensions: decodeExtensionBlock(
      r,
      EXTENSIONS,
      'certificate_request',
      CERTIFICATE_REQUEST_EXTENSIONS,
      'CertificateRequest.extensions',
    ),
  };
}

export function writeCertificateRequest(w: Writer, cr: CertificateRequest): void {
  w.vector(CERTIFICATE_REQUEST_CONTEXT, cr.certificateRequestContext);
  encodeExtensionBlock(w, EXTENSIONS, CERTIFICATE_REQUEST_EXTENSIONS, cr.extensions);
}
