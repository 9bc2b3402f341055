/**
 * The `Session` value: what a TLS connection remembers so that a later one can
 * resume it. Immutable: every "setter" returns a new value.
 *
 * Two kinds, told apart by `version`:
 *
 * - `Tls13Session` (`version === 0x0304`): resumption is by PSK (RFC 8446
 *   §4.6.1). The session stores the **PSK itself**, i.e.
 *   `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce,
 *   Hash.length)`, computed by the handshake when the NewSessionTicket is sent
 *   or received (see `derivePsk`). This is what OpenSSL keeps in
 *   `SSL_SESSION.master_key` for TLS 1.3; storing the PSK rather than the
 *   resumption master secret and nonce means a stored session can resume
 *   exactly one ticket's PSK and nothing more.
 * - `Tls12Session` (`version === 0x0303`): resumption by session id or
 *   RFC 5077 ticket; it stores the 48-byte master secret and whether the
 *   extended master secret (RFC 7627) was negotiated.
 *
 * Byte fields are copied in at construction and copied out by the getters, so
 * no caller can change a session after the fact.
 */

/** `TLS1_2_VERSION` (OpenSSL), the wire value of TLS 1.2. */
export const TLS1_2_VERSION = 0x0303;
/** `TLS1_3_VERSION` (OpenSSL), the wire value of TLS 1.3. */
export const TLS1_3_VERSION = 0x0304;
/** `SSL_MAX_SSL_SESSION_ID_LENGTH`: session ids are at most 32 bytes. */
export const SSL_MAX_SSL_SESSION_ID_LENGTH = 32;
/** `SSL_MAX_SID_CTX_LENGTH`: session id contexts are at most 32 bytes. */
export const SSL_MAX_SID_CTX_LENGTH = 32;
/** `SSL_MAX_MASTER_KEY_LENGTH`: the TLS 1.2 master secret is 48 bytes. */
export const TLS12_MASTER_SECRET_LENGTH = 48;
/** RFC 8446 §4.6.1: ticket_lifetime MUST NOT exceed 604800 s (7 days). */
export const MAX_TICKET_LIFETIME_SECONDS = 604_800;
/** `X509_V_OK`: the verification result of a verified (or unverified, unrequested) peer. */
export const X509_V_OK = 0;
/** Bounds of what a session may hold, enforced at construction and decoding. */
export const SESSION_LIMITS = Object.freeze({
  /** Certificates in the peer chain (OpenSSL's default verify depth is 100). */
  maxPeerCertificates: 100,
  /** Bytes per DER certificate (a TLS CertificateEntry carries at most 2^24-1). */
  maxCertificateLength: 0xffffff,
  /** Bytes of a ticket (RFC 8446 `opaque ticket<1..2^32-1>`; we cap at 2^16-1 like RFC 5077). */
  maxTicketLength: 0xffff,
});

/**
 * Hash output length of the TLS 1.3 suites (RFC 8446 §B.4): the PSK of a
 * ticket is that long. Other 0x13xx code points accept 32, 48 or 64 bytes.
 */
const TLS13_SUITE_HASH_LENGTH: Readonly<Record<number, number>> = Object.freeze({
  4865: 32, // TLS_AES_128_GCM_SHA256
  4866: 48, // TLS_AES_256_GCM_SHA384
  4867: 32, // TLS_CHACHA20_POLY1305_SHA256
  4868: 32, // TLS_AES_128_CCM_SHA256
  4869: 32, // TLS_AES_128_CCM_8_SHA256
});

/** Fields every session has, whatever its version. */
export interface SessionCommonParams {
  /** The negotiated cipher suite's code point, e.g. 0x1301. */
  readonly cipherSuite: number;
  /** When the session (for TLS 1.3: the ticket) was created, ms since the epoch. */
  readonly createdAtMs: number;
  /** How long the session may be resumed after `createdAtMs`, in seconds (OpenSSL's `SSL_SESSION_get_timeout`). */
  readonly timeoutSeconds: number;
  /** OpenSSL's `session_id` (0..32 bytes); empty for TLS 1.3 stateless tickets. */
  readonly sessionId?: Uint8Array;
  /** OpenSSL's `sid_ctx` (0..32 bytes), the application context the session belongs to. */
  readonly sidCtx?: Uint8Array;
  /** The peer's certificate chain, leaf first, DER. */
  readonly peerCertificates?: readonly Uint8Array[];
  /** The peer verification result (`X509_V_OK` = 0, or an `X509_V_ERR_*` code). */
  readonly verifyResult?: number;
  /** The negotiated ALPN protocol (1..255 bytes), if any. */
  readonly alpn?: Uint8Array;
  /** The SNI host name (ASCII, 1..255 characters), if any. */
  readonly serverName?: string;
  /** False once the session must not be resumed (OpenSSL's `not_resumable`). Default true. */
  readonly resumable?: boolean;
}

export interface Tls13SessionParams extends SessionCommonParams {
  /** The resumption PSK for this ticket (Hash.length bytes: 32 or 48). */
  readonly psk: Uint8Array;
  /** NewSessionTicket.ticket_age_add. */
  readonly ticketAgeAdd: number;
  /** NewSessionTicket.ticket_lifetime, seconds, at most 604800. */
  readonly ticketLifetimeSeconds: number;
  /** early_data.max_early_data_size of the ticket, 0 when early data is not allowed. */
  readonly maxEarlyData?: number;
  /** The opaque ticket (the PSK identity), on the client side; absent on the server. */
  readonly ticket?: Uint8Array;
}

export interface Tls12SessionParams extends SessionCommonParams {
  /** The 48-byte master secret. */
  readonly masterSecret: Uint8Array;
  /** Whether the extended master secret extension (RFC 7627) was negotiated. */
  readonly extendedMasterSecret: boolean;
  /** An RFC 5077 ticket (client side), if the server sent one. */
  readonly ticket?: Uint8Array;
  /** NewSessionTicket.ticket_lifetime_hint, seconds (0: unspecified). */
  readonly ticketLifetimeHintSeconds?: number;
}

type CommonPatch = Partial<Omit<SessionCommonParams, 'cipherSuite'>>;

abstract class SessionBase {
  readonly cipherSuite: number;
  readonly createdAtMs: number;
  readonly timeoutSeconds: number;
  readonly verifyResult: number;
  readonly serverName: string | undefined;
  readonly resumable: boolean;
  readonly #sessionId: Uint8Array;
  readonly #sidCtx: Uint8Array;
  readonly #peerCertificates: readonly Uint8Array[];
  readonly #alpn: Uint8Array | undefined;

  constructor(p: SessionCommonParams) {
    this.cipherSuite = checkUint(p.cipherSuite, 0xffff, 'cipherSuite');
    this.createdAtMs = checkUint(p.createdAtMs, Number.MAX_SAFE_INTEGER, 'createdAtMs');
    this.timeoutSeconds = checkUint(p.timeoutSeconds, 0xffffffff, 'timeoutSeconds');
    this.verifyResult = checkUint(p.verifyResult ?? X509_V_OK, 0xffffffff, 'verifyResult');
    this.resumable = checkBoolean(p.resumable ?? true, 'resumable');
    this.#sessionId = copyBytes(
      p.sessionId ?? EMPTY,
      0,
      SSL_MAX_SSL_SESSION_ID_LENGTH,
      'sessionId',
    );
    this.#sidCtx = copyBytes(p.sidCtx ?? EMPTY, 0, SSL_MAX_SID_CTX_LENGTH, 'sidCtx');
    const chain = p.peerCertificates ?? [];
    if (!Array.isArray(chain) || chain.length > SESSION_LIMITS.maxPeerCertificates) {
      throw new RangeError(
        `Session: peerCertificates must be an array of at most ${SESSION_LIMITS.maxPeerCertificates} certificates`,
      );
    }
    this.#peerCertificates = Object.freeze(
      chain.map((c, i) =>
        copyBytes(c, 1, SESSION_LIMITS.maxCertificateLength, `peerCertificates[${i}]`),
      ),
    );
    this.#alpn = p.alpn === undefined ? undefined : copyBytes(p.alpn, 1, 255, 'alpn');
    this.serverName = p.serverName === undefined ? undefined : checkHostName(p.serverName);
  }

  /** OpenSSL's `session_id` (a copy). */
  get sessionId(): Uint8Array {
    return this.#sessionId.slice();
  }

  /** OpenSSL's `sid_ctx` (a copy). */
  get sidCtx(): Uint8Array {
    return this.#sidCtx.slice();
  }

  /** The peer chain, leaf first (copies). */
  get peerCertificates(): readonly Uint8Array[] {
    return this.#peerCertificates.map((c) => c.slice());
  }

  /** The negotiated ALPN protocol (a copy), if any. */
  get alpn(): Uint8Array | undefined {
    return this.#alpn?.slice();
  }

  /** When the session stops being resumable: `createdAtMs + timeoutSeconds * 1000`. */
  get expiresAtMs(): number {
    return this.createdAtMs + this.timeoutSeconds * 1000;
  }

  /**
   * True once `nowMs` is past the expiry time. Like OpenSSL's `sess_timedout`,
   * a session is still valid at exactly `expiresAtMs`.
   */
  isExpired(nowMs: number): boolean {
    return nowMs > this.expiresAtMs;
  }

  /** Session id length without a copy (cache keys, OpenSSL's `SSL_SESSION_get_id` length). */
  get sessionIdLength(): number {
    return this.#sessionId.length;
  }

  /** The common fields, as fresh copies (for `params()`). */
  protected commonParams(): Required<Omit<SessionCommonParams, 'alpn' | 'serverName'>> &
    Pick<SessionCommonParams, 'alpn' | 'serverName'> {
    const base = {
      cipherSuite: this.cipherSuite,
      createdAtMs: this.createdAtMs,
      timeoutSeconds: this.timeoutSeconds,
      sessionId: this.#sessionId.slice(),
      sidCtx: this.#sidCtx.slice(),
      peerCertificates: this.#peerCertificates.map((c) => c.slice()),
      verifyResult: this.verifyResult,
      resumable: this.resumable,
    };
    return {
      ...base,
      ...(this.#alpn === undefined ? {} : { alpn: this.#alpn.slice() }),
      ...(this.serverName === undefined ? {} : { serverName: this.serverName }),
    };
  }
}

/** A TLS 1.3 session: one ticket's PSK and what goes with it. */
export class Tls13Session extends SessionBase {
  readonly version = TLS1_3_VERSION;
  readonly ticketAgeAdd: number;
  readonly ticketLifetimeSeconds: number;
  readonly maxEarlyData: number;
  readonly #psk: Uint8Array;
  readonly #ticket: Uint8Array | undefined;

  constructor(p: Tls13SessionParams) {
    super(p);
    if ((this.cipherSuite & 0xff00) !== 0x1300) {
      throw new RangeError(
        `Session: cipher suite 0x${this.cipherSuite.toString(16)} is not a TLS 1.3 suite`,
      );
    }
    this.#psk = copyBytes(p.psk, 32, 64, 'psk');
    const hashLength = TLS13_SUITE_HASH_LENGTH[this.cipherSuite];
    if (hashLength !== undefined ? this.#psk.length !== hashLength : this.#psk.length % 16 !== 0) {
      throw new RangeError(
        `Session: a psk for suite 0x${this.cipherSuite.toString(16)} must be ${hashLength ?? '32, 48 or 64'} bytes (the suite's hash length)`,
      );
    }
    this.ticketAgeAdd = checkUint(p.ticketAgeAdd, 0xffffffff, 'ticketAgeAdd');
    this.ticketLifetimeSeconds = checkUint(
      p.ticketLifetimeSeconds,
      MAX_TICKET_LIFETIME_SECONDS,
      'ticketLifetimeSeconds',
    );
    this.maxEarlyData = checkUint(p.maxEarlyData ?? 0, 0xffffffff, 'maxEarlyData');
    this.#ticket =
      p.ticket === undefined
        ? undefined
        : copyBytes(p.ticket, 1, SESSION_LIMITS.maxTicketLength, 'ticket');
    Object.freeze(this);
  }

  /** The resumption PSK (a copy). Secret. */
  get psk(): Uint8Array {
    return this.#psk.slice();
  }

  /** The ticket the client sends as its PSK identity (a copy), if any. */
  get ticket(): Uint8Array | undefined {
    return this.#ticket?.slice();
  }

  /** OpenSSL's `SSL_SESSION_is_resumable`: not marked otherwise, and a session id or a ticket. */
  isResumable(): boolean {
    return this.resumable && (this.sessionIdLength > 0 || this.#ticket !== undefined);
  }

  /** Every field (copies), for building a modified copy: `new Tls13Session({ ...s.params(), … })`. */
  params(): Tls13SessionParams {
    return {
      ...this.commonParams(),
      psk: this.#psk.slice(),
      ticketAgeAdd: this.ticketAgeAdd,
      ticketLifetimeSeconds: this.ticketLifetimeSeconds,
      maxEarlyData: this.maxEarlyData,
      ...(this.#ticket === undefined ? {} : { ticket: this.#ticket.slice() }),
    };
  }

  /** A copy with some common fields changed. */
  with(
    patch: CommonPatch & { ticket?: Uint8Array | undefined; maxEarlyData?: number },
  ): Tls13Session {
    return new Tls13Session(merge(this.params(), patch));
  }
}

/** A TLS 1.2 session: the master secret and what goes with it. */
export class Tls12Session extends SessionBase {
  readonly version = TLS1_2_VERSION;
  readonly extendedMasterSecret: boolean;
  readonly ticketLifetimeHintSeconds: number;
  readonly #masterSecret: Uint8Array;
  readonly #ticket: Uint8Array | undefined;

  constructor(p: Tls12SessionParams) {
    super(p);
    if ((this.cipherSuite & 0xff00) === 0x1300) {
      throw new RangeError(
        `Session: cipher suite 0x${this.cipherSuite.toString(16)} is a TLS 1.3 suite`,
      );
    }
    this.#masterSecret = copyBytes(
      p.masterSecret,
      TLS12_MASTER_SECRET_LENGTH,
      TLS12_MASTER_SECRET_LENGTH,
      'masterSecret',
    );
    this.extendedMasterSecret = checkBoolean(p.extendedMasterSecret, 'extendedMasterSecret');
    this.ticketLifetimeHintSeconds = checkUint(
      p.ticketLifetimeHintSeconds ?? 0,
      0xffffffff,
      'ticketLifetimeHintSeconds',
    );
    this.#ticket =
      p.ticket === undefined
        ? undefined
        : copyBytes(p.ticket, 1, SESSION_LIMITS.maxTicketLength, 'ticket');
    Object.freeze(this);
  }

  /** The master secret (a copy). Secret. */
  get masterSecret(): Uint8Array {
    return this.#masterSecret.slice();
  }

  /** The RFC 5077 ticket (a copy), if any. */
  get ticket(): Uint8Array | undefined {
    return this.#ticket?.slice();
  }

  /** OpenSSL's `SSL_SESSION_is_resumable`: not marked otherwise, and a session id or a ticket. */
  isResumable(): boolean {
    return this.resumable && (this.sessionIdLength > 0 || this.#ticket !== undefined);
  }

  /** Every field (copies), for building a modified copy. */
  params(): Tls12SessionParams {
    return {
      ...this.commonParams(),
      masterSecret: this.#masterSecret.slice(),
      extendedMasterSecret: this.extendedMasterSecret,
      ticketLifetimeHintSeconds: this.ticketLifetimeHintSeconds,
      ...(this.#ticket === undefined ? {} : { ticket: this.#ticket.slice() }),
    };
  }

  with(patch: CommonPatch & { ticket?: Uint8Array | undefined }): Tls12Session {
    return new Tls12Session(merge(this.params(), patch));
  }
}

/** A resumable TLS session of either version; narrow with `session.version === TLS1_3_VERSION`. */
export type Session = Tls13Session | Tls12Session;

/** True for a `Tls13Session`. */
export function isTls13Session(session: Session): session is Tls13Session {
  return session.version === TLS1_3_VERSION;
}

/** The same session with a new common field value, whatever its version. */
export function withSessionFields<S extends Session>(session: S, patch: CommonPatch): S {
  return session.with(patch) as S;
}

const EMPTY = new Uint8Array(0);

/** Applies a patch where `undefined` removes an optional field. */
function merge<P extends object>(base: P, patch: object): P {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as P;
}

function checkUint(value: unknown, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`Session: ${field} must be an integer in 0..${max}, got ${String(value)}`);
  }
  return value;
}

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`Session: ${field} must be a boolean`);
  return value;
}

function copyBytes(value: unknown, min: number, max: number, field: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`Session: ${field} must be a Uint8Array`);
  if (value.length < min || value.length > max) {
    throw new RangeError(`Session: ${field} must be ${min}..${max} bytes, got ${value.length}`);
  }
  return value.slice();
}

/** SNI host names are ASCII (A-labels), RFC 6066 §3; no NUL, no spaces, no trailing dot rules here. */
function checkHostName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
    throw new RangeError('Session: serverName must be a string of 1..255 characters');
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) throw new RangeError('Session: serverName must be printable ASCII');
  }
  return value;
}
