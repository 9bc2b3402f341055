import { encode, type Reader, TlsError, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `opaque identity<1..2^16-1>`, RFC 8446 §4.2.11. */
const IDENTITY = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `PskIdentity identities<7..2^16-1>`. */
const IDENTITIES = /* @__PURE__ */ vector(2, 7, 0xffff);
/** `opaque PskBinderEntry<32..255>`. */
const BINDER = /* @__PURE__ */ vector(1, 32, 255);
/** `PskBinderEntry binders<33..2^16-1>`. */
const BINDERS = /* @__PURE__ */ vector(2, 33, 0xffff);

/**
 * RFC 8446 §4.2.11.
 *
 *   struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } PskIdentity;
 */
export interface PskIdentity {
  readonly identity: Uint8Array;
  readonly obfuscatedTicketAge: number;
}

/**
 * The ClientHello form, RFC 8446 §4.2.11. The binders are the last bytes of
 * the ClientHello (pre_shared_key must be its last extension), so the
 * truncated ClientHello that binders are computed over is the encoded message
 * minus `pskBindersLength(offer)` trailing bytes.
 *
 *   struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; } OfferedPsks;
 */
export interface OfferedPsks {
  readonly identities: readonly PskIdentity[];
  readonly binders: readonly Uint8Array[];
}

/**
 * Decoding rejects a different number of identities and binders with
 * `illegal_parameter` (each identity has exactly one binder, §4.2.11).
 */
export const offeredPsksCodec: ExtensionCodec<OfferedPsks> = {
  decode(r: Reader) {
    const identities = r.list(IDENTITIES, 'identities', (r) => ({
      identity: r.vector(IDENTITY, 'PskIdentity.identity'),
      obfuscatedTicketAge: r.u32('obfuscated_ticket_age'),
    }));
    const binders = r.list(BINDERS, 'binders', (r) => r.vector(BINDER, 'PskBinderEntry'));
    if (binders.length !== identities.length) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_PSK_BINDER_COUNT',
        `tls: pre_shared_key has ${identities.length} identities but ${binders.length} binders`,
      );
    }
    return { identities, binders };
  },
  encode(w: Writer, offer: OfferedPsks) {
    w.prefixed(IDENTITIES, (w) => {
      for (const id of offer.identities) {
        w.vector(IDENTITY, id.identity).u32(id.obfuscatedTicketAge);
      }
    });
    writeBinders(w, offer.binders);
  },
};

function writeBinders(w: Writer, binders: readonly Uint8Array[]): void {
  w.prefixed(BINDERS, (w) => {
    for (const b of binders) w.vector(BINDER, b);
  });
}

/**
 * The size in bytes of the binders list on the wire, its 2-byte length
 * included: what to cut off the end of an encoded ClientHello to get the
 * "truncated ClientHello" of RFC 8446 §4.2.11.2.
 */
export function pskBindersLength(binders: readonly Uint8Array[]): number {
  let length = 2;
  for (const b of binders) length += 1 + b.length;
  return length;
}

/**
 * The encoded binders list, `PskBinderEntry binders<33..2^16-1>`, for patching
 * real binders over placeholders of the same lengths.
 */
export function encodePskBinders(binders: readonly Uint8Array[]): Uint8Array {
  return encode((w) => writeBinders(w, binders));
}

/**
 * The ServerHello form: the index of the identity the server chose.
 *
 *   uint16 selected_identity;  (ServerHello)
 */
export const selectedIdentityCodec: ExtensionCodec<number> = {
  decode: (r: Reader) => r.u16('selected_identity'),
  encode: (w: Writer, index: number) => void w.u16(index),
};
