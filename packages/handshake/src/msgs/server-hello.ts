import { type Reader, vector, type Writer } from '@strata/wire';
import { checkRandom, LEGACY_SESSION_ID } from './client-hello.js';
import { type CipherSuiteCode, ExtensionType } from './codes.js';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import {
  HELLO_RETRY_REQUEST_EXTENSIONS,
  type HelloRetryRequestExtension,
  SERVER_HELLO_EXTENSIONS,
  type ServerHelloExtension,
} from './extensions/contexts.js';
import { HELLO_RETRY_REQUEST_RANDOM, isHelloRetryRequestRandom, RANDOM_LENGTH } from './random.js';

/**
 * `Extension extensions<6..2^16-1>` (RFC 8446 §4.1.3) for TLS 1.3, whose
 * ServerHello always carries supported_versions (6 bytes); a TLS 1.2
 * ServerHello may carry fewer bytes (`<0..2^16-1>`, RFC 5246 §7.4.1.3, e.g.
 * only renegotiation_info) or none at all.
 */
const SERVER_HELLO_EXTENSIONS_BLOCK = /* @__PURE__ */ vector(2, 0, 0xffff);
/** `Extension extensions<6..2^16-1>` of a HelloRetryRequest, RFC 8446 §4.1.3. */
const HRR_EXTENSIONS_BLOCK = /* @__PURE__ */ vector(2, 6, 0xffff);

/**
 * RFC 8446 §4.1.3. A ServerHello whose random is the HelloRetryRequest value
 * decodes as a `HelloRetryRequest` instead. Without supported_versions it is
 * a TLS 1.2 ServerHello and its extensions are checked against the TLS 1.2
 * column of the extension table.
 *
 *   struct {
 *       ProtocolVersion legacy_version = 0x0303;
 *       Random random;
 *       opaque legacy_session_id_echo<0..32>;
 *       CipherSuite cipher_suite;
 *       uint8 legacy_compression_method = 0;
 *       Extension extensions<6..2^16-1>;
 *   } ServerHello;
 */
export interface ServerHello {
  readonly kind: 'server_hello';
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly legacySessionIdEcho: Uint8Array;
  readonly cipherSuite: CipherSuiteCode;
  readonly legacyCompressionMethod: number;
  readonly extensions: readonly ServerHelloExtension[];
}

/**
 * RFC 8446 §4.1.4: a ServerHello with `random` = SHA-256("HelloRetryRequest")
 * (HELLO_RETRY_REQUEST_RANDOM, written by the encoder), which carries only
 * supported_versions, cookie and key_share (selected_group).
 *
 *   struct { ... ServerHello with random = HelloRetryRequest magic ... } HelloRetryRequest;
 */
export interface HelloRetryRequest {
  readonly kind: 'hello_retry_request';
  readonly legacyVersion: number;
  readonly legacySessionIdEcho: Uint8Array;
  readonly cipherSuite: CipherSuiteCode;
  readonly legacyCompressionMethod: number;
  readonly extensions: readonly HelloRetryRequestExtension[];
}

/** Reads a ServerHello body; the random decides whether it is a HelloRetryRequest. */
export function readServerHello(r: Reader): ServerHello | HelloRetryRequest {
  const legacyVersion = r.u16('ServerHello.legacy_version');
  const random = r.bytes(RANDOM_LENGTH, 'ServerHello.random');
  const legacySessionIdEcho = r.vector(LEGACY_SESSION_ID, 'ServerHello.legacy_session_id_echo');
  const cipherSuite = r.u16('ServerHello.cipher_suite');
  const legacyCompressionMethod = r.u8('ServerHello.legacy_compression_method');
  if (isHelloRetryRequestRandom(random)) {
    const extensions = decodeExtensionBlock(
      r,
      HRR_EXTENSIONS_BLOCK,
      'hello_retry_request',
      HELLO_RETRY_REQUEST_EXTENSIONS,
      'HelloRetryRequest.extensions',
    );
    return {
      kind: 'hello_retry_request',
      legacyVersion,
      legacySessionIdEcho,
      cipherSuite,
      legacyCompressionMethod,
      extensions,
    };
  }
  let extensions: ServerHelloExtension[] = [];
  if (!r.atEnd) {
    extensions = decodeExtensionBlock(
      r,
      SERVER_HELLO_EXTENSIONS_BLOCK,
      // supported_versions makes it a TLS 1.3 ServerHello (§4.1.3).
      (types) =>
        types.has(ExtensionType.supported_versions) ? 'server_hello' : 'server_hello_tls12',
      SERVER_HELLO_EXTENSIONS,
      'ServerHello.extensions',
    );
  }
  return {
    kind: 'server_hello',
    legacyVersion,
    random,
    legacySessionIdEcho,
    cipherSuite,
    legacyCompressionMethod,
    extensions,
  };
}

export function writeServerHello(w: Writer, sh: ServerHello | HelloRetryRequest): void {
  w.u16(sh.legacyVersion)
    .bytes(sh.kind === 'hello_retry_request' ? HELLO_RETRY_REQUEST_RANDOM : checkRandom(sh.random))
    .vector(LEGACY_SESSION_ID, sh.legacySessionIdEcho)
    .u16(sh.cipherSuite)
    .u8(sh.legacyCompressionMethod);
  if (sh.kind === 'hello_retry_request') {
    encodeExtensionBlock(w, HRR_EXTENSIONS_BLOCK, HELLO_RETRY_REQUEST_EXTENSIONS, sh.extensions);
  } else if (sh.extensions.length > 0) {
    encodeExtensionBlock(w, SERVER_HELLO_EXTENSIONS_BLOCK, SERVER_HELLO_EXTENSIONS, sh.extensions);
  }
}
