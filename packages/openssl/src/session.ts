/**
 * `SSL_SESSION`: a handle on a @strata/session `Session` (what a handshake
 * established: version, suite, PSK or master secret, ticket, peer chain,
 * ALPN, SNI, times), with OpenSSL's getters and its DER/PEM serialization.
 *
 * Sessions are immutable values underneath: a setter replaces the value the
 * handle points to, as OpenSSL mutates its struct in place.
 */
import { type BIO, BIO_get_mem_data, BIO_method_type, BIO_read, BIO_TYPE_MEM } from '@strata/bio';
import { decodePem, encodePem, parseCertificate } from '@strata/pki';
import { decodeSession, encodeSession, type Session } from '@strata/session';
import { ERR_LIB_PEM, ERR_LIB_SSL, PEM_R_NO_START_LINE } from './constants.js';
import { ERR_raise } from './err.js';
import { X509 } from './x509.js';

/** `SSL_SESSION *`. */
export class SSL_SESSION {
  /** @internal */ refs = 1;
  /** @internal The value; setters replace it. */ session: Session;
  constructor(session: Session) {
    this.session = session;
  }
}

const handles = new WeakMap<Session, SSL_SESSION>();

/** @internal The one handle of a session value (so callbacks see the same object twice). */
export function sessionHandle(session: Session): SSL_SESSION {
  let h = handles.get(session);
  if (!h) {
    h = new SSL_SESSION(session);
    handles.set(session, h);
  }
  return h;
}

export function SSL_SESSION_up_ref(s: SSL_SESSION): number {
  s.refs++;
  return 1;
}
export function SSL_SESSION_free(s: SSL_SESSION | null): void {
  if (s) s.refs--;
}
/**
 * `SSL_SESSION_is_resumable`: 1 when the session can be offered again (TLS
 * 1.3: it carries a ticket, as on a client, or is a server session) and was
 * not declared bad.
 */
export function SSL_SESSION_is_resumable(s: SSL_SESSION): number {
  const v = s.session;
  if (!v.resumable) return 0;
  const ticket = 'ticket' in v ? v.ticket : undefined;
  return v.sessionIdLength > 0 || (ticket !== undefined && ticket.length > 0) ? 1 : 0;
}
/** Seconds since the epoch. */
export function SSL_SESSION_get_time(s: SSL_SESSION): number {
  return Math.floor(s.session.createdAtMs / 1000);
}
export function SSL_SESSION_set_time(s: SSL_SESSION, t: number): number {
  s.session = s.session.with({ createdAtMs: t * 1000 });
  return t;
}
export function SSL_SESSION_get_timeout(s: SSL_SESSION): number {
  return s.session.timeoutSeconds;
}
export function SSL_SESSION_set_timeout(s: SSL_SESSION, t: number): number {
  s.session = s.session.with({ timeoutSeconds: t });
  return 1;
}
export function SSL_SESSION_get_protocol_version(s: SSL_SESSION): number {
  return s.session.version;
}
/** `SSL_SESSION_get_id(s, &len)`: the id bytes (their length is `len`). */
export function SSL_SESSION_get_id(s: SSL_SESSION): Uint8Array {
  return s.session.sessionId;
}
/** `SSL_SESSION_get0_peer`: the peer's leaf certificate, or null. */
export function SSL_SESSION_get0_peer(s: SSL_SESSION): X509 | null {
  const der = s.session.peerCertificates[0];
  return der ? new X509(parseCertificate(der)) : null;
}
export function SSL_SESSION_get0_hostname(s: SSL_SESSION): string | null {
  return s.session.serverName ?? null;
}
/** `SSL_SESSION_get0_alpn_selected(s, &alpn, &len)`: the bytes, or null. */
export function SSL_SESSION_get0_alpn_selected(s: SSL_SESSION): Uint8Array | null {
  return s.session.alpn ?? null;
}

/**
 * `i2d_SSL_SESSION(s, NULL/&pp)`: the session's bytes in @strata/session's
 * format (`encodeSession`), not OpenSSL's ASN.1: a session, secrets
 * included, is only meaningful to the library that made it. Keep it secret.
 */
export function i2d_SSL_SESSION(s: SSL_SESSION): Uint8Array {
  return encodeSession(s.session);
}

/** `d2i_SSL_SESSION(NULL, &pp, len)`: null (an error queued) when `der` is not a session. */
export function d2i_SSL_SESSION(der: Uint8Array): SSL_SESSION | null {
  try {
    return sessionHandle(decodeSession(der));
  } catch {
    ERR_raise(ERR_LIB_SSL, 0x80000 | 13, 'd2i_SSL_SESSION');
    return null;
  }
}

const PEM_LABEL = 'SSL SESSION PARAMETERS';
const text = new TextEncoder();

export function PEM_write_bio_SSL_SESSION(bio: BIO, s: SSL_SESSION): number {
  const pem = text.encode(encodePem(PEM_LABEL, i2d_SSL_SESSION(s)));
  return bio.write(pem) === pem.length ? 1 : 0;
}

export function PEM_read_bio_SSL_SESSION(bio: BIO): SSL_SESSION | null {
  let bytes: Uint8Array;
  if (BIO_method_type(bio) === BIO_TYPE_MEM) {
    bytes = BIO_get_mem_data(bio)[1].slice();
    BIO_read(bio, new Uint8Array(bytes.length));
  } else {
    const buf = new Uint8Array(65536);
    const n = BIO_read(bio, buf);
    bytes = buf.subarray(0, Math.max(0, n));
  }
  try {
    const block = decodePem(bytes).find((b) => b.label === PEM_LABEL);
    if (block) return d2i_SSL_SESSION(block.der);
  } catch {
    // fall through
  }
  ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, 'PEM_read_bio_SSL_SESSION');
  return null;
}
