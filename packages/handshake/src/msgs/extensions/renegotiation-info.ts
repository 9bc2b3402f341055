import { type Reader, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `opaque renegotiated_connection<0..255>`, RFC 5746 §3.2. */
const RENEGOTIATED_CONNECTION = /* @__PURE__ */ vector(1, 0, 255);

/**
 * RFC 5746 §3.2, parsed for TLS 1.2 (ClientHello, TLS 1.2 ServerHello).
 *
 *   struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo;
 */
export const renegotiationInfoCodec: ExtensionCodec<Uint8Array> = {
  decode: (r: Reader) => r.vector(RENEGOTIATED_CONNECTION, 'renegotiated_connection'),
  encode: (w: Writer, data: Uint8Array) => void w.vector(RENEGOTIATED_CONNECTION, data),
};
