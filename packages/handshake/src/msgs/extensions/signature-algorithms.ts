import { type Reader, vector, type Writer } from '@strata/wire';
import type { SignatureSchemeCode } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `SignatureScheme supported_signature_algorithms<2..2^16-2>`, RFC 8446 §4.2.3. */
const SIGNATURE_SCHEME_LIST = /* @__PURE__ */ vector(2, 2, 0xfffe);

/**
 * RFC 8446 §4.2.3: the body of both signature_algorithms and
 * signature_algorithms_cert, in ClientHello and CertificateRequest.
 *
 *   struct { SignatureScheme supported_signature_algorithms<2..2^16-2>; } SignatureSchemeList;
 */
export const signatureSchemeListCodec: ExtensionCodec<readonly SignatureSchemeCode[]> = {
  decode: (r: Reader) =>
    r.list(SIGNATURE_SCHEME_LIST, 'supported_signature_algorithms', (r) =>
      r.u16('SignatureScheme'),
    ),
  encode(w: Writer, schemes: readonly SignatureSchemeCode[]) {
    w.prefixed(SIGNATURE_SCHEME_LIST, (w) => {
      for (const s of schemes) w.u16(s);
    });
  },
};
