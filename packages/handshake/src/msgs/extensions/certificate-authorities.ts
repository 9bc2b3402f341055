import { type Reader, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `opaque DistinguishedName<1..2^16-1>`, RFC 8446 §4.2.4. */
const DISTINGUISHED_NAME = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `DistinguishedName authorities<3..2^16-1>`. */
const AUTHORITIES = /* @__PURE__ */ vector(2, 3, 0xffff);

/**
 * RFC 8446 §4.2.4, in ClientHello and CertificateRequest: DER-encoded X.501
 * Names, kept opaque for @strata/pki to compare.
 *
 *   opaque DistinguishedName<1..2^16-1>;
 *   struct { DistinguishedName authorities<3..2^16-1>; } CertificateAuthoritiesExtension;
 */
export const certificateAuthoritiesCodec: ExtensionCodec<readonly Uint8Array[]> = {
  decode: (r: Reader) =>
    r.list(AUTHORITIES, 'authorities', (r) => r.vector(DISTINGUISHED_NAME, 'DistinguishedName')),
  encode(w: Writer, names: readonly Uint8Array[]) {
    w.prefixed(AUTHORITIES, (w) => {
      for (const n of names) w.vector(DISTINGUISHED_NAME, n);
    });
  },
};
