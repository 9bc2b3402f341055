import { type Reader, TlsError, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `opaque ProtocolName<1..2^8-1>`, RFC 7301 §3.1. */
const PROTOCOL_NAME = /* @__PURE__ */ vector(1, 1, 0xff);
/** `ProtocolName protocol_name_list<2..2^16-1>`, RFC 7301 §3.1. */
const PROTOCOL_NAME_LIST = /* @__PURE__ */ vector(2, 2, 0xffff);

/**
 * application_layer_protocol_negotiation, RFC 7301 §3.1: the ClientHello form,
 * the protocols the client offers, most preferred first.
 *
 *   opaque ProtocolName<1..2^8-1>;
 *   struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;
 */
export const protocolNameListCodec: ExtensionCodec<readonly Uint8Array[]> = {
  decode: (r: Reader) =>
    r.list(PROTOCOL_NAME_LIST, 'protocol_name_list', (r) =>
      r.vector(PROTOCOL_NAME, 'ProtocolName'),
    ),
  encode(w: Writer, names: readonly Uint8Array[]) {
    w.prefixed(PROTOCOL_NAME_LIST, (w) => {
      for (const n of names) w.vector(PROTOCOL_NAME, n);
    });
  },
};

/**
 * The server form (EncryptedExtensions, TLS 1.2 ServerHello): the same
 * structure, but "the ProtocolNameList MUST contain exactly one ProtocolName"
 * (RFC 7301 §3.1); any other count is `decode_error`, as OpenSSL and Go treat
 * it. The value is the one selected protocol.
 */
export const selectedProtocolCodec: ExtensionCodec<Uint8Array> = {
  decode(r: Reader) {
    const names = protocolNameListCodec.decode(r);
    if (names.length !== 1) {
      throw new TlsError(
        'decode_error',
        'HANDSHAKE_ALPN_NOT_ONE_PROTOCOL',
        `tls: server ALPN list has ${names.length} protocols, must have exactly one`,
      );
    }
    return names[0]!;
  },
  encode: (w: Writer, name: Uint8Array) => protocolNameListCodec.encode(w, [name]),
};
