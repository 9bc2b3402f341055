import { type Reader, TlsError, vector, type Writer } from '@strata/wire';
import { ProtocolVersion } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `ProtocolVersion versions<2..254>`, RFC 8446 §4.2.1. */
const VERSIONS = /* @__PURE__ */ vector(1, 2, 254);

/**
 * The ClientHello form, RFC 8446 §4.2.1; unknown and GREASE versions are kept.
 *
 *   struct { ProtocolVersion versions<2..254>; } SupportedVersions;  (ClientHello)
 */
export const supportedVersionsClientHelloCodec: ExtensionCodec<readonly number[]> = {
  decode: (r: Reader) => r.list(VERSIONS, 'versions', (r) => r.u16('ProtocolVersion')),
  encode(w: Writer, versions: readonly number[]) {
    w.prefixed(VERSIONS, (w) => {
      for (const v of versions) w.u16(v);
    });
  },
};

/**
 * The ServerHello and HelloRetryRequest form. A version below TLS 1.3 here is
 * `illegal_parameter` (§4.2.1: "If the "supported_versions" extension in the
 * ServerHello contains ... a version prior to TLS 1.3, the client MUST abort
 * the handshake with an "illegal_parameter" alert"); whether the client
 * offered it is the engine's check.
 *
 *   struct { ProtocolVersion selected_version; } SupportedVersions;  (ServerHello, HelloRetryRequest)
 */
export const supportedVersionsServerHelloCodec: ExtensionCodec<number> = {
  decode(r: Reader) {
    const version = r.u16('selected_version');
    if (version < ProtocolVersion.tls1_3) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_SELECTED_VERSION_BELOW_TLS13',
        `tls: supported_versions selects ${ProtocolVersion.name(version)}, below TLS 1.3`,
      );
    }
    return version;
  },
  encode: (w: Writer, version: number) => void w.u16(version),
};
