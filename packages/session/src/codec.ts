import { encode, Reader, TlsError, vector } from '@strata/wire';
import {
  SESSION_LIMITS,
  type Session,
  SSL_MAX_SID_CTX_LENGTH,
  SSL_MAX_SSL_SESSION_ID_LENGTH,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
  TLS12_MASTER_SECRET_LENGTH,
  Tls12Session,
  Tls13Session,
} from './session.js';

/**
 * The serialized form of a `Session`, format version 1. The facade wraps it
 * as `i2d_SSL_SESSION`/`d2i_SSL_SESSION` and as PEM "SSL SESSION PARAMETERS";
 * sealed tickets carry it too. It is Strata's own format, not OpenSSL's ASN.1.
 *
 *   struct {
 *       uint16 magic = 0x5353;                    // "SS"
 *       uint8 format_version = 1;
 *       uint16 protocol_version;                  // 0x0303 or 0x0304
 *       uint16 cipher_suite;
 *       uint8 flags;                              // bit 0 resumable,
 *                                                 // bit 1 extended_master_secret (TLS 1.2 only)
 *       uint64 created_at_ms;                     // <= 2^53-1
 *       uint32 timeout_seconds;
 *       uint32 verify_result;
 *       opaque session_id<0..32>;
 *       opaque sid_ctx<0..32>;
 *       opaque alpn<0..255>;                      // empty: none
 *       opaque server_name<0..255>;               // empty: none
 *       ASN1Cert peer_chain<0..2^24-1>;           // opaque ASN1Cert<1..2^24-1>, at most 100
 *       select (protocol_version) {
 *           case 0x0304:
 *               opaque psk<32..64>;
 *               uint32 ticket_age_add;
 *               uint32 ticket_lifetime;           // <= 604800
 *               uint32 max_early_data;
 *               opaque ticket<0..2^16-1>;         // empty: none
 *           case 0x0303:
 *               opaque master_secret<48..48>;
 *               uint32 ticket_lifetime_hint;
 *               opaque ticket<0..2^16-1>;         // empty: none
 *       };
 *   } SerializedSession;
 *
 * The encoding contains secrets (the PSK or master secret): store it as you
 * would store a private key.
 */
export const SESSION_FORMAT_MAGIC = 0x5353;
export const SESSION_FORMAT_VERSION = 1;

const FLAG_RESUMABLE = 0x01;
const FLAG_EXTENDED_MASTER_SECRET = 0x02;

const SESSION_ID = /* @__PURE__ */ vector(1, 0, SSL_MAX_SSL_SESSION_ID_LENGTH);
const SID_CTX = /* @__PURE__ */ vector(1, 0, SSL_MAX_SID_CTX_LENGTH);
const ALPN = /* @__PURE__ */ vector(1, 0, 255);
const SERVER_NAME = /* @__PURE__ */ vector(1, 0, 255);
const PEER_CHAIN = /* @__PURE__ */ vector(3, 0, 0xffffff);
const CERTIFICATE = /* @__PURE__ */ vector(3, 1, SESSION_LIMITS.maxCertificateLength);
const PSK = /* @__PURE__ */ vector(1, 32, 64);
const MASTER_SECRET = /* @__PURE__ */ vector(
  1,
  TLS12_MASTER_SECRET_LENGTH,
  TLS12_MASTER_SECRET_LENGTH,
);
const TICKET = /* @__PURE__ */ vector(2, 0, SESSION_LIMITS.maxTicketLength);
const EMPTY = new Uint8Array(0);

/** Serializes a session (format version 1). The output holds secrets. */
export function encodeSession(session: Session): Uint8Array {
  const p = session.params();
  let flags = p.resumable ? FLAG_RESUMABLE : 0;
  if (session.version === TLS1_2_VERSION && session.extendedMasterSecret) {
    flags |= FLAG_EXTENDED_MASTER_SECRET;
  }
  return encode((w) => {
    w.u16(SESSION_FORMAT_MAGIC).u8(SESSION_FORMAT_VERSION);
    w.u16(session.version).u16(p.cipherSuite).u8(flags);
    w.u64(BigInt(p.createdAtMs))
      .u32(p.timeoutSeconds)
      .u32(p.verifyResult ?? 0);
    w.vector(SESSION_ID, p.sessionId ?? EMPTY);
    w.vector(SID_CTX, p.sidCtx ?? EMPTY);
    w.vector(ALPN, p.alpn ?? EMPTY);
    w.vector(SERVER_NAME, asciiBytes(p.serverName ?? ''));
    w.prefixed(PEER_CHAIN, (w) => {
      for (const cert of p.peerCertificates ?? []) w.vector(CERTIFICATE, cert);
    });
    if (session.version === TLS1_3_VERSION) {
      const q = session.params();
      w.vector(PSK, q.psk)
        .u32(q.ticketAgeAdd)
        .u32(q.ticketLifetimeSeconds)
        .u32(q.maxEarlyData ?? 0);
      w.vector(TICKET, q.ticket ?? EMPTY);
    } else {
      const q = session.params();
      w.vector(MASTER_SECRET, q.masterSecret).u32(q.ticketLifetimeHintSeconds ?? 0);
      w.vector(TICKET, q.ticket ?? EMPTY);
    }
  }, 256);
}

/**
 * Parses a serialized session. Anything but a complete, well-formed, version-1
 * encoding throws a `TlsError` with `decode_error` and one of the codes
 * `SESSION_BAD_MAGIC`, `SESSION_UNSUPPORTED_FORMAT`, `SESSION_BAD_VERSION`,
 * `SESSION_BAD_FLAGS`, `SESSION_INVALID_FIELD` or the wire layer's
 * `WIRE_TRUNCATED`, `WIRE_VECTOR_BOUNDS`, `WIRE_TRAILING_BYTES`.
 */
export function decodeSession(bytes: Uint8Array): Session {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError('decodeSession: bytes must be a Uint8Array');
  const r = new Reader(bytes);
  const magic = r.u16('session magic');
  if (magic !== SESSION_FORMAT_MAGIC) {
    throw decodeError('SESSION_BAD_MAGIC', 'not a serialized session (bad magic)');
  }
  const format = r.u8('session format_version');
  if (format !== SESSION_FORMAT_VERSION) {
    throw decodeError('SESSION_UNSUPPORTED_FORMAT', `unsupported session format version ${format}`);
  }
  const version = r.u16('session protocol_version');
  if (version !== TLS1_2_VERSION && version !== TLS1_3_VERSION) {
    throw decodeError(
      'SESSION_BAD_VERSION',
      `unsupported session protocol version 0x${version.toString(16)}`,
    );
  }
  const cipherSuite = r.u16('session cipher_suite');
  const flags = r.u8('session flags');
  const allowed =
    version === TLS1_2_VERSION ? FLAG_RESUMABLE | FLAG_EXTENDED_MASTER_SECRET : FLAG_RESUMABLE;
  if ((flags & ~allowed) !== 0)
    throw decodeError('SESSION_BAD_FLAGS', `unknown session flags 0x${flags.toString(16)}`);
  const createdAt = r.u64('session created_at_ms');
  if (createdAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw decodeError('SESSION_INVALID_FIELD', 'session created_at_ms out of range');
  }
  const timeoutSeconds = r.u32('session timeout_seconds');
  const verifyResult = r.u32('session verify_result');
  const sessionId = r.vector(SESSION_ID, 'session session_id');
  const sidCtx = r.vector(SID_CTX, 'session sid_ctx');
  const alpn = r.vector(ALPN, 'session alpn');
  const serverName = r.vector(SERVER_NAME, 'session server_name');
  const chain = r.list(PEER_CHAIN, 'session peer_chain', (c) =>
    c.vector(CERTIFICATE, 'session peer certificate'),
  );
  if (chain.length > SESSION_LIMITS.maxPeerCertificates) {
    throw decodeError(
      'SESSION_INVALID_FIELD',
      `session peer chain has ${chain.length} certificates`,
    );
  }
  const common = {
    cipherSuite,
    createdAtMs: Number(createdAt),
    timeoutSeconds,
    verifyResult,
    sessionId,
    sidCtx,
    peerCertificates: chain,
    resumable: (flags & FLAG_RESUMABLE) !== 0,
    ...(alpn.length > 0 ? { alpn } : {}),
    ...(serverName.length > 0 ? { serverName: asciiString(serverName) } : {}),
  };
  if (version === TLS1_3_VERSION) {
    const psk = r.vector(PSK, 'session psk');
    const ticketAgeAdd = r.u32('session ticket_age_add');
    const ticketLifetimeSeconds = r.u32('session ticket_lifetime');
    const maxEarlyData = r.u32('session max_early_data');
    const ticket = r.vector(TICKET, 'session ticket');
    r.expectEnd('session');
    return build(
      () =>
        new Tls13Session({
          ...common,
          psk,
          ticketAgeAdd,
          ticketLifetimeSeconds,
          maxEarlyData,
          ...(ticket.length > 0 ? { ticket } : {}),
        }),
    );
  }
  const masterSecret = r.vector(MASTER_SECRET, 'session master_secret');
  const ticketLifetimeHintSeconds = r.u32('session ticket_lifetime_hint');
  const ticket = r.vector(TICKET, 'session ticket');
  r.expectEnd('session');
  return build(
    () =>
      new Tls12Session({
        ...common,
        masterSecret,
        extendedMasterSecret: (flags & FLAG_EXTENDED_MASTER_SECRET) !== 0,
        ticketLifetimeHintSeconds,
        ...(ticket.length > 0 ? { ticket } : {}),
      }),
  );
}

/** Field checks are the constructors'; a value they refuse is a decode error here. */
function build(make: () => Session): Session {
  try {
    return make();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw decodeError(
        'SESSION_INVALID_FIELD',
        `invalid session field: ${error.message.replace(/^Session: /, '')}`,
      );
    }
    throw error;
  }
}

function decodeError(code: string, message: string): TlsError {
  return new TlsError('decode_error', code, `tls: ${message}`);
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function asciiString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
