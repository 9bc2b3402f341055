import { type Reader, vector, type Writer } from '@strata/wire';
import { CERTIFICATE_REQUEST_CONTEXT } from './certificate-request.js';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import {
  CERTIFICATE_ENTRY_EXTENSIONS,
  type CertificateEntryExtension,
} from './extensions/contexts.js';

/** `opaque cert_data<1..2^24-1>`, RFC 8446 §4.4.2. */
const CERT_DATA = /* @__PURE__ */ vector(3, 1, 0xffffff);
/** `Extension extensions<0..2^16-1>` of a CertificateEntry. */
const ENTRY_EXTENSIONS = /* @__PURE__ */ vector(2, 0, 0xffff);
/** `CertificateEntry certificate_list<0..2^24-1>`. */
const CERTIFICATE_LIST = /* @__PURE__ */ vector(3, 0, 0xffffff);

/**
 * RFC 8446 §4.4.2, X.509 only (raw public keys, RFC 7250, are not supported:
 * cert_data is always a DER certificate).
 *
 *   struct {
 *       select (certificate_type) { case RawPublicKey: ...; case X509: opaque cert_data<1..2^24-1>; };
 *       Extension extensions<0..2^16-1>;
 *   } CertificateEntry;
 */
export interface CertificateEntry {
  readonly certData: Uint8Array;
  readonly extensions: readonly CertificateEntryExtension[];
}

/**
 * RFC 8446 §4.4.2 (TLS 1.3 form). An empty certificate_list is legal on the
 * wire (a client without a certificate); what it means is the engine's call.
 *
 *   struct {
 *       opaque certificate_request_context<0..2^8-1>;
 *       CertificateEntry certificate_list<0..2^24-1>;
 *   } Certificate;
 */
export interface Certificate {
  readonly kind: 'certificate';
  readonly certificateRequestContext: Uint8Array;
  readonly certificateList: readonly CertificateEntry[];
}

export function readCertificate(r: Reader): Certificate {
  const certificateRequestContext = r.vector(
    CERTIFICATE_REQUEST_CONTEXT,
    'Certificate.certificate_request_context',
  );
  const certificateList = r.list(CERTIFICATE_LIST, 'Certificate.certificate_list', (r) => ({
    certData: r.vector(CERT_DATA, 'CertificateEntry.cert_data'),
    extensions: decodeExtensionBlock(
      r,
      ENTRY_EXTENSIONS,
      'certificate',
      CERTIFICATE_ENTRY_EXTENSIONS,
      'CertificateEntry.extensions',
    ),
  }));
  return { kind: 'certificate', certificateRequestContext, certificateList };
}

export function writeCertificate(w: Writer, c: Certificate): void {
  w.vector(CERTIFICATE_REQUEST_CONTEXT, c.certificateRequestContext);
  w.prefixed(CERTIFICATE_LIST, (w) => {
    for (const entry of c.certificateList) {
      w.vector(CERT_DATA, entry.certData);
      encodeExtensionBlock(w, ENTRY_EXTENSIONS, CERTIFICATE_ENTRY_EXTENSIONS, entry.extensions);
    }
  });
}
