import { type Reader, TlsError, type Writer } from '@strata/wire';
import { MaxFragmentLength } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/**
 * RFC 6066 §4 (parsed so it can be declined; record_size_limit supersedes it).
 * "If a server receives a maximum fragment length negotiation request for a
 * value other than the allowed values, it MUST abort the handshake with an
 * "illegal_parameter" alert"; the same holds for a client receiving one.
 *
 *   enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength;
 */
export const maxFragmentLengthCodec: ExtensionCodec<number> = {
  decode(r: Reader) {
    const value = r.u8('MaxFragmentLength');
    if (!MaxFragmentLength.has(value)) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_BAD_MAX_FRAGMENT_LENGTH',
        `tls: max_fragment_length value ${value} is not one of 1..4`,
      );
    }
    return value;
  },
  encode: (w: Writer, value: number) => void w.u8(value),
};

/** The fragment size in bytes a MaxFragmentLength value stands for (2^(8+value)). */
export function maxFragmentLengthBytes(value: number): number {
  return 1 << (8 + value);
}
