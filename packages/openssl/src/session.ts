/**
 * `SSL_SESSION`: what a completed handshake established, as OpenSSL exposes
 * it, with its DER/PEM serialization.
 *
 * The handshake engine does not implement resumption yet, so a session
 * carries no resumption secret: `SSL_SESSION_is_resumable` is 0 for every
 * session and `SSL_session_reused` is always 0. The life cycle (cache
 * membership, the "bad session" rule, statistics, callbacks) follows OpenSSL.
 */
import { type BIO, BIO_get_mem_data, BIO_method_type, BIO_read, BIO_TYPE_MEM } from '@strata/bio';
import { decodePem, encodePem, parseCertificate } from '@strata/pki';
import { encode, Reader, vector } from '@strata/wire';
import { ERR_LIB_PEM, ERR_LIB_SSL, PEM_R_NO_START_LINE } from './constants.js';
import type { SSL_CTX } from './ctx.js';
import { ERR_raise } from './err.js';
import { X509 } from './x509.js';

/** `SSL_SESSION *`. */
export class SSL_SESSION {
  /** @internal */ refs = 1;
  /** @internal The context whose cache holds it. */ owner: SSL_CTX | undefined;
  /** @internal Set when removed as a bad session. */ notResumable = false;
  constructor(
    readonly version: number,
    readonly cipherSuite: number,
    readonly id: Uint8Array,
    /** Seconds since the epoch. */
    public time: number,
    public timeout: number,
    readonly peer: X509 | undefined,
    readonly alpn: string | undefined,
    readonly hostname: string | undefined,
  ) {}
}

export function SSL_SESSION_new(): SSL_SESSION {
  return new SSL_SESSION(
    0,
    0,
    new Uint8Array(0),
    Math.floor(Date.now() / 1000),
    304,
    undefined,
    undefined,
    undefined,
  );
}
export function SSL_SESSION_up_ref(s: SSL_SESSION): number {
  s.refs++;
  return 1;
}
export function SSL_SESSION_free(s: SSL_SESSION | null): void {
  if (s) s.refs--;
}
/** Always 0: the engine has no resumption yet (see the README). */
export function SSL_SESSION_is_resumable(_s: SSL_SESSION): number {
  return 0;
}
export function SSL_SESSION_get_time(s: SSL_SESSION): number {
  return s.time;
}
export function SSL_SESSION_set_time(s: SSL_SESSION, t: number): number {
  s.time = t;
  return t;
}
export function SSL_SESSION_get_timeout(s: SSL_SESSION): number {
  return s.timeout;
}
export function SSL_SESSION_set_timeout(s: SSL_SESSION, t: number): number {
  s.timeout = t;
  return 1;
}
export function SSL_SESSION_get_protocol_version(s: SSL_SESSION): number {
  return s.version;
}
/** `SSL_SESSION_get_id(s, &len)`: the id bytes (length is `.length`). */
export function SSL_SESSION_get_id(s: SSL_SESSION): Uint8Array {
  return s.id;
}
export function SSL_SESSION_get0_peer(s: SSL_SESSION): X509 | null {
  return s.peer ?? null;
}
export function SSL_SESSION_get0_hostname(s: SSL_SESSION): string | null {
  return s.hostname ?? null;
}

const MAGIC = 0x53534c53; // "SSLS"
const FORMAT = 1;
const opaque16 = vector(2, 0, 0xffff);
const opaque8 = vector(1, 0, 0xff);
const opaque24 = vector(3, 0, 0xffffff);
const text = new TextEncoder();
const untext = new TextDecoder();

/**
 * `i2d_SSL_SESSION(s, NULL/&pp)`: the session's bytes. Strata's own
 * format (magic "SSLS", version 1), not OpenSSL's ASN.1 SSL_SESSION: a
 * session is only meaningful to the library that made it.
 */
export function i2d_SSL_SESSION(s: SSL_SESSION): Uint8Array {
  return encode((w) => {
    w.u32(MAGIC);
    w.u8(FORMAT);
    w.u16(s.version);
    w.u16(s.cipherSuite);
    w.vector(opaque8, s.id);
    w.u64(BigInt(Math.max(0, Math.floor(s.time))));
    w.u32(Math.max(0, Math.floor(s.timeout)));
    w.vector(opaque24, s.peer ? s.peer.cert.der : new Uint8Array(0));
    w.vector(opaque8, text.encode(s.alpn ?? ''));
    w.vector(opaque16, text.encode(s.hostname ?? ''));
  });
}

/** `d2i_SSL_SESSION(NULL, &pp, len)`: null (ASN1 error queued) when `der` is not a session. */
export function d2i_SSL_SESSION(der: Uint8Array): SSL_SESSION | null {
  try {
    const r = new Reader(der);
    if (r.u32('magic') !== MAGIC || r.u8('format') !== FORMAT) throw new Error('format');
    const version = r.u16('version');
    const suite = r.u16('cipher_suite');
    const id = r.vector(opaque8, 'session_id').slice();
    const time = Number(r.u64('time'));
    const timeout = r.u32('timeout');
    const peerDer = r.vector(opaque24, 'peer');
    const alpn = untext.decode(r.vector(opaque8, 'alpn'));
    const host = untext.decode(r.vector(opaque16, 'hostname'));
    r.expectEnd('SSL_SESSION');
    const peer = peerDer.length > 0 ? new X509(parseCertificate(peerDer.slice())) : undefined;
    return new SSL_SESSION(
      version,
      suite,
      id,
      time,
      timeout,
      peer,
      alpn === '' ? undefined : alpn,
      host === '' ? undefined : host,
    );
  } catch {
    ERR_raise(ERR_LIB_SSL, 0x80000 | 13, 'd2i_SSL_SESSION');
    return null;
  }
}

const PEM_LABEL = 'SSL SESSION PARAMETERS';

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
