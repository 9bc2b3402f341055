/**
 * Size and count limits of the record layer, each with the default other
 * stacks use. Every limit a peer can push against is here, named, exported.
 */

/** TLSPlaintext.length and the content of a TLSInnerPlaintext: at most 2^14 (RFC 8446 §5.1, RFC 5246 §6.2.1). */
export const MAX_PLAINTEXT_LENGTH = 16384;

/** The TLSInnerPlaintext (content ‖ type ‖ zeros) is at most 2^14 + 1 bytes (RFC 8446 §5.4). */
export const MAX_INNER_PLAINTEXT_LENGTH = MAX_PLAINTEXT_LENGTH + 1;

/** TLSCiphertext.length in TLS 1.3: at most 2^14 + 256 (RFC 8446 §5.2). */
export const MAX_CIPHERTEXT_LENGTH_TLS13 = MAX_PLAINTEXT_LENGTH + 256;

/** TLSCiphertext.length in TLS 1.2: at most 2^14 + 2048 (RFC 5246 §6.2.3). */
export const MAX_CIPHERTEXT_LENGTH_TLS12 = MAX_PLAINTEXT_LENGTH + 2048;

/** The smallest record_size_limit a peer may advertise (RFC 8449 §4). */
export const MIN_RECORD_SIZE_LIMIT = 64;

/**
 * Consecutive records that carry no data (empty application_data, in TLS 1.3
 * also records of padding only) before the reader gives up with
 * unexpected_message. OpenSSL's MAX_EMPTY_RECORDS is 32.
 */
export const DEFAULT_MAX_EMPTY_RECORDS = 32;

/**
 * Warning alerts in a row (no other record in between) before the reader gives
 * up with unexpected_message. OpenSSL's MAX_WARN_ALERT_COUNT is 5.
 */
export const DEFAULT_MAX_WARNING_ALERTS = 5;

/**
 * Received application data an engine should hold for its user before it stops
 * reading records (backpressure, not an error). rustls:
 * DEFAULT_RECEIVED_PLAINTEXT_LIMIT = 16 KiB.
 */
export const DEFAULT_RECEIVED_PLAINTEXT_LIMIT = 16 * 1024;

/**
 * Plaintext an engine accepts from its user before the handshake completes or
 * while output is not drained. rustls: DEFAULT_BUFFER_LIMIT = 64 KiB.
 */
export const DEFAULT_SENDABLE_PLAINTEXT_LIMIT = 64 * 1024;

/**
 * Largest handshake message the joiner accepts when its caller names no
 * limit. The handshake layer owns the real per-message limits and should
 * always pass its own; this is only a safety net (OpenSSL's default
 * max_cert_list is 100 KiB; rustls allows 64 KiB).
 */
export const DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE = 64 * 1024;
