import { type Reader, TlsError, type Writer } from '@strata/wire';

/** The hash lengths a message_hash body may have (SHA-256, SHA-384, SHA-512). */
const HASH_LENGTHS: ReadonlySet<number> = /* @__PURE__ */ new Set([32, 48, 64]);

/**
 * The synthetic message that replaces ClientHello1 in the transcript after a
 * HelloRetryRequest, RFC 8446 §4.4.1: a handshake message of type
 * message_hash (254) whose body is Hash(ClientHello1). It is never sent; the
 * transcript hashes `encodeHandshakeMessage({ kind: 'message_hash', hash })`.
 *
 *   Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
 *       Hash(message_hash ||        (1 byte)
 *            00 00 Hash.length  ||  (2 bytes)
 *            Hash(ClientHello1) ||  (Hash.length bytes)
 *            HelloRetryRequest  || ... || Mn)
 */
export interface MessageHash {
  readonly kind: 'message_hash';
  readonly hash: Uint8Array;
}

export function readMessageHash(r: Reader): MessageHash {
  const hash = r.rest();
  if (!HASH_LENGTHS.has(hash.length)) {
    throw new TlsError(
      'decode_error',
      'HANDSHAKE_MESSAGE_HASH_LENGTH',
      `tls: message_hash body of ${hash.length} bytes is not a hash`,
    );
  }
  return { kind: 'message_hash', hash };
}

export function writeMessageHash(w: Writer, m: MessageHash): void {
  if (!HASH_LENGTHS.has(m.hash.length)) {
    throw new RangeError(`message_hash: ${m.hash.length} bytes is not a hash length`);
  }
  w.bytes(m.hash);
}
