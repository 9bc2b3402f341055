import { type Reader, TlsError, vector, type Writer } from '@strata/wire';
import type { CipherSuiteCode } from './codes.js';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import { CLIENT_HELLO_EXTENSIONS, type ClientHelloExtension } from './extensions/contexts.js';
import { encodePskBinders, pskBindersLength } from './extensions/pre-shared-key.js';
import { RANDOM_LENGTH } from './random.js';

/**
 * Extensions that only mean something to TLS 1.2 (RFC 7627, RFC 5746).
 * Parsed when well-formed; a malformed one is kept as opaque bytes instead
 * of refusing the ClientHello, because a server that negotiates TLS 1.3
 * ignores them (OpenSSL marks them SSL_EXT_TLS1_2_AND_BELOW_ONLY and never
 * looks at their bodies then). A TLS 1.2 server path must refuse an opaque
 * one (decode_error), since it could not be parsed.
 */
const CLIENT_HELLO_TLS12_ONLY: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'extended_master_secret',
  'renegotiation_info',
]);

/** `opaque legacy_session_id<0..32>`, RFC 8446 §4.1.2. */
export const LEGACY_SESSION_ID = /* @__PURE__ */ vector(1, 0, 32);
/** `CipherSuite cipher_suites<2..2^16-2>`. */
const CIPHER_SUITES = /* @__PURE__ */ vector(2, 2, 0xfffe);
/** `opaque legacy_compression_methods<1..2^8-1>`. */
const COMPRESSION_METHODS = /* @__PURE__ */ vector(1, 1, 0xff);
/**
 * `Extension extensions<0..2^16-1>`: RFC 5246 §7.4.1.2's bound, since a
 * TLS 1.2 ClientHello (renegotiation_info alone is 5 bytes) must decode for
 * the server to answer it with protocol_version, as OpenSSL does, not
 * decode_error. RFC 8446's `<8..2^16-1>` follows from supported_versions,
 * which `negotiate` requires.
 */
const EXTENSIONS = /* @__PURE__ */ vector(2, 0, 0xffff);

/**
 * RFC 8446 §4.1.2. A ClientHello of TLS 1.2 or below may end after the
 * compression methods (RFC 5246 §7.4.1.2); it decodes with no extensions, and
 * a ClientHello with no extensions encodes without the block.
 *
 *   struct {
 *       ProtocolVersion legacy_version = 0x0303;
 *       Random random;
 *       opaque legacy_session_id<0..32>;
 *       CipherSuite cipher_suites<2..2^16-2>;
 *       opaque legacy_compression_methods<1..2^8-1>;
 *       Extension extensions<8..2^16-1>;
 *   } ClientHello;
 */
export interface ClientHello {
  readonly kind: 'client_hello';
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly legacySessionId: Uint8Array;
  readonly cipherSuites: readonly CipherSuiteCode[];
  readonly legacyCompressionMethods: Uint8Array;
  readonly extensions: readonly ClientHelloExtension[];
}

export function readClientHello(r: Reader): ClientHello {
  const legacyVersion = r.u16('ClientHello.legacy_version');
  const random = r.bytes(RANDOM_LENGTH, 'ClientHello.random');
  const legacySessionId = r.vector(LEGACY_SESSION_ID, 'ClientHello.legacy_session_id');
  const cipherSuites = r.list(CIPHER_SUITES, 'ClientHello.cipher_suites', (r) =>
    r.u16('CipherSuite'),
  );
  const legacyCompressionMethods = r.vector(
    COMPRESSION_METHODS,
    'ClientHello.legacy_compression_methods',
  );
  const extensions = r.atEnd
    ? []
    : decodeExtensionBlock(
        r,
        EXTENSIONS,
        'client_hello',
        CLIENT_HELLO_EXTENSIONS,
        'ClientHello.extensions',
        CLIENT_HELLO_TLS12_ONLY,
      );
  const psk = extensions.findIndex((e) => e.kind === 'pre_shared_key');
  if (psk !== -1 && psk !== extensions.length - 1) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_PSK_NOT_LAST',
      'tls: pre_shared_key is not the last extension of the ClientHello',
    );
  }
  return {
    kind: 'client_hello',
    legacyVersion,
    random,
    legacySessionId,
    cipherSuites,
    legacyCompressionMethods,
    extensions,
  };
}

export function writeClientHello(w: Writer, ch: ClientHello): void {
  w.u16(ch.legacyVersion)
    .bytes(checkRandom(ch.random))
    .vector(LEGACY_SESSION_ID, ch.legacySessionId)
    .prefixed(CIPHER_SUITES, (w) => {
      for (const suite of ch.cipherSuites) w.u16(suite);
    })
    .vector(COMPRESSION_METHODS, ch.legacyCompressionMethods);
  if (ch.extensions.length > 0) {
    encodeExtensionBlock(w, EXTENSIONS, CLIENT_HELLO_EXTENSIONS, ch.extensions);
  }
}

/** A caller's random of the wrong size is a bug: `RangeError` (STYLE 13). */
export function checkRandom(random: Uint8Array): Uint8Array {
  if (random.length !== RANDOM_LENGTH) {
    throw new RangeError(`random must be ${RANDOM_LENGTH} bytes, got ${random.length}`);
  }
  return random;
}

/**
 * The size of the binders list that ends this ClientHello's encoding (its
 * 2-byte length included), or `undefined` when it offers no PSK.
 */
export function clientHelloBindersLength(ch: ClientHello): number | undefined {
  const last = ch.extensions[ch.extensions.length - 1];
  return last?.kind === 'pre_shared_key' ? pskBindersLength(last.value.binders) : undefined;
}

/**
 * The "truncated ClientHello" of RFC 8446 §4.2.11.2: the encoded ClientHello
 * (handshake header included, exactly as sent or received) up to but not
 * including the binders list. PSK binders are computed over the transcript
 * with this in place of the ClientHello.
 */
export function truncatedClientHello(ch: ClientHello, encoded: Uint8Array): Uint8Array {
  const length = clientHelloBindersLength(ch);
  if (length === undefined)
    throw new TypeError('truncatedClientHello: the ClientHello offers no PSK');
  if (length > encoded.length) throw new RangeError('truncatedClientHello: encoding too short');
  return encoded.subarray(0, encoded.length - length);
}

/**
 * Puts real binders in place of the placeholders a ClientHello was encoded
 * with (same count and lengths), the last step of RFC 8446 §4.2.11.2 for a
 * client: encode with zero binders of the hash length, hash
 * `truncatedClientHello`, compute the binders, then call this. Returns the new
 * message and its bytes; the inputs are not modified.
 */
export function withPskBinders(
  ch: ClientHello,
  encoded: Uint8Array,
  binders: readonly Uint8Array[],
): { parsed: ClientHello; encoded: Uint8Array } {
  const last = ch.extensions[ch.extensions.length - 1];
  if (last?.kind !== 'pre_shared_key')
    throw new TypeError('withPskBinders: the ClientHello offers no PSK');
  const old = last.value.binders;
  if (old.length !== binders.length || old.some((b, i) => b.length !== binders[i]!.length)) {
    throw new RangeError(
      'withPskBinders: binders differ in number or length from the placeholders',
    );
  }
  const tail = encodePskBinders(binders);
  const out = encoded.slice();
  out.set(tail, out.length - tail.length);
  const extensions = [
    ...ch.extensions.slice(0, -1),
    {
      kind: 'pre_shared_key' as const,
      value: { identities: last.value.identities, binders: [...binders] },
    },
  ];
  return { parsed: { ...ch, extensions }, encoded: out };
}
