import { openEnum } from '@strata/wire';

/**
 * Record content types, RFC 8446 §5.1 (and RFC 6520 for heartbeat, which Strata
 * never negotiates):
 *
 *   enum {
 *       invalid(0), change_cipher_spec(20), alert(21), handshake(22),
 *       application_data(23), (255)
 *   } ContentType;
 *
 * An open enum: a record header may carry any byte, the deframer decides what
 * it accepts (only 20..23).
 */
export const ContentType = /* @__PURE__ */ openEnum({
  invalid: 0,
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
  heartbeat: 24,
});

/** The legacy_record_version values a record header carries (RFC 8446 §5.1, Appendix D). */
export const RecordVersion = /* @__PURE__ */ Object.freeze({
  /** TLS 1.0, allowed on the first ClientHello record for compatibility. */
  TLS1_0: 0x0301,
  /** TLS 1.2, and every TLS 1.3 record other than the first ClientHello. */
  TLS1_2: 0x0303,
} as const);

/** The protocol version a record direction runs, once negotiated. */
export type TlsVersion = 'TLS1.3' | 'TLS1.2';

/** A whole record as it came off the wire (or is about to go on it). */
export interface TlsRecord {
  /** ContentType of the outer header (TLS 1.3 protected records say application_data). */
  readonly type: number;
  /** legacy_record_version of the header. */
  readonly version: number;
  /** The fragment: plaintext, or the protected payload (explicit nonce ‖ ciphertext ‖ tag). */
  readonly fragment: Uint8Array;
}

/** The 5-byte header: type(1) ‖ version(2) ‖ length(2). */
export const RECORD_HEADER_LENGTH = 5;
