import { type Reader, vector, type Writer } from '@strata/wire';
import { CertificateStatusType } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `opaque ResponderID<1..2^16-1>`, RFC 6066 §8. */
const RESPONDER_ID = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `ResponderID responder_id_list<0..2^16-1>`. */
const RESPONDER_ID_LIST = /* @__PURE__ */ vector(2, 0, 0xffff);
/** `opaque Extensions<0..2^16-1>` (DER OCSP request extensions). */
const REQUEST_EXTENSIONS = /* @__PURE__ */ vector(2, 0, 0xffff);
/** `opaque OCSPResponse<1..2^24-1>`, RFC 6066 §8. */
const OCSP_RESPONSE = /* @__PURE__ */ vector(3, 1, 0xffffff);

/**
 * status_request in ClientHello and CertificateRequest, RFC 6066 §8 (parsed
 * only: Strata does not staple). A status type other than ocsp keeps its
 * request bytes opaque.
 *
 *   struct { CertificateStatusType status_type; select (status_type) { case ocsp: OCSPStatusRequest; } request; } CertificateStatusRequest;
 *   struct { ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions; } OCSPStatusRequest;
 */
export type CertificateStatusRequest =
  | {
      readonly statusType: typeof CertificateStatusType.ocsp;
      readonly responderIds: readonly Uint8Array[];
      readonly requestExtensions: Uint8Array;
    }
  | { readonly statusType: number; readonly request: Uint8Array };

export const certificateStatusRequestCodec: ExtensionCodec<CertificateStatusRequest> = {
  decode(r: Reader): CertificateStatusRequest {
    const statusType = r.u8('status_type');
    if (statusType !== CertificateStatusType.ocsp) return { statusType, request: r.rest() };
    return {
      statusType,
      responderIds: r.list(RESPONDER_ID_LIST, 'responder_id_list', (r) =>
        r.vector(RESPONDER_ID, 'ResponderID'),
      ),
      requestExtensions: r.vector(REQUEST_EXTENSIONS, 'request_extensions'),
    };
  },
  encode(w: Writer, req: CertificateStatusRequest) {
    w.u8(req.statusType);
    if ('request' in req) {
      w.bytes(req.request);
      return;
    }
    w.prefixed(RESPONDER_ID_LIST, (w) => {
      for (const id of req.responderIds) w.vector(RESPONDER_ID, id);
    });
    w.vector(REQUEST_EXTENSIONS, req.requestExtensions);
  },
};

/**
 * status_request in a CertificateEntry (TLS 1.3, RFC 8446 §4.4.2.1): the
 * stapled OCSP response. Other status types keep their bytes opaque.
 *
 *   struct { CertificateStatusType status_type; select (status_type) { case ocsp: OCSPResponse; } response; } CertificateStatus;
 *   opaque OCSPResponse<1..2^24-1>;
 */
export type CertificateStatus =
  | { readonly statusType: typeof CertificateStatusType.ocsp; readonly ocspResponse: Uint8Array }
  | { readonly statusType: number; readonly response: Uint8Array };

export const certificateStatusCodec: ExtensionCodec<CertificateStatus> = {
  decode(r: Reader): CertificateStatus {
    const statusType = r.u8('status_type');
    if (statusType !== CertificateStatusType.ocsp) return { statusType, response: r.rest() };
    return { statusType, ocspResponse: r.vector(OCSP_RESPONSE, 'OCSPResponse') };
  },
  encode(w: Writer, status: CertificateStatus) {
    w.u8(status.statusType);
    if ('response' in status) w.bytes(status.response);
    else w.vector(OCSP_RESPONSE, status.ocspResponse);
  },
};
