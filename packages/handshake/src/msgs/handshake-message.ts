import { encode, Reader, TlsError, type Writer } from '@strata/wire';
import { type Certificate, readCertificate, writeCertificate } from './certificate.js';
import {
  type CertificateRequest,
  readCertificateRequest,
  writeCertificateRequest,
} from './certificate-request.js';
import {
  type CertificateVerify,
  readCertificateVerify,
  writeCertificateVerify,
} from './certificate-verify.js';
import { type ClientHello, readClientHello, writeClientHello } from './client-hello.js';
import { HandshakeType } from './codes.js';
import {
  type EncryptedExtensions,
  readEncryptedExtensions,
  writeEncryptedExtensions,
} from './encrypted-extensions.js';
import {
  type EndOfEarlyData,
  readEndOfEarlyData,
  writeEndOfEarlyData,
} from './end-of-early-data.js';
import { type Finished, readFinished, writeFinished } from './finished.js';
import { type KeyUpdate, readKeyUpdate, writeKeyUpdate } from './key-update.js';
import { type MessageHash, readMessageHash, writeMessageHash } from './message-hash.js';
import {
  type NewSessionTicket,
  readNewSessionTicket,
  writeNewSessionTicket,
} from './new-session-ticket.js';
import {
  type HelloRetryRequest,
  readServerHello,
  type ServerHello,
  writeServerHello,
} from './server-hello.js';

/** `HandshakeType msg_type` + `uint24 length`, RFC 8446 §4. */
export const HANDSHAKE_HEADER_LENGTH = 4;

/**
 * Default cap on a handshake message body (64 KiB), for the engine to check
 * against the header's length before buffering a message (decode_error past
 * it). rustls and BoringSSL use the same order of magnitude.
 */
export const DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE = 0x10000;

/**
 * Default cap on a Certificate message body: 100 KiB, OpenSSL's default
 * `max_cert_list` (SSL_CTX_set_max_cert_list), since chains can be long.
 */
export const DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE = 100 * 1024;

/**
 * Default cap on a ClientHello body: the largest the
 * structure allows (2 + 32 + 1 + 32 + 2 + 65534 + 1 + 255 + 2 + 65535), as
 * OpenSSL's CLIENT_HELLO_MAX_LENGTH. A 64 KiB signature_algorithms list
 * (tlsfuzzer test-tls13-signature-algorithms.py) is legal and must be read.
 */
export const MAX_CLIENT_HELLO_SIZE = 131396;

/** Size limits for incoming handshake messages, body bytes (the 4-byte header not counted). */
export interface HandshakeSizeLimits {
  /** Every message but Certificate and ClientHello; default `DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE`. */
  readonly maxMessageSize?: number;
  /** ClientHello; default `MAX_CLIENT_HELLO_SIZE`. */
  readonly maxClientHelloSize?: number;
  /** Certificate messages; default `DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE`. */
  readonly maxCertificateSize?: number;
}

/** The largest body accepted for a message of `type` under `limits`. */
export function maxHandshakeMessageSize(type: number, limits: HandshakeSizeLimits = {}): number {
  if (type === HandshakeType.certificate || type === HandshakeType.compressed_certificate) {
    return limits.maxCertificateSize ?? DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE;
  }
  if (type === HandshakeType.client_hello) {
    return limits.maxClientHelloSize ?? MAX_CLIENT_HELLO_SIZE;
  }
  return limits.maxMessageSize ?? DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE;
}

/**
 * A handshake message of a type this codec does not parse (TLS 1.2 messages,
 * future types). Kept with its body so the engine can refuse it
 * (unexpected_message) or a later codec can read it.
 */
export interface UnknownHandshakeMessage {
  readonly kind: 'unknown';
  readonly type: number;
  readonly body: Uint8Array;
}

/** Every handshake message this codec knows, discriminated by `kind`. */
export type HandshakeMessage =
  | ClientHello
  | ServerHello
  | HelloRetryRequest
  | EncryptedExtensions
  | CertificateRequest
  | Certificate
  | CertificateVerify
  | Finished
  | NewSessionTicket
  | KeyUpdate
  | EndOfEarlyData
  | MessageHash
  | UnknownHandshakeMessage;

/**
 * A parsed message with the exact bytes it came from (header included): the
 * transcript hashes `encoded`, never a re-encoding (STYLE 5). Decoding copies
 * nothing: `encoded` and the byte fields of `parsed` are views of the input,
 * so a caller must not reuse that buffer while the message is alive.
 */
export interface Decoded<T> {
  readonly parsed: T;
  readonly encoded: Uint8Array;
}

/**
 * The handshake header:
 *
 *   struct { HandshakeType msg_type; uint24 length; select (Handshake.msg_type) { ... }; } Handshake;
 */
export interface HandshakeHeader {
  readonly type: number;
  readonly length: number;
}

/**
 * Reads the header at `offset`, or returns `undefined` when fewer than 4 bytes
 * are there. With `limits`, a length over the limit for its type fails with
 * `decode_error` at once, before the engine buffers the body.
 */
export function readHandshakeHeader(
  bytes: Uint8Array,
  offset = 0,
  limits?: HandshakeSizeLimits,
): HandshakeHeader | undefined {
  if (bytes.length - offset < HANDSHAKE_HEADER_LENGTH) return undefined;
  const type = bytes[offset]!;
  const length = (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
  if (limits !== undefined) checkHandshakeMessageSize(type, length, limits);
  return { type, length };
}

/** Throws `decode_error` when a message of `type` with a body of `length` bytes is over the limit. */
export function checkHandshakeMessageSize(
  type: number,
  length: number,
  limits: HandshakeSizeLimits = {},
): void {
  const max = maxHandshakeMessageSize(type, limits);
  if (length > max) {
    throw new TlsError(
      'decode_error',
      'HANDSHAKE_MESSAGE_TOO_LARGE',
      `tls: ${HandshakeType.name(type)} message of ${length} bytes exceeds the limit of ${max}`,
    );
  }
}

const READERS: ReadonlyMap<number, (r: Reader) => HandshakeMessage> = /* @__PURE__ */ new Map<
  number,
  (r: Reader) => HandshakeMessage
>([
  [HandshakeType.client_hello, readClientHello],
  [HandshakeType.server_hello, readServerHello],
  [HandshakeType.new_session_ticket, readNewSessionTicket],
  [HandshakeType.end_of_early_data, readEndOfEarlyData],
  [HandshakeType.encrypted_extensions, readEncryptedExtensions],
  [HandshakeType.certificate, readCertificate],
  [HandshakeType.certificate_request, readCertificateRequest],
  [HandshakeType.certificate_verify, readCertificateVerify],
  [HandshakeType.finished, readFinished],
  [HandshakeType.key_update, readKeyUpdate],
  [HandshakeType.message_hash, readMessageHash],
]);

/**
 * Decodes one message body of the given type; trailing bytes are a
 * `decode_error`. Every failure on peer bytes is a `TlsError`.
 */
export function decodeHandshakeBody(type: number, body: Uint8Array): HandshakeMessage {
  const read = READERS.get(type);
  if (!read) return { kind: 'unknown', type, body };
  const r = new Reader(body);
  const message = read(r);
  r.expectEnd(HandshakeType.name(type));
  return message;
}

/**
 * Decodes exactly one handshake message, header included (`bytes` must hold
 * the whole message and nothing more), keeping `bytes` as `encoded`.
 */
export function decodeHandshakeMessage(
  bytes: Uint8Array,
  limits?: HandshakeSizeLimits,
): Decoded<HandshakeMessage> {
  const r = new Reader(bytes);
  const type = r.u8('Handshake.msg_type');
  const length = r.u24('Handshake.length');
  if (limits !== undefined) checkHandshakeMessageSize(type, length, limits);
  const body = r.bytes(length, `${HandshakeType.name(type)} body`);
  r.expectEnd('Handshake');
  return { parsed: decodeHandshakeBody(type, body), encoded: bytes };
}

/** The wire type of a message (a HelloRetryRequest is a server_hello). */
export function handshakeTypeOf(message: HandshakeMessage): number {
  switch (message.kind) {
    case 'hello_retry_request':
      return HandshakeType.server_hello;
    case 'unknown':
      return message.type;
    default:
      return HandshakeType[message.kind];
  }
}

function writeBody(w: Writer, m: HandshakeMessage): void {
  switch (m.kind) {
    case 'client_hello':
      writeClientHello(w, m);
      return;
    case 'server_hello':
    case 'hello_retry_request':
      writeServerHello(w, m);
      return;
    case 'encrypted_extensions':
      writeEncryptedExtensions(w, m);
      return;
    case 'certificate_request':
      writeCertificateRequest(w, m);
      return;
    case 'certificate':
      writeCertificate(w, m);
      return;
    case 'certificate_verify':
      writeCertificateVerify(w, m);
      return;
    case 'finished':
      writeFinished(w, m);
      return;
    case 'new_session_ticket':
      writeNewSessionTicket(w, m);
      return;
    case 'key_update':
      writeKeyUpdate(w, m);
      return;
    case 'end_of_early_data':
      writeEndOfEarlyData(w, m);
      return;
    case 'message_hash':
      writeMessageHash(w, m);
      return;
    case 'unknown':
      w.bytes(m.body);
      return;
  }
}

/** Encodes a message with its 4-byte header: the bytes to send and to hash. */
export function encodeHandshakeMessage(message: HandshakeMessage): Uint8Array {
  return encode((w) => {
    w.u8(handshakeTypeOf(message)).u24Prefixed((w) => writeBody(w, message));
  });
}

/** Encodes a message and returns it with its bytes, as a decoded one would be. */
export function encodeDecoded<T extends HandshakeMessage>(message: T): Decoded<T> {
  return { parsed: message, encoded: encodeHandshakeMessage(message) };
}

/** The transcript stand-in for ClientHello1 after a HelloRetryRequest (RFC 8446 §4.4.1). */
export function encodeMessageHash(hashOfClientHello1: Uint8Array): Uint8Array {
  return encodeHandshakeMessage({ kind: 'message_hash', hash: hashOfClientHello1 });
}
