import { type Reader, TlsError, type Writer } from '@strata/wire';

/**
 * The lengths a verify_data may have: 12 bytes in TLS 1.2 (RFC 5246 §7.4.9),
 * Hash.length in TLS 1.3 (32 or 48 for the suites Strata knows, 64 at most).
 * Whether it is the right length for the negotiated suite is the engine's
 * check (decode_error there too).
 */
export const MIN_VERIFY_DATA_LENGTH = 12;
export const MAX_VERIFY_DATA_LENGTH = 64;

/**
 * RFC 8446 §4.4.4. The body is the verify_data with no length prefix.
 *
 *   struct { opaque verify_data[Hash.length]; } Finished;
 */
export interface Finished {
  readonly kind: 'finished';
  readonly verifyData: Uint8Array;
}

export function readFinished(r: Reader): Finished {
  const verifyData = r.rest();
  if (verifyData.length < MIN_VERIFY_DATA_LENGTH || verifyData.length > MAX_VERIFY_DATA_LENGTH) {
    throw new TlsError(
      'decode_error',
      'HANDSHAKE_FINISHED_LENGTH',
      `tls: Finished.verify_data has length ${verifyData.length}, outside ${MIN_VERIFY_DATA_LENGTH}..${MAX_VERIFY_DATA_LENGTH}`,
    );
  }
  return { kind: 'finished', verifyData };
}

export function writeFinished(w: Writer, f: Finished): void {
  if (
    f.verifyData.length < MIN_VERIFY_DATA_LENGTH ||
    f.verifyData.length > MAX_VERIFY_DATA_LENGTH
  ) {
    throw new RangeError(`Finished: verify_data of ${f.verifyData.length} bytes`);
  }
  w.bytes(f.verifyData);
}
