import { type Reader, TlsError, vector, type Writer } from '@strata/wire';
import type { NamedGroup } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `opaque key_exchange<1..2^16-1>`, RFC 8446 §4.2.8. */
const KEY_EXCHANGE = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `KeyShareEntry client_shares<0..2^16-1>`, RFC 8446 §4.2.8. */
const CLIENT_SHARES = /* @__PURE__ */ vector(2, 0, 0xffff);

/**
 * RFC 8446 §4.2.8.
 *
 *   struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
 */
export interface KeyShareEntry {
  readonly group: NamedGroup;
  readonly keyExchange: Uint8Array;
}

function readEntry(r: Reader): KeyShareEntry {
  return {
    group: r.u16('KeyShareEntry.group'),
    keyExchange: r.vector(KEY_EXCHANGE, 'key_exchange'),
  };
}

function writeEntry(w: Writer, e: KeyShareEntry): void {
  w.u16(e.group).vector(KEY_EXCHANGE, e.keyExchange);
}

/**
 * The ClientHello form. "Clients MUST NOT offer multiple KeyShareEntry values
 * for the same group": a repeat is `illegal_parameter` (§4.2.8).
 *
 *   struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
 */
export const keyShareClientHelloCodec: ExtensionCodec<readonly KeyShareEntry[]> = {
  decode(r: Reader) {
    const shares = r.list(CLIENT_SHARES, 'client_shares', readEntry);
    const groups = new Set<number>();
    for (const s of shares) {
      if (groups.has(s.group)) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_DUPLICATE_KEY_SHARE',
          `tls: key_share offers group 0x${s.group.toString(16).padStart(4, '0')} twice`,
        );
      }
      groups.add(s.group);
    }
    return shares;
  },
  encode(w: Writer, shares: readonly KeyShareEntry[]) {
    w.prefixed(CLIENT_SHARES, (w) => {
      for (const s of shares) writeEntry(w, s);
    });
  },
};

/**
 * The ServerHello form.
 *
 *   struct { KeyShareEntry server_share; } KeyShareServerHello;
 */
export const keyShareServerHelloCodec: ExtensionCodec<KeyShareEntry> = {
  decode: readEntry,
  encode: writeEntry,
};

/**
 * The HelloRetryRequest form: the group the server wants a share for.
 *
 *   struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
 */
export const keyShareHelloRetryRequestCodec: ExtensionCodec<NamedGroup> = {
  decode: (r: Reader) => r.u16('selected_group'),
  encode: (w: Writer, group: NamedGroup) => void w.u16(group),
};
