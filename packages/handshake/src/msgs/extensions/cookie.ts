import { type Reader, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `opaque cookie<1..2^16-1>`, RFC 8446 §4.2.2. */
const COOKIE = /* @__PURE__ */ vector(2, 1, 0xffff);

/**
 * RFC 8446 §4.2.2, in HelloRetryRequest and the second ClientHello.
 *
 *   struct { opaque cookie<1..2^16-1>; } Cookie;
 */
export const cookieCodec: ExtensionCodec<Uint8Array> = {
  decode: (r: Reader) => r.vector(COOKIE, 'cookie'),
  encode: (w: Writer, cookie: Uint8Array) => void w.vector(COOKIE, cookie),
};
