import { type Reader, TlsError, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** The smallest record_size_limit an endpoint may send, RFC 8449 §4. */
export const MIN_RECORD_SIZE_LIMIT = 64;

/**
 * RFC 8449 §4, in ClientHello and EncryptedExtensions. "An endpoint MUST treat
 * receipt of a smaller value [than 64] as a fatal error and generate an
 * "illegal_parameter" alert."
 *
 *   uint16 RecordSizeLimit;
 */
export const recordSizeLimitCodec: ExtensionCodec<number> = {
  decode(r: Reader) {
    const limit = r.u16('RecordSizeLimit');
    if (limit < MIN_RECORD_SIZE_LIMIT) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_RECORD_SIZE_LIMIT_TOO_SMALL',
        `tls: record_size_limit ${limit} is below ${MIN_RECORD_SIZE_LIMIT}`,
      );
    }
    return limit;
  },
  encode: (w: Writer, limit: number) => void w.u16(limit),
};
