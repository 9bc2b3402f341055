/**
 * `SSL`: one TLS connection over BIOs, driving the sans-I/O engine of
 * @strata/handshake with libssl's calling conventions.
 *
 * The engine is fed one record at a time, read from the rbio exactly as
 * OpenSSL 3.0 reads without read-ahead (the 5-byte header, then the body), so
 * `SSL_read` returns data from one record per call, `SSL_pending` counts what
 * is left of it, and every non-blocking step shows as -1 with
 * `SSL_ERROR_WANT_READ`/`WANT_WRITE`. Output goes to the wbio record by
 * record, so the write-retry rules of `SSL_write` are OpenSSL's.
 */
import {
  type BIO,
  BIO_clear_retry_flags,
  BIO_eof,
  BIO_free_all,
  BIO_read,
  BIO_set_retry_read,
  BIO_should_read,
  BIO_should_retry,
  BIO_should_write,
  BIO_up_ref,
  BIO_write,
} from '@strata/bio';
import type { SignatureScheme } from '@strata/crypto';
import {
  type CertifiedKey,
  type ClientConfig,
  ClientConnection,
  type Connection,
  decodeHandshakeMessage,
  type KeyLogLabel,
  type ProtocolMessage,
  type ServerConfig,
  ServerConnection,
} from '@strata/handshake';
import type { VerifyContext } from '@strata/pki';
import {
  isTls13Session,
  StatefulTickets,
  StatelessTickets,
  type TicketIssuer,
  Tls13Session,
} from '@strata/session';
import { type AlertName, TlsError, toHex } from '@strata/wire';
import { type CertSlots, orderSlots } from './certs.js';
import { type ChainSource, lazyCertifiedKey } from './chain.js';
import {
  ERR_LIB_SYS,
  SSL_AD_REASON_OFFSET,
  SSL_CB_ACCEPT_EXIT,
  SSL_CB_ACCEPT_LOOP,
  SSL_CB_ALERT,
  SSL_CB_CONNECT_EXIT,
  SSL_CB_CONNECT_LOOP,
  SSL_CB_HANDSHAKE_DONE,
  SSL_CB_HANDSHAKE_START,
  SSL_CB_READ,
  SSL_CB_WRITE,
  SSL_ERROR_NONE,
  SSL_ERROR_SSL,
  SSL_ERROR_SYSCALL,
  SSL_ERROR_WANT_READ,
  SSL_ERROR_WANT_WRITE,
  SSL_ERROR_ZERO_RETURN,
  SSL_KEY_UPDATE_NONE,
  SSL_KEY_UPDATE_NOT_REQUESTED,
  SSL_KEY_UPDATE_REQUESTED,
  SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
  SSL_MODE_AUTO_RETRY,
  SSL_MODE_ENABLE_PARTIAL_WRITE,
  SSL_MODE_NO_AUTO_CHAIN,
  SSL_OP_CIPHER_SERVER_PREFERENCE,
  SSL_OP_ENABLE_MIDDLEBOX_COMPAT,
  SSL_OP_IGNORE_UNEXPECTED_EOF,
  SSL_OP_NO_RENEGOTIATION,
  SSL_OP_NO_TICKET,
  SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY,
  SSL_R_BAD_LENGTH,
  SSL_R_BAD_WRITE_RETRY,
  SSL_R_BIO_NOT_SET,
  SSL_R_CONNECTION_TYPE_NOT_SET,
  SSL_R_INVALID_KEY_UPDATE_TYPE,
  SSL_R_NO_PROTOCOLS_AVAILABLE,
  SSL_R_NO_RENEGOTIATION,
  SSL_R_NO_SHARED_CIPHER,
  SSL_R_PROTOCOL_IS_SHUTDOWN,
  SSL_R_SHUTDOWN_WHILE_IN_INIT,
  SSL_R_STILL_IN_INIT,
  SSL_R_UNEXPECTED_EOF_WHILE_READING,
  SSL_R_UNINITIALIZED,
  SSL_R_UNSUPPORTED_PROTOCOL,
  SSL_R_WRONG_SSL_VERSION,
  SSL_RECEIVED_SHUTDOWN,
  SSL_SENT_SHUTDOWN,
  SSL_TLSEXT_ERR_ALERT_FATAL,
  SSL_TLSEXT_ERR_OK,
  SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  SSL_VERIFY_PEER,
  SSL3_RT_ALERT,
  SSL3_RT_HEADER,
  SSL3_RT_MAX_PLAIN_LENGTH,
  TLS_ST_BEFORE,
  TLS_ST_CR_CERT,
  TLS_ST_CR_CERT_VRFY,
  TLS_ST_CR_ENCRYPTED_EXTENSIONS,
  TLS_ST_CR_FINISHED,
  TLS_ST_CR_SRVR_HELLO,
  TLS_ST_CW_CLNT_HELLO,
  TLS_ST_EARLY_DATA,
  TLS_ST_OK,
  TLS_ST_SR_CERT,
  TLS_ST_SR_CERT_VRFY,
  TLS_ST_SR_CLNT_HELLO,
  TLS_ST_SR_FINISHED,
  TLS1_3_VERSION,
  X509_V_OK,
} from './constants.js';
import {
  checkCurrentKey,
  parseAlpnWire,
  SSL_CTX,
  type SSL_verify_cb,
  selectCert,
  setCert,
  setCurrentCert,
  setKey,
} from './ctx.js';
import { bridgeBioErrors, ERR_GET_LIB, ERR_peek_error, raiseSsl } from './err.js';
import { reasonForError } from './reasons.js';
import { type SSL_SESSION, sessionHandle } from './session.js';
import { STATE_STRINGS } from './strings.js';
import { type EVP_PKEY, X509 } from './x509.js';

const RW_NOTHING = 1;
const RW_WRITING = 2;
const RW_READING = 3;

const RECORD_HEADER = 5;

/** A TLS record header: content type 20..23 and major version 3 (what the record layer accepts). */
function plausibleHeader(rec: Uint8Array): boolean {
  const type = rec[0]!;
  return type >= 20 && type <= 23 && rec[1] === 3;
}
/** Largest TLS 1.3 record body: 2^14 + 256. */
const MAX_RECORD_BODY = 16384 + 256;

type HsState = 'before' | 'init' | 'ok' | 'error';

interface PendingRecord {
  readonly len: number;
  readonly buffer: ArrayBufferLike;
  readonly offset: number;
}

/** `SSL_CIPHER *`. */
export interface SSL_CIPHER {
  readonly id: number;
  readonly name: string;
  readonly standardName: string;
  readonly bits: number;
  readonly version: string;
}

const TLS13_CIPHERS: ReadonlyMap<number, SSL_CIPHER> = /* @__PURE__ */ new Map(
  (
    [
      [0x1301, 'TLS_AES_128_GCM_SHA256', 128],
      [0x1302, 'TLS_AES_256_GCM_SHA384', 256],
      [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 256],
    ] as const
  ).map(([code, name, bits]) => [
    code,
    Object.freeze({ id: 0x03000000 | code, name, standardName: name, bits, version: 'TLSv1.3' }),
  ]),
);

/** `SSL *`. Opaque: use the functions. */
export class SSL {
  /** @internal */ refs = 1;
  ctx: SSL_CTX;
  /** @internal */ readonly initialCtx: SSL_CTX;
  /** @internal */ rbio: BIO | null = null;
  /** @internal */ wbio: BIO | null = null;
  /** @internal undefined until a role is set (OpenSSL's `handshake_func == NULL`). */
  server: boolean | undefined;
  /** @internal */ hs: HsState = 'before';
  /** @internal */ engine: Connection | undefined;
  /** @internal */ shutdown = 0;
  /** @internal */ quiet: number;
  /**
   * @internal The last warning alert received; 0 (close_notify) until one
   * arrives, as libssl's zero-initialised `s3.warn_alert`.
   */
  warnAlert = 0;
  /** @internal */ rwstate = RW_NOTHING;
  /** @internal */ options: number;
  /** @internal */ mode: number;
  /** @internal */ verifyMode: number;
  /** @internal */ verifyCallback: SSL_verify_cb | undefined;
  /** @internal */ verifyDepth: number;
  /** @internal */ hostname: string | undefined;
  /** @internal */ sni: string | undefined;
  /** @internal */ alpnProtos: Uint8Array | undefined;
  /** @internal */ keyUpdatePending = SSL_KEY_UPDATE_NONE;
  /** @internal Tickets a server sends after a full handshake (copied from the context). */
  numTickets: number;
  /** @internal `SSL_set_max_send_fragment` (copied from the context). */
  maxSendFragment: number;
  /** @internal The body of the last Finished this side sent / received (`SSL_get_finished`). */
  finishedMd: Uint8Array | undefined;
  /** @internal */ peerFinishedMd: Uint8Array | undefined;
  /** @internal `SSL_renegotiate` was accepted (only before TLS 1.3 is negotiated; never acted on). */
  renegotiatePending = false;
  /** @internal */ session: SSL_SESSION | undefined;
  /** @internal */ exData = new Map<number, unknown>();
  /** @internal */ appData: unknown = null;
  /**
   * @internal Certificate slots set with SSL_use_*: a copy of the context's
   * made by the first such call (libssl copies at SSL_new); until then the
   * context's slots apply.
   */
  own: CertSlots | undefined;
  /** @internal The client's signature_algorithms (server, from its ClientHello). */
  peerSigalgs: readonly number[] | undefined;
  /** @internal The client's cipher suites (server, from its ClientHello). */
  peerCiphers: readonly number[] | undefined;
  /** @internal The client's supported_groups (server, from its ClientHello). */
  peerGroups: readonly number[] | undefined;

  /** @internal The slots this connection serves from (its own, else the context's). */
  get certSlots(): CertSlots {
    return this.own ?? this.ctx.certs;
  }
  // Output not yet accepted by the wbio, oldest first.
  readonly #out: Uint8Array[] = [];
  #outOff = 0;
  #appRecord: PendingRecord | undefined;
  #wnum = 0;
  // The record being read.
  readonly #rec = new Uint8Array(RECORD_HEADER + MAX_RECORD_BODY);
  #recHave = 0;
  // Plaintext of the last application data record, not yet read.
  #plain: Uint8Array = new Uint8Array(0);
  #plainOff = 0;
  #receivedFatal = false;
  #tls12Only = false;
  #serverBelow13 = false;
  /** The ClientHello's legacy_version (server). */
  #helloVersion: number | undefined;
  /** The server refused the client's versions (protocol_version sent). */
  #versionRefused = false;
  /** The last `X509_V_*` error the chain verification reported (SSL_get_verify_result). */
  verifyError = X509_V_OK;

  constructor(ctx: SSL_CTX) {
    this.ctx = ctx;
    this.initialCtx = ctx;
    this.options = ctx.options;
    this.mode = ctx.mode;
    this.quiet = ctx.quietShutdown;
    this.verifyMode = ctx.verifyMode;
    this.verifyCallback = ctx.verifyCallback;
    this.verifyDepth = ctx.verifyDepth;
    this.alpnProtos = ctx.alpnProtos;
    this.numTickets = ctx.numTickets;
    this.maxSendFragment = ctx.maxSendFragment;
    if (ctx.method.role === 'client') this.server = false;
    if (ctx.method.role === 'server') this.server = true;
  }

  /**
   * @internal Resets the connection for reuse (`SSL_clear`). The session is
   * kept (a client offers it again) unless the bad-session rule dropped it.
   */
  reset(keepSession: boolean): void {
    this.hs = 'before';
    this.engine = undefined;
    this.finishedMd = undefined;
    this.peerFinishedMd = undefined;
    this.#helloVersion = undefined;
    this.#versionRefused = false;
    this.renegotiatePending = false;
    this.shutdown = 0;
    this.warnAlert = 0;
    this.rwstate = RW_NOTHING;
    this.keyUpdatePending = SSL_KEY_UPDATE_NONE;
    if (!keepSession) this.session = undefined;
    this.#out.length = 0;
    this.#outOff = 0;
    this.#appRecord = undefined;
    this.#wnum = 0;
    this.#recHave = 0;
    this.#plain = new Uint8Array(0);
    this.#plainOff = 0;
    this.#receivedFatal = false;
    this.#alertPending = false;
    this.#awaitingClientHello = false;
    this.verifyError = X509_V_OK;
  }

  get pending(): number {
    return this.#plain.length - this.#plainOff;
  }

  get hasPending(): boolean {
    return this.pending > 0 || this.#recHave > 0;
  }

  // ---------------------------------------------------------------- engine

  #startEngine(): boolean {
    const ctx = this.ctx;
    const max = ctx.maxVersion;
    const min = ctx.minVersion;
    // A client limited to TLS 1.2 sends a TLS 1.2 ClientHello (no
    // supported_versions), so the server refuses it as libssl's would; a
    // server limited so, or a client that must not go below TLS 1.3 with a
    // maximum under it, has nothing to offer.
    const below13 = max !== 0 && max < TLS1_3_VERSION && max >= min;
    this.#tls12Only = !this.server && below13;
    // A server limited to TLS 1.2 or lower reads the ClientHello and refuses
    // it with protocol_version (UNSUPPORTED_PROTOCOL), as libssl does for a
    // client that offers TLS 1.3 only; Strata negotiates no TLS 1.2 for a
    // client that would accept it (see the README's differences).
    this.#serverBelow13 = this.server === true && below13;
    if ((max !== 0 && max < TLS1_3_VERSION && !below13) || (min !== 0 && min > TLS1_3_VERSION)) {
      raiseSsl(SSL_R_NO_PROTOCOLS_AVAILABLE, this.server ? 'SSL_accept' : 'SSL_connect');
      this.hs = 'error';
      return false;
    }
    if (this.server) {
      // A server starts each handshake with a new session.
      this.session = undefined;
      // The server's engine is made once the ClientHello record is in (see
      // #acceptClientHello): libssl picks the suite in the client's order
      // unless SSL_OP_CIPHER_SERVER_PREFERENCE, and refuses without a
      // certificate only after reading the ClientHello.
      this.#awaitingClientHello = true;
    } else {
      try {
        this.engine = new ClientConnection(this.#clientConfig());
      } catch (e) {
        raiseSsl(reasonForError(e), 'SSL_connect');
        this.hs = 'error';
        return false;
      }
    }
    this.hs = 'init';
    if (this.server) this.initialCtx.cache.countAccept();
    else this.initialCtx.cache.countConnect();
    ctx.infoCallback?.(this, SSL_CB_HANDSHAKE_START, 1);
    return true;
  }

  #common() {
    const ctx = this.ctx;
    const cb = this.verifyCallback;
    const keylog = ctx.keylogCallback;
    return {
      provider: ctx.provider,
      cipherSuites: ctx.cipherSuites,
      ...(ctx.groups ? { groups: ctx.groups } : {}),
      ...(ctx.sigalgs ? { signatureSchemes: ctx.sigalgs } : {}),
      trustStore: ctx.store.store,
      // Always a callback: it records the error for SSL_get_verify_result,
      // which keeps the last error even when a user callback accepts it.
      verifyCallback: (ok: boolean, vctx: VerifyContext) => {
        if (!ok) this.verifyError = vctx.error;
        return cb ? cb(ok ? 1 : 0, vctx) !== 0 : ok;
      },
      ...(this.verifyDepth >= 0 ? { verifyDepth: this.verifyDepth } : {}),
      ...(keylog
        ? {
            keyLog: (label: KeyLogLabel, random: Uint8Array, secret: Uint8Array) =>
              keylog(this, `${label} ${toHex(random)} ${toHex(secret)}`),
          }
        : {}),
      middleboxCompat: (this.options & SSL_OP_ENABLE_MIDDLEBOX_COMPAT) !== 0,
      onMessage: (m: ProtocolMessage) => {
        // Finished (handshake type 20): kept for SSL_get_finished / SSL_get_peer_finished.
        if (m.contentType === 22 && m.bytes[0] === 20) {
          const body = m.bytes.slice(4);
          if (m.direction === 'sent') this.finishedMd = body;
          else this.peerFinishedMd = body;
        }
        if (!ctx.msgCallback) return;
        if (m.direction === 'received') this.#msg(0, m.contentType, m.bytes);
        else this.#sentMessages.push(m);
      },
    };
  }

  /**
   * The engine's keys, the slot chosen by the peer's signature_algorithms
   * first. Each key's chain (the leaf, the configured intermediates or
   * libssl's automatic chain from `ctx`'s store) is worked out when the
   * engine first reads it and kept for the handshake: built at most once,
   * and only for the certificate that is sent, as libssl's
   * `tls_output_cert_chain`.
   */
  #certifiedKey(ctx: SSL_CTX): CertifiedKey[] {
    // Certificates set on the connection (SSL_use_*) win over the context's.
    const slots = this.own ?? ctx.certs;
    const ours = ourSchemes(ctx);
    const order = orderSlots(
      slots,
      ours,
      this.peerSigalgs,
      (this.options & SSL_OP_CIPHER_SERVER_PREFERENCE) !== 0,
    );
    const source = (): ChainSource => ({
      extraCerts: ctx.extraCerts,
      store: ctx.store.store,
      provider: ctx.provider,
      noAutoChain: (this.mode & SSL_MODE_NO_AUTO_CHAIN) !== 0,
    });
    return order.flatMap((i) => lazyCertifiedKey(slots.pkeys[i]!, source) ?? []);
  }

  #clientConfig(): ClientConfig {
    const offered = this.session?.session;
    const offer =
      offered && isTls13Session(offered) && offered.resumable && offered.ticket
        ? offered
        : undefined;
    const alpn = this.alpnProtos ? parseAlpnWire(this.alpnProtos) : undefined;
    return {
      ...this.#common(),
      verifyMode: (this.verifyMode & SSL_VERIFY_PEER) !== 0 ? 'peer' : 'none',
      // SNI only from SSL_set_tlsext_host_name; the certificate is checked
      // against the SSL_set1_host name only, as libssl.
      ...(this.sni !== undefined ? { serverName: this.sni } : {}),
      verifyHostname: this.hostname ?? false,
      ...(alpn && alpn.length > 0 ? { alpnProtocols: alpn } : {}),
      certificates: this.#certifiedKey(this.ctx),
      ...(offer ? { session: offer } : {}),
      ...(this.#tls12Only
        ? {
            hooks: {
              clientHello: (ch) => ({
                ...ch,
                extensions: ch.extensions.filter((e) => e.kind !== 'supported_versions'),
              }),
            },
          }
        : {}),
    };
  }

  #serverConfig(): ServerConfig {
    const ctx = this.ctx;
    const peer = (this.verifyMode & SSL_VERIFY_PEER) !== 0;
    const required = peer && (this.verifyMode & SSL_VERIFY_FAIL_IF_NO_PEER_CERT) !== 0;
    const base: ServerConfig = {
      ...this.#common(),
      cipherPreference: this.options & SSL_OP_CIPHER_SERVER_PREFERENCE ? 'server' : 'client',
      certificates: this.#certifiedKey(ctx),
      clientAuth: required ? 'required' : peer ? 'optional' : 'none',
      ...(ctx.clientCAs.length > 0
        ? { certificateAuthorities: ctx.clientCAs.map((n) => n.der) }
        : {}),
      tickets: {
        issuer: this.#ticketIssuer(),
        count: this.numTickets,
        timeoutSeconds: this.initialCtx.cache.timeoutSeconds,
      },
      verifyMode: peer ? 'peer' : 'none',
      sniCallback: (name) => {
        // Called with the first ClientHello, before the version is chosen;
        // libssl also checks the version before the servername callback.
        if (this.#serverBelow13) {
          throw new TlsError(
            'protocol_version',
            'HANDSHAKE_VERSION_UNSUPPORTED',
            'tls: the server is limited to TLS 1.2 or lower, which Strata does not negotiate',
          );
        }
        this.sni = name;
        const sn = this.ctx.servername;
        if (!sn) return undefined;
        const before = this.ctx;
        const status = sn.cb(this, sn.arg);
        // libssl's final_server_name: ALERT_FATAL aborts with
        // unrecognized_name (SSL_R_CALLBACK_FAILED); OK, NOACK and
        // ALERT_WARNING (no warning alerts in TLS 1.3) go on.
        if (status === SSL_TLSEXT_ERR_ALERT_FATAL) {
          throw new TlsError(
            'unrecognized_name',
            'OPENSSL_SERVERNAME_CALLBACK_FAILED',
            'tls: the servername callback returned SSL_TLSEXT_ERR_ALERT_FATAL',
          );
        }
        if (this.ctx === before) return undefined;
        // SSL_set_SSL_CTX switched contexts: serve with the new one's certificate.
        return { ...base, certificates: this.#certifiedKey(this.ctx) };
      },
      alpnSelect: (offered) => {
        const sel = this.ctx.alpnSelect;
        if (!sel) return undefined;
        const enc = new TextEncoder();
        const parts = offered.map((p) => enc.encode(p));
        const wire = new Uint8Array(parts.reduce((n, p) => n + 1 + p.length, 0));
        let i = 0;
        for (const p of parts) {
          wire[i++] = p.length;
          wire.set(p, i);
          i += p.length;
        }
        const [status, chosen] = sel.cb(this, wire, sel.arg);
        // SSL_TLSEXT_ERR_ALERT_FATAL aborts (no_application_protocol); NOACK
        // and ALERT_WARNING go on without ALPN, as libssl.
        if (status === SSL_TLSEXT_ERR_ALERT_FATAL) return false;
        if (status !== SSL_TLSEXT_ERR_OK || !chosen) return undefined;
        return new TextDecoder('latin1').decode(chosen);
      },
    };
    return base;
  }

  /** Moves the engine's output to the send queue. */
  #collect(): void {
    const engine = this.engine;
    if (!engine) return;
    const bytes = engine.takeOutput();
    if (bytes.length === 0) return;
    this.#out.push(bytes);
    if (this.ctx.msgCallback) {
      // One SSL3_RT_HEADER report per record written, then the messages they
      // carried (libssl reports a message once its record is written).
      for (let i = 0; i + RECORD_HEADER <= bytes.length; ) {
        this.#msg(1, SSL3_RT_HEADER, bytes.subarray(i, i + RECORD_HEADER));
        i += RECORD_HEADER + ((bytes[i + 3]! << 8) | bytes[i + 4]!);
      }
      for (const m of this.#sentMessages.splice(0)) this.#msg(1, m.contentType, m.bytes);
    }
  }

  readonly #sentMessages: ProtocolMessage[] = [];

  /** Reports to the message callback (record headers and alerts; see the README). */
  #msg(writeP: number, contentType: number, buf: Uint8Array): void {
    const cb = this.ctx.msgCallback;
    if (!cb) return;
    cb(writeP, TLS1_3_VERSION, contentType, buf.slice(), this, this.ctx.msgCallbackArg);
  }

  /**
   * Writes the send queue to the wbio. False when it could not all go (the
   * retry state is set) or the BIO failed.
   */
  #flush(): boolean {
    while (this.#out.length > 0) {
      const wbio = this.wbio;
      if (!wbio) {
        raiseSsl(SSL_R_BIO_NOT_SET, 'SSL_write');
        return false;
      }
      const chunk = this.#out[0]!;
      const n = BIO_write(wbio, chunk.subarray(this.#outOff));
      if (n > 0) {
        this.#outOff += n;
        if (this.#outOff >= chunk.length) {
          this.#out.shift();
          this.#outOff = 0;
        }
        continue;
      }
      if (BIO_should_retry(wbio)) {
        this.rwstate = RW_WRITING;
        return false;
      }
      this.hs = 'error';
      this.rwstate = RW_NOTHING;
      return false;
    }
    return true;
  }

  /**
   * Reads one whole record from the rbio into the engine: `record`, `retry`
   * (the rbio would block; the retry state is set), `eof` or `error`.
   */
  #readRecord(raw = false): 'record' | 'retry' | 'eof' | 'error' {
    const rbio = this.rbio;
    if (!rbio) {
      raiseSsl(SSL_R_BIO_NOT_SET, 'SSL_read');
      return 'error';
    }
    const rec = this.#rec;
    for (;;) {
      const bodyLen = this.#recHave >= RECORD_HEADER ? (rec[3]! << 8) | rec[4]! : -1;
      if (bodyLen > MAX_RECORD_BODY || (bodyLen >= 0 && !plausibleHeader(rec))) {
        // Let the record layer reject the header with its alert now, rather
        // than wait for a body the length field of a non-TLS header (an SSL
        // 2.0 ClientHello, say) made up: as libssl, which checks the header first.
        // (The server's first record is fed by #acceptClientHello from #lastRecord.)
        this.#lastRecord = rec.slice(0, RECORD_HEADER);
        if (!raw) this.#feed(this.#lastRecord);
        this.#recHave = 0;
        return 'record';
      }
      const want = bodyLen < 0 ? RECORD_HEADER : RECORD_HEADER + bodyLen;
      if (this.#recHave === want && bodyLen >= 0) {
        const record = rec.slice(0, want);
        this.#recHave = 0;
        this.#lastRecord = record;
        this.#msg(0, SSL3_RT_HEADER, record.subarray(0, RECORD_HEADER));
        if (!raw) this.#feed(record);
        return 'record';
      }
      const n = BIO_read(rbio, rec.subarray(this.#recHave, want));
      if (n > 0) {
        this.#recHave += n;
        continue;
      }
      if (n < 0 && BIO_should_retry(rbio)) {
        this.rwstate = RW_READING;
        return 'retry';
      }
      // As libssl's ssl3_read_n: an end of input is EOF only if the BIO says
      // so; any other failure is a system error (SSL_ERROR_SYSCALL).
      if (n === 0 || BIO_eof(rbio)) return 'eof';
      this.hs = 'error';
      return 'error';
    }
  }

  #recordKind: 'none' | 'data' | 'handshake' | 'close' | 'fatal' = 'none';

  /** Feeds one record and sorts out what it carried. */
  /** Sorts out the engine's events (alerts, tickets) since the last call. */
  #events(): void {
    const engine = this.engine;
    if (!engine) return;
    for (const ev of engine.takeEvents()) {
      switch (ev.type) {
        case 'alert_received': {
          const value = (ev.alert.level << 8) | ev.alert.description;
          this.ctx.infoCallback?.(this, SSL_CB_READ | SSL_CB_ALERT, value);
          if (ev.alert.kind === 'close_notify') {
            this.shutdown |= SSL_RECEIVED_SHUTDOWN;
            this.warnAlert = 0;
            this.#recordKind = 'close';
          } else if (ev.alert.kind === 'fatal') {
            this.shutdown |= SSL_RECEIVED_SHUTDOWN;
            this.#recordKind = 'fatal';
            this.#receivedFatal = true;
            this.hs = 'error';
            raiseSsl(SSL_AD_REASON_OFFSET + ev.alert.description, this.#func());
          }
          break;
        }
        case 'alert_sent':
          this.ctx.infoCallback?.(
            this,
            SSL_CB_WRITE | SSL_CB_ALERT,
            ((ev.error ? 2 : 1) << 8) | alertCode(ev.alert),
          );
          if (ev.error && !this.#receivedFatal && !this.#ownAlert) {
            if (this.server && ev.alert === 'protocol_version') this.#versionRefused = true;
            this.#recordKind = 'fatal';
            this.hs = 'error';
            raiseSsl(reasonForError(ev.error as TlsError), this.#func());
          }
          break;
        case 'new_session_ticket':
          if (ev.session) this.#ticketReceived(ev.session);
          break;
        default:
          break;
      }
    }
  }

  #feed(record: Uint8Array): void {
    const engine = this.engine!;
    const before = engine.stateName;
    engine.receive(record);
    const cb = this.ctx.infoCallback;
    if (cb && this.hs !== 'ok' && engine.stateName !== before) {
      cb(this, this.server ? SSL_CB_ACCEPT_LOOP : SSL_CB_CONNECT_LOOP, 1);
    }
    this.#recordKind = 'handshake';
    this.#events();
    const data = engine.read();
    if (data.length > 0) {
      this.#plain = data;
      this.#plainOff = 0;
      if (this.#recordKind === 'handshake') this.#recordKind = 'data';
    }
    this.#collect();
  }

  /**
   * A fatal error the facade detects: queue `reason`, mark the connection
   * failed and send `alert` as libssl does (through the engine, so it is
   * protected); behind an unfinished application record libssl only queues
   * the alert, so nothing is flushed then.
   */
  #fatal(reason: number, func: string, alert: AlertName): void {
    raiseSsl(reason, func);
    this.hs = 'error';
    const engine = this.engine;
    if (!engine || engine.closed) return;
    this.#ownAlert = true;
    try {
      engine.sendAlert(alert);
      this.#collect();
      this.#events();
    } finally {
      this.#ownAlert = false;
    }
    if (!this.#appRecord) this.#flush();
    this.rwstate = RW_NOTHING;
  }

  #ownAlert = false;

  /** True once a fatal error happened (re-read after calls that may fail). */
  #failed(): boolean {
    return this.hs === 'error';
  }

  #func(): string {
    if (this.hs === 'ok') return 'ssl3_read_bytes';
    return this.server ? 'SSL_accept' : 'SSL_connect';
  }

  #uninitialized(func: string): boolean {
    if (this.server !== undefined) return false;
    raiseSsl(SSL_R_UNINITIALIZED, func);
    return true;
  }

  // ------------------------------------------------------------- handshake

  /**
   * `SSL_do_handshake`. While the handshake runs, the info callback gets
   * SSL_CB_CONNECT_EXIT / SSL_CB_ACCEPT_EXIT with each return value, as
   * libssl's state machine reports it.
   */
  handshake(): number {
    const running = (this.hs === 'before' || this.hs === 'init') && this.server !== undefined;
    const r = this.#handshake();
    const cb = this.ctx.infoCallback;
    if (running && cb) cb(this, this.server ? SSL_CB_ACCEPT_EXIT : SSL_CB_CONNECT_EXIT, r);
    return r;
  }

  #handshake(): number {
    this.initialCtx.currentSsl = this;
    this.rwstate = RW_NOTHING;
    if (this.server === undefined) {
      raiseSsl(SSL_R_CONNECTION_TYPE_NOT_SET, 'SSL_do_handshake');
      return -1;
    }
    if (this.hs === 'error') return -1;
    if (this.hs === 'before' && !this.#startEngine()) return -1;
    if (this.#awaitingClientHello && !this.#acceptClientHello()) return -1;
    const engine = this.engine!;
    if (this.hs === 'ok') {
      return this.#sendKeyUpdate() ? 1 : -1;
    }
    for (;;) {
      this.#collect();
      if (!this.#flush()) return -1;
      if (this.#failed()) return -1;
      if (engine.handshakeComplete) {
        this.#completed();
        return 1;
      }
      const r = this.#readRecord();
      if (r === 'retry' || r === 'error') return -1;
      if (r === 'eof') {
        this.#fatal(SSL_R_UNEXPECTED_EOF_WHILE_READING, this.#func(), 'decode_error');
        return -1;
      }
      if (this.#failed()) {
        this.#flush();
        this.rwstate = RW_NOTHING;
        return -1;
      }
    }
  }

  #awaitingClientHello = false;
  #lastRecord: Uint8Array = new Uint8Array(0);

  /**
   * Server: reads the first record (the ClientHello), then makes the engine
   * with the suites in the client's order (unless
   * SSL_OP_CIPHER_SERVER_PREFERENCE) and feeds it the record. False when it
   * must wait (WANT_READ) or failed.
   */
  #acceptClientHello(): boolean {
    const r = this.#readRecord(true);
    if (r === 'retry' || r === 'error') return false;
    if (r === 'eof') {
      raiseSsl(SSL_R_UNEXPECTED_EOF_WHILE_READING, 'SSL_accept');
      this.hs = 'error';
      return false;
    }
    this.#awaitingClientHello = false;
    const record = this.#lastRecord;
    const hello = parseClientHello(record);
    this.peerSigalgs = hello?.sigalgs;
    this.peerCiphers = hello?.cipherSuites;
    this.peerGroups = hello?.groups;
    this.#helloVersion = hello?.legacyVersion;
    const ctx = this.ctx;
    // Only whether a slot is filled matters here: no chain is built.
    if ((this.own ?? ctx.certs).filled().length === 0 && !ctx.servername) {
      // A client that also offers TLS 1.2 would get a TLS 1.2 handshake with
      // no suite for lack of a certificate; a TLS 1.3-only one no protocol.
      const tls12 = hello?.offersTls12 ?? false;
      raiseSsl(
        tls12 ? SSL_R_NO_SHARED_CIPHER : SSL_R_UNSUPPORTED_PROTOCOL,
        'tls_post_process_client_hello',
      );
      // The plaintext fatal alert: handshake_failure (40) or protocol_version (70).
      const alert = Uint8Array.of(21, 3, 3, 0, 2, 2, tls12 ? 40 : 70);
      this.#out.push(alert);
      this.#msg(1, SSL3_RT_HEADER, alert.subarray(0, RECORD_HEADER));
      this.#msg(1, SSL3_RT_ALERT, alert.subarray(RECORD_HEADER));
      this.hs = 'error';
      this.#flush();
      this.rwstate = RW_NOTHING;
      return false;
    }
    try {
      this.engine = new ServerConnection(this.#serverConfig());
    } catch (e) {
      raiseSsl(reasonForError(e), 'SSL_accept');
      this.hs = 'error';
      return false;
    }
    this.#feed(record);
    return true;
  }

  #completed(): void {
    this.hs = 'ok';
    const n = this.engine!.negotiated;
    const resumed = n.resumed === true;
    const cache = this.initialCtx.cache;
    if (this.server) {
      cache.countAcceptGood();
      if (resumed) this.initialCtx.ticketHits++;
      // Without a ticket issued yet, the connection still has its session
      // (not resumable), as libssl's SSL_get_session shows.
      this.session ??= sessionHandle(this.#placeholderSession());
    } else {
      cache.countConnectGood(resumed);
      if (!resumed) this.session = sessionHandle(this.#placeholderSession());
    }
    this.ctx.infoCallback?.(this, SSL_CB_HANDSHAKE_DONE, 1);
  }

  /** The session of a handshake before (or without) tickets: its parameters, no resumption secret. */
  #placeholderSession(): Tls13Session {
    const n = this.engine!.negotiated;
    const suite = n.cipherSuite;
    return new Tls13Session({
      cipherSuite: suite?.code ?? 0x1301,
      createdAtMs: Date.now(),
      timeoutSeconds: this.initialCtx.cache.timeoutSeconds,
      psk: new Uint8Array(suite?.hash.outputLength ?? 32),
      ticketAgeAdd: 0,
      ticketLifetimeSeconds: 0,
      resumable: false,
      // libssl gives every server session a random id; a client's has none until a ticket.
      ...(this.server ? { sessionId: this.initialCtx.provider.random(32) } : {}),
      peerCertificates: (n.peerCertificates ?? []).map((c) => c.der),
      verifyResult: this.verifyError,
      ...(n.alpn !== undefined ? { alpn: new TextEncoder().encode(n.alpn) } : {}),
      ...(n.serverName !== undefined ? { serverName: n.serverName } : {}),
    });
  }

  /** Client: a NewSessionTicket became a session (id = SHA-256 of the ticket, as libssl). */
  #ticketReceived(session: Tls13Session): void {
    const ticket = session.ticket ?? new Uint8Array(0);
    const id = this.ctx.provider.hashes.sha256.digest(ticket);
    const withId = session.with({ sessionId: id });
    this.session = sessionHandle(withId);
    this.initialCtx.cache.updateCache(withId, 'client', { resumed: false });
  }

  /** Server: the issuer that makes tickets, recording each issued session as the connection's. */
  #ticketIssuer(): TicketIssuer {
    const ctx = this.initialCtx;
    const inner: TicketIssuer =
      this.options & SSL_OP_NO_TICKET
        ? new StatefulTickets({ cache: ctx.cache, provider: ctx.provider })
        : new StatelessTickets({ keys: ctx.ticketKeys, provider: ctx.provider, cache: ctx.cache });
    return {
      stateful: inner.stateful,
      issue: (session) => {
        const out = inner.issue(session);
        this.session = sessionHandle(out.session);
        return out;
      },
      inspect: (ticket) => inner.inspect(ticket),
      open: (ticket) => inner.open(ticket),
    };
  }

  #sendKeyUpdate(): boolean {
    if (this.keyUpdatePending === SSL_KEY_UPDATE_NONE) return this.#flush();
    const requested = this.keyUpdatePending === SSL_KEY_UPDATE_REQUESTED;
    this.keyUpdatePending = SSL_KEY_UPDATE_NONE;
    try {
      this.engine!.updateKeys(requested);
    } catch {
      // The connection closed meanwhile: nothing to send.
    }
    this.#collect();
    return this.#flush();
  }

  // ------------------------------------------------------------------ read

  /** `SSL_read`/`SSL_peek` core: the count (0 or -1 as libssl). */
  read(buf: Uint8Array, len: number, peek: boolean): number {
    this.initialCtx.currentSsl = this;
    this.rwstate = RW_NOTHING;
    if (this.#uninitialized(peek ? 'SSL_peek' : 'SSL_read')) return -1;
    if (this.shutdown & SSL_RECEIVED_SHUTDOWN) return 0;
    if (this.hs !== 'ok') {
      const r = this.handshake();
      if (r <= 0) return r;
    }
    // libssl's ssl3_read_bytes runs the handshake function first while "in
    // init", which sends a key update SSL_key_update queued.
    if (this.keyUpdatePending !== SSL_KEY_UPDATE_NONE && !this.#sendKeyUpdate()) return -1;
    for (;;) {
      const avail = this.pending;
      if (avail > 0) {
        const n = Math.min(len, avail);
        buf.set(this.#plain.subarray(this.#plainOff, this.#plainOff + n));
        if (!peek) this.#plainOff += n;
        return n;
      }
      if (this.shutdown & SSL_RECEIVED_SHUTDOWN) return 0;
      if (this.hs === 'error') return -1;
      const r = this.#readRecord();
      if (r === 'retry' || r === 'error') return -1;
      if (r === 'eof') {
        if (this.options & SSL_OP_IGNORE_UNEXPECTED_EOF) {
          this.shutdown |= SSL_RECEIVED_SHUTDOWN;
          this.warnAlert = 0;
          return 0;
        }
        this.#fatal(SSL_R_UNEXPECTED_EOF_WHILE_READING, 'ssl3_read_n', 'decode_error');
        return 0;
      }
      this.#flush();
      this.rwstate = RW_NOTHING;
      const kind = this.#recordKind;
      // A fatal alert from the peer ends SSL_read with 0, our own with -1 (libssl 3.0).
      if (kind === 'fatal') return this.#receivedFatal ? 0 : -1;
      if (kind === 'close') return 0;
      if (kind === 'handshake' && !(this.mode & SSL_MODE_AUTO_RETRY)) {
        const rbio = this.rbio!;
        BIO_clear_retry_flags(rbio);
        BIO_set_retry_read(rbio);
        this.rwstate = RW_READING;
        return -1;
      }
    }
  }

  // ----------------------------------------------------------------- write

  /** `SSL_write` core: the count, or 0/-1 as libssl. */
  write(buf: Uint8Array, num: number): number {
    this.initialCtx.currentSsl = this;
    this.rwstate = RW_NOTHING;
    if (this.#uninitialized('SSL_write')) return -1;
    if (this.shutdown & SSL_SENT_SHUTDOWN) {
      raiseSsl(SSL_R_PROTOCOL_IS_SHUTDOWN, 'SSL_write');
      return -1;
    }
    if (this.hs !== 'ok') {
      const r = this.handshake();
      if (r <= 0) return r;
    }
    if (this.hs !== 'ok') return -1;
    let tot = this.#wnum;
    this.#wnum = 0;
    const pending = this.#appRecord;
    if (num < tot || (pending !== undefined && num < tot + pending.len)) {
      this.#fatal(SSL_R_BAD_LENGTH, 'ssl3_write_bytes', 'internal_error');
      return -1;
    }
    if (pending) {
      const moved = buf.buffer !== pending.buffer || buf.byteOffset + tot !== pending.offset;
      if (moved && !(this.mode & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)) {
        this.#fatal(SSL_R_BAD_WRITE_RETRY, 'ssl3_write_pending', 'internal_error');
        return -1;
      }
      if (!this.#flush()) {
        this.#wnum = tot;
        return -1;
      }
      tot += pending.len;
      this.#appRecord = undefined;
    } else if (!this.#sendKeyUpdate()) {
      this.#wnum = tot;
      return -1;
    }
    if (tot === num) return tot;
    const engine = this.engine!;
    for (;;) {
      const n = Math.min(num - tot, this.maxSendFragment);
      try {
        engine.write(buf.subarray(tot, tot + n));
      } catch {
        this.hs = 'error';
        return -1;
      }
      this.#collect();
      this.#appRecord = { len: n, buffer: buf.buffer, offset: buf.byteOffset + tot };
      if (!this.#flush()) {
        this.#wnum = tot;
        return -1;
      }
      this.#appRecord = undefined;
      if (tot + n === num || this.mode & SSL_MODE_ENABLE_PARTIAL_WRITE) return tot + n;
      tot += n;
    }
  }

  // -------------------------------------------------------------- shutdown

  /** `SSL_shutdown`. */
  shutdownStep(): number {
    this.initialCtx.currentSsl = this;
    // libssl's SSL_shutdown keeps the last I/O state (what SSL_get_error
    // reports) until it does I/O itself.
    if (this.#uninitialized('SSL_shutdown')) return -1;
    // A key update waiting to be sent counts as "in init", as in libssl.
    if (this.hs !== 'ok' || this.keyUpdatePending !== SSL_KEY_UPDATE_NONE) {
      raiseSsl(SSL_R_SHUTDOWN_WHILE_IN_INIT, 'SSL_shutdown');
      return -1;
    }
    if (this.quiet) {
      this.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
      return 1;
    }
    if (!(this.shutdown & SSL_SENT_SHUTDOWN)) {
      this.shutdown |= SSL_SENT_SHUTDOWN;
      if (this.#appRecord) {
        // A record of an interrupted SSL_write is still going out: libssl
        // queues the alert behind it and returns -1 at once.
        this.#alertPending = true;
        return -1;
      }
      this.#sendCloseNotify();
      if (!this.#flush()) return -1;
    } else if (this.#alertPending) {
      if (this.#appRecord) {
        // libssl's alert dispatch finds the interrupted application record
        // in its write buffer: a write retry of another type, fatal.
        this.#fatal(SSL_R_BAD_WRITE_RETRY, 'ssl3_write_pending', 'internal_error');
        return -1;
      }
      this.#sendCloseNotify();
      if (!this.#flush()) return -1;
    } else if (this.#out.length > 0) {
      if (!this.#flush()) return -1;
    } else if (!(this.shutdown & SSL_RECEIVED_SHUTDOWN)) {
      if (!this.#awaitCloseNotify()) return -1;
    }
    return this.shutdown === (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN) &&
      this.#out.length === 0 &&
      !this.#alertPending
      ? 1
      : 0;
  }

  #alertPending = false;

  #sendCloseNotify(): void {
    this.#alertPending = false;
    this.engine!.close();
    // libssl reports the record header, then the alert.
    this.#collect();
    this.#events();
  }

  /** The second step of SSL_shutdown: read until the peer's close_notify. */
  #awaitCloseNotify(): boolean {
    for (;;) {
      if (this.pending > 0) {
        // Data still unread from before our close_notify is discarded, as libssl does.
        this.#plainOff = this.#plain.length;
      }
      const r = this.#readRecord();
      if (r === 'retry' || r === 'error') return false;
      if (r === 'eof') {
        this.#fatal(SSL_R_UNEXPECTED_EOF_WHILE_READING, 'ssl3_read_n', 'decode_error');
        return false;
      }
      this.#flush();
      this.rwstate = RW_NOTHING;
      const kind = this.#recordKind;
      if (kind === 'close') return true;
      if (kind === 'fatal') return false;
      if (kind === 'data') {
        this.#plainOff = this.#plain.length;
        this.#fatal(
          SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY,
          'ssl3_read_bytes',
          'unexpected_message',
        );
        return false;
      }
      if (!(this.mode & SSL_MODE_AUTO_RETRY)) {
        const rbio = this.rbio!;
        BIO_clear_retry_flags(rbio);
        BIO_set_retry_read(rbio);
        this.rwstate = RW_READING;
        return false;
      }
    }
  }

  // ---------------------------------------------------------------- errors

  /** `SSL_get_error`. */
  getError(ret: number): number {
    if (ret > 0) return SSL_ERROR_NONE;
    const l = ERR_peek_error();
    if (l !== 0) return ERR_GET_LIB(l) === ERR_LIB_SYS ? SSL_ERROR_SYSCALL : SSL_ERROR_SSL;
    if (this.rwstate === RW_READING && this.rbio) {
      if (BIO_should_read(this.rbio)) return SSL_ERROR_WANT_READ;
      if (BIO_should_write(this.rbio)) return SSL_ERROR_WANT_WRITE;
    }
    if (this.rwstate === RW_WRITING && this.wbio) {
      if (BIO_should_write(this.wbio)) return SSL_ERROR_WANT_WRITE;
      if (BIO_should_read(this.wbio)) return SSL_ERROR_WANT_READ;
    }
    if (this.shutdown & SSL_RECEIVED_SHUTDOWN && this.warnAlert === 0) return SSL_ERROR_ZERO_RETURN;
    return SSL_ERROR_SYSCALL;
  }

  /**
   * @internal `SSL_version`: the negotiated version; before one is, as
   * libssl: TLS 1.3 (TLS_MAX_VERSION) until the handshake starts, then a
   * client's highest enabled version (set with its ClientHello) and, for a
   * server that refused the client's versions, the ClientHello's
   * legacy_version (libssl answers with it).
   */
  get protocolVersion(): number {
    const v = this.engine?.negotiated.version;
    if (v !== undefined) return v;
    if (this.hs === 'before') return TLS1_3_VERSION;
    if (this.server) {
      return this.#versionRefused && this.#helloVersion !== undefined
        ? this.#helloVersion
        : TLS1_3_VERSION;
    }
    const max = this.ctx.maxVersion;
    return max !== 0 && max < TLS1_3_VERSION ? max : TLS1_3_VERSION;
  }

  /** @internal libssl's `SSL_IS_TLS13`: TLS 1.3 was negotiated (a ServerHello sent or received). */
  get tls13(): boolean {
    return this.hs !== 'before' && (this.engine?.negotiated.version ?? 0) === TLS1_3_VERSION;
  }

  /** `SSL_key_update`. */
  keyUpdate(type: number): number {
    // libssl's order: the version first, then the type, then the state.
    if (!this.tls13) {
      raiseSsl(SSL_R_WRONG_SSL_VERSION, 'SSL_key_update');
      return 0;
    }
    if (type !== SSL_KEY_UPDATE_NOT_REQUESTED && type !== SSL_KEY_UPDATE_REQUESTED) {
      raiseSsl(SSL_R_INVALID_KEY_UPDATE_TYPE, 'SSL_key_update');
      return 0;
    }
    // A key update not sent yet puts libssl back "in init": a second one
    // fails until the first went out (SSL_write/SSL_do_handshake).
    if (this.hs !== 'ok' || this.keyUpdatePending !== SSL_KEY_UPDATE_NONE) {
      raiseSsl(SSL_R_STILL_IN_INIT, 'SSL_key_update');
      return 0;
    }
    this.keyUpdatePending = type;
    return 1;
  }

  /**
   * `SSL_get_state`: libssl's state is the last message read or written.
   * The engine names the message it waits for, so a waiting state maps to
   * what came before it, and a failure while handling a message to that
   * message (a received fatal alert leaves the state as it was).
   */
  state(): number {
    if (this.hs === 'before') return TLS_ST_BEFORE;
    if (this.hs === 'ok') return TLS_ST_OK;
    const name = this.engine?.stateName ?? (this.server ? 'ExpectClientHello' : '');
    const failedOn = this.hs === 'error' && !this.#receivedFatal;
    const table: Record<string, readonly [number, number]> = {
      // [waiting for it, failed while handling it]
      ExpectServerHello: [TLS_ST_CW_CLNT_HELLO, TLS_ST_CR_SRVR_HELLO],
      ExpectEncryptedExtensions: [TLS_ST_CR_SRVR_HELLO, TLS_ST_CR_ENCRYPTED_EXTENSIONS],
      ExpectCertificateOrRequest: [TLS_ST_CR_ENCRYPTED_EXTENSIONS, TLS_ST_CR_CERT],
      ExpectCertificate: [TLS_ST_CR_ENCRYPTED_EXTENSIONS, TLS_ST_CR_CERT],
      ExpectCertificateVerify: [TLS_ST_CR_CERT, TLS_ST_CR_CERT_VRFY],
      ExpectFinished: [TLS_ST_CR_CERT_VRFY, TLS_ST_CR_FINISHED],
      ExpectClientHello: [TLS_ST_BEFORE, TLS_ST_SR_CLNT_HELLO],
      ExpectClientCertificate: [TLS_ST_EARLY_DATA, TLS_ST_SR_CERT],
      ExpectClientCertificateVerify: [TLS_ST_SR_CERT, TLS_ST_SR_CERT_VRFY],
      ExpectClientFinished: [TLS_ST_EARLY_DATA, TLS_ST_SR_FINISHED],
    };
    const entry = table[name];
    if (!entry) return TLS_ST_BEFORE;
    return failedOn ? entry[1] : entry[0];
  }

  stateStrings(): readonly [string, string] {
    if (this.hs === 'error') return ['SSLERR', 'error'];
    return STATE_STRINGS.get(this.state()) ?? ['UNKWN', 'unknown state'];
  }

  /** `SSL_set_session`: the session a client offers to resume (the bad-session rule applies to the one it replaces). */
  setSession(s: SSL_SESSION | null): void {
    this.endSession();
    this.session = s ?? undefined;
  }

  /** @internal Cache bookkeeping when a connection ends (`SSL_free`, `SSL_clear`). */
  endSession(): boolean {
    const s = this.session;
    if (!s) return false;
    // RFC 2246 "bad session": a connection that completed its handshake and
    // ends without our close_notify does not leave its session to be reused.
    return this.initialCtx.cache.removeBadSession(s.session, {
      shutdown: this.shutdown,
      handshakeDone: this.hs === 'ok',
    });
  }
}

/** What the facade needs from a ClientHello record: its suites and whether it offers TLS 1.2. */
function parseClientHello(record: Uint8Array):
  | {
      cipherSuites: readonly number[];
      offersTls12: boolean;
      sigalgs: readonly number[] | undefined;
      groups: readonly number[] | undefined;
      legacyVersion: number;
    }
  | undefined {
  try {
    if (record[0] !== 22) return undefined;
    const { parsed } = decodeHandshakeMessage(record.subarray(RECORD_HEADER));
    if (parsed.kind !== 'client_hello') return undefined;
    const sv = parsed.extensions.find((e) => e.kind === 'supported_versions');
    const offersTls12 = sv
      ? Array.isArray(sv.value) && (sv.value as readonly number[]).includes(0x0303)
      : parsed.legacyVersion >= 0x0303;
    const sa = parsed.extensions.find((e) => e.kind === 'signature_algorithms');
    const sigalgs = sa && Array.isArray(sa.value) ? (sa.value as readonly number[]) : undefined;
    const sg = parsed.extensions.find((e) => e.kind === 'supported_groups');
    const groups = sg && Array.isArray(sg.value) ? (sg.value as readonly number[]) : undefined;
    return {
      cipherSuites: parsed.cipherSuites,
      offersTls12,
      sigalgs,
      groups,
      legacyVersion: parsed.legacyVersion,
    };
  } catch {
    return undefined;
  }
}

function alertCode(name: string): number {
  const codes: Record<string, number> = {
    close_notify: 0,
    unexpected_message: 10,
    bad_record_mac: 20,
    record_overflow: 22,
    handshake_failure: 40,
    bad_certificate: 42,
    unsupported_certificate: 43,
    certificate_revoked: 44,
    certificate_expired: 45,
    certificate_unknown: 46,
    illegal_parameter: 47,
    unknown_ca: 48,
    access_denied: 49,
    decode_error: 50,
    decrypt_error: 51,
    protocol_version: 70,
    insufficient_security: 71,
    internal_error: 80,
    user_canceled: 90,
    missing_extension: 109,
    unsupported_extension: 110,
    unrecognized_name: 112,
    certificate_required: 116,
    no_application_protocol: 120,
  };
  return codes[name] ?? 80;
}

// ------------------------------------------------------------------------
// The OpenSSL functions.

/** `SSL_new(ctx)`. */
export function SSL_new(ctx: SSL_CTX): SSL {
  bridgeBioErrors();
  ctx.refs++;
  return new SSL(ctx);
}

export function SSL_up_ref(ssl: SSL): number {
  ssl.refs++;
  return 1;
}

/** `SSL_free`: drops a reference; the last one frees the BIOs and applies the bad-session rule. */
export function SSL_free(ssl: SSL | null): void {
  if (!ssl) return;
  ssl.refs--;
  if (ssl.refs > 0) return;
  ssl.endSession();
  const { rbio, wbio } = ssl;
  if (rbio) BIO_free_all(rbio);
  if (wbio && wbio !== rbio) BIO_free_all(wbio);
  ssl.rbio = null;
  ssl.wbio = null;
  ssl.ctx.refs--;
}

/** `SSL_clear`: ready for a new connection with the same settings. */
export function SSL_clear(ssl: SSL): number {
  const bad = ssl.endSession();
  ssl.reset(!bad);
  return 1;
}

/**
 * `SSL_set_bio(ssl, rbio, wbio)`: takes ownership of one reference of each
 * (one in all when they are the same BIO); the BIOs set before are freed.
 */
export function SSL_set_bio(ssl: SSL, rbio: BIO | null, wbio: BIO | null): void {
  const oldR = ssl.rbio;
  const oldW = ssl.wbio;
  if (oldR && oldR !== rbio && oldR !== wbio) BIO_free_all(oldR);
  if (oldW && oldW !== oldR && oldW !== rbio && oldW !== wbio) BIO_free_all(oldW);
  ssl.rbio = rbio;
  ssl.wbio = wbio;
}

/** `SSL_set0_rbio`: takes ownership of `rbio`. */
export function SSL_set0_rbio(ssl: SSL, rbio: BIO | null): void {
  const old = ssl.rbio;
  if (old && old !== ssl.wbio) BIO_free_all(old);
  ssl.rbio = rbio;
}

/** `SSL_set0_wbio`: takes ownership of `wbio`. */
export function SSL_set0_wbio(ssl: SSL, wbio: BIO | null): void {
  const old = ssl.wbio;
  if (old && old !== ssl.rbio) BIO_free_all(old);
  ssl.wbio = wbio;
}

export function SSL_get_rbio(ssl: SSL): BIO | null {
  return ssl.rbio;
}
export function SSL_get_wbio(ssl: SSL): BIO | null {
  return ssl.wbio;
}

/** Takes an extra reference for callers that share a BIO between two SSLs (C's `BIO_up_ref`). */
export function strata_SSL_share_bio(bio: BIO): BIO {
  BIO_up_ref(bio);
  return bio;
}

export function SSL_set_connect_state(ssl: SSL): void {
  ssl.server = false;
  ssl.shutdown = 0;
  ssl.hs = ssl.hs === 'ok' ? 'ok' : 'before';
}
export function SSL_set_accept_state(ssl: SSL): void {
  ssl.server = true;
  ssl.shutdown = 0;
  ssl.hs = ssl.hs === 'ok' ? 'ok' : 'before';
}
export function SSL_is_server(ssl: SSL): number {
  return ssl.server ? 1 : 0;
}

export function SSL_do_handshake(ssl: SSL): number {
  return ssl.handshake();
}

/** `SSL_connect`: sets the client role, then `SSL_do_handshake`. */
export function SSL_connect(ssl: SSL): number {
  if (ssl.server === undefined) ssl.server = false;
  return ssl.handshake();
}

/** `SSL_accept`: sets the server role, then `SSL_do_handshake`. */
export function SSL_accept(ssl: SSL): number {
  if (ssl.server === undefined) ssl.server = true;
  return ssl.handshake();
}

/** `SSL_is_init_finished`: 0 also while a key update waits to be sent (libssl is back "in init" then). */
export function SSL_is_init_finished(ssl: SSL): number {
  return SSL_in_init(ssl) ? 0 : 1;
}
export function SSL_in_init(ssl: SSL): number {
  return ssl.hs === 'ok' && ssl.keyUpdatePending === SSL_KEY_UPDATE_NONE ? 0 : 1;
}
export function SSL_in_before(ssl: SSL): number {
  return ssl.hs === 'before' ? 1 : 0;
}
export function SSL_in_connect_init(ssl: SSL): number {
  return SSL_in_init(ssl) && ssl.server === false ? 1 : 0;
}
export function SSL_in_accept_init(ssl: SSL): number {
  return SSL_in_init(ssl) && ssl.server === true ? 1 : 0;
}

function checkLen(buf: Uint8Array, num: number | undefined): number {
  const n = num ?? buf.length;
  if (!Number.isInteger(n) || n < 0 || n > buf.length) {
    throw new RangeError(`length ${n} outside the buffer (${buf.length} bytes)`);
  }
  return n;
}

/** `SSL_read(ssl, buf, num)`: fills `buf` and returns the count; 0 or -1 as libssl. */
export function SSL_read(ssl: SSL, buf: Uint8Array, num?: number): number {
  return ssl.read(buf, checkLen(buf, num), false);
}

/** `SSL_read_ex(ssl, buf, num, &readbytes)` → `[1 | 0, readbytes]`. */
export function SSL_read_ex(ssl: SSL, buf: Uint8Array, num?: number): [number, number] {
  const r = ssl.read(buf, checkLen(buf, num), false);
  return r > 0 ? [1, r] : [0, 0];
}

export function SSL_peek(ssl: SSL, buf: Uint8Array, num?: number): number {
  return ssl.read(buf, checkLen(buf, num), true);
}

export function SSL_peek_ex(ssl: SSL, buf: Uint8Array, num?: number): [number, number] {
  const r = ssl.read(buf, checkLen(buf, num), true);
  return r > 0 ? [1, r] : [0, 0];
}

/**
 * `SSL_write(ssl, buf, num)`: the count written, or 0/-1 as libssl. After -1
 * with WANT_WRITE, call again with the same buffer (same `ArrayBuffer` and
 * offset, C's "same pointer") and at least the same length, unless
 * `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER` is set.
 */
export function SSL_write(ssl: SSL, buf: Uint8Array, num?: number): number {
  return ssl.write(buf, checkLen(buf, num));
}

/** `SSL_write_ex(ssl, buf, num, &written)` → `[1 | 0, written]`; 0 bytes is `[1, 0]`. */
export function SSL_write_ex(ssl: SSL, buf: Uint8Array, num?: number): [number, number] {
  const n = checkLen(buf, num);
  const r = ssl.write(buf, n);
  if (r > 0) return [1, r];
  if (r === 0 && n === 0) return [1, 0];
  return [0, 0];
}

export function SSL_pending(ssl: SSL): number {
  return ssl.pending;
}
export function SSL_has_pending(ssl: SSL): number {
  return ssl.hasPending ? 1 : 0;
}

export function SSL_shutdown(ssl: SSL): number {
  return ssl.shutdownStep();
}

/** `SSL_set_shutdown`: replaces the bits (it does not OR them). */
export function SSL_set_shutdown(ssl: SSL, mode: number): void {
  ssl.shutdown = mode & (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
}
export function SSL_get_shutdown(ssl: SSL): number {
  return ssl.shutdown;
}
export function SSL_set_quiet_shutdown(ssl: SSL, mode: number): void {
  ssl.quiet = mode;
}
export function SSL_get_quiet_shutdown(ssl: SSL): number {
  return ssl.quiet;
}

export function SSL_get_error(ssl: SSL, ret: number): number {
  return ssl.getError(ret);
}

export function SSL_key_update(ssl: SSL, updatetype: number): number {
  return ssl.keyUpdate(updatetype);
}
export function SSL_get_key_update_type(ssl: SSL): number {
  return ssl.keyUpdatePending;
}

export function SSL_want(ssl: SSL): number {
  return ssl.rwstate;
}
export const SSL_NOTHING = RW_NOTHING;
export const SSL_WRITING = RW_WRITING;
export const SSL_READING = RW_READING;

export function SSL_set_num_tickets(ssl: SSL, n: number): number {
  ssl.numTickets = n;
  return 1;
}
export function SSL_get_num_tickets(ssl: SSL): number {
  return ssl.numTickets;
}

export function SSL_get_SSL_CTX(ssl: SSL): SSL_CTX {
  return ssl.ctx;
}

/** `SSL_set_SSL_CTX`: switches to `ctx`'s certificate and key (the SNI callback's tool). */
export function SSL_set_SSL_CTX(ssl: SSL, ctx: SSL_CTX | null): SSL_CTX | null {
  if (!ctx) return null;
  if (ctx !== ssl.ctx) {
    ctx.refs++;
    ssl.ctx.refs--;
    ssl.ctx = ctx;
  }
  return ctx;
}

export function SSL_set_options(ssl: SSL, op: number): number {
  ssl.options = (ssl.options | op) >>> 0;
  return ssl.options;
}
export function SSL_clear_options(ssl: SSL, op: number): number {
  ssl.options = (ssl.options & ~op) >>> 0;
  return ssl.options;
}
export function SSL_get_options(ssl: SSL): number {
  return ssl.options;
}
export function SSL_set_mode(ssl: SSL, mode: number): number {
  ssl.mode = (ssl.mode | mode) >>> 0;
  return ssl.mode;
}
export function SSL_clear_mode(ssl: SSL, mode: number): number {
  ssl.mode = (ssl.mode & ~mode) >>> 0;
  return ssl.mode;
}
export function SSL_get_mode(ssl: SSL): number {
  return ssl.mode;
}

export function SSL_set_verify(ssl: SSL, mode: number, cb: SSL_verify_cb | null = null): void {
  ssl.verifyMode = mode;
  ssl.verifyCallback = cb ?? undefined;
}
export function SSL_get_verify_mode(ssl: SSL): number {
  return ssl.verifyMode;
}
export function SSL_set_verify_depth(ssl: SSL, depth: number): void {
  ssl.verifyDepth = depth;
}
export function SSL_get_verify_depth(ssl: SSL): number {
  return ssl.verifyDepth;
}
/** `SSL_get_verify_result`: the peer chain's `X509_V_*` result (X509_V_OK before a handshake). */
export function SSL_get_verify_result(ssl: SSL): number {
  return ssl.verifyError;
}

/** `SSL_set1_host`: the name the server certificate must match (see the README: it is also sent as SNI). */
export function SSL_set1_host(ssl: SSL, hostname: string | null): number {
  ssl.hostname = hostname ?? undefined;
  return 1;
}
export function SSL_get0_peername(ssl: SSL): string | null {
  return ssl.hostname ?? null;
}

/** `SSL_set_tlsext_host_name`: the SNI name to send. */
export function SSL_set_tlsext_host_name(ssl: SSL, name: string | null): number {
  ssl.sni = name ?? undefined;
  return 1;
}

/** `SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)`. */
export function SSL_get_servername(ssl: SSL, _type = 0): string | null {
  if (ssl.server) return ssl.engine?.negotiated.serverName ?? ssl.sni ?? null;
  return ssl.sni ?? null;
}
export function SSL_get_servername_type(ssl: SSL): number {
  return SSL_get_servername(ssl) === null ? -1 : 0;
}

/** `SSL_set_alpn_protos`: 0 on success, 1 on failure, as OpenSSL. */
export function SSL_set_alpn_protos(ssl: SSL, protos: Uint8Array, len = protos.length): number {
  const p = protos.subarray(0, len);
  if (len === 0) {
    ssl.alpnProtos = undefined;
    return 0;
  }
  if (parseAlpnWire(p) === undefined) return 1;
  ssl.alpnProtos = p.slice();
  return 0;
}

/** `SSL_get0_alpn_selected(ssl, &data, &len)` → the protocol bytes, or null. */
export function SSL_get0_alpn_selected(ssl: SSL): Uint8Array | null {
  const a = ssl.engine?.negotiated.alpn;
  return a === undefined ? null : new TextEncoder().encode(a);
}

const VERSION_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0304, 'TLSv1.3'],
  [0x0303, 'TLSv1.2'],
  [0x0302, 'TLSv1.1'],
  [0x0301, 'TLSv1'],
  [0x0300, 'SSLv3'],
]);
/** `SSL_get_version`: the name of `SSL_version` (libssl's `ssl_protocol_to_string`). */
export function SSL_get_version(ssl: SSL): string {
  return VERSION_NAMES.get(ssl.protocolVersion) ?? 'unknown';
}
export function SSL_version(ssl: SSL): number {
  return ssl.protocolVersion;
}
export function SSL_client_version(ssl: SSL): number {
  return SSL_version(ssl);
}

export function SSL_get_current_cipher(ssl: SSL): SSL_CIPHER | null {
  if (ssl.hs !== 'ok') return null;
  const code = ssl.engine?.negotiated.cipherSuite?.code;
  return code === undefined ? null : (TLS13_CIPHERS.get(code) ?? null);
}
export const SSL_get_pending_cipher = SSL_get_current_cipher;
export function SSL_CIPHER_get_name(c: SSL_CIPHER | null): string {
  return c ? c.name : '(NONE)';
}
export function SSL_CIPHER_standard_name(c: SSL_CIPHER): string {
  return c.standardName;
}
/** `SSL_CIPHER_get_bits(c, &alg_bits)`: the secret bits (alg_bits are the same for these suites). */
export function SSL_CIPHER_get_bits(c: SSL_CIPHER | null): number {
  return c ? c.bits : 0;
}
export function SSL_CIPHER_get_version(c: SSL_CIPHER | null): string {
  return c ? c.version : '(NONE)';
}
export function SSL_CIPHER_get_id(c: SSL_CIPHER): number {
  return c.id;
}
export function SSL_CIPHER_get_protocol_id(c: SSL_CIPHER): number {
  return c.id & 0xffff;
}

/**
 * `SSL_renegotiate`: TLS 1.3 has no renegotiation, so once it is negotiated
 * this fails as libssl's (0, SSL_R_WRONG_SSL_VERSION). Before the version
 * is known libssl accepts the request (1) unless SSL_OP_NO_RENEGOTIATION is
 * set (0, SSL_R_NO_RENEGOTIATION); the facade then only records it for
 * `SSL_renegotiate_pending`, since the handshake that follows is TLS 1.3.
 */
export function SSL_renegotiate(ssl: SSL): number {
  return renegotiate(ssl, 'SSL_renegotiate');
}
export function SSL_renegotiate_abbreviated(ssl: SSL): number {
  return renegotiate(ssl, 'SSL_renegotiate_abbreviated');
}
function renegotiate(ssl: SSL, func: string): number {
  if (ssl.tls13) {
    raiseSsl(SSL_R_WRONG_SSL_VERSION, func);
    return 0;
  }
  if (ssl.options & SSL_OP_NO_RENEGOTIATION) {
    raiseSsl(SSL_R_NO_RENEGOTIATION, func);
    return 0;
  }
  ssl.renegotiatePending = true;
  return 1;
}
export function SSL_renegotiate_pending(ssl: SSL): number {
  return ssl.renegotiatePending ? 1 : 0;
}

/**
 * `SSL_get_finished(ssl, buf, count)`: the length of the Finished
 * verify_data this side sent last (0 before), copying at most `count`
 * bytes of it into `buf`.
 */
export function SSL_get_finished(ssl: SSL, buf: Uint8Array, count = buf.length): number {
  return copyFinished(ssl.finishedMd, buf, count);
}
/** `SSL_get_peer_finished`: as `SSL_get_finished`, for the Finished received. */
export function SSL_get_peer_finished(ssl: SSL, buf: Uint8Array, count = buf.length): number {
  return copyFinished(ssl.peerFinishedMd, buf, count);
}
function copyFinished(md: Uint8Array | undefined, buf: Uint8Array, count: number): number {
  if (!md) return 0;
  buf.set(md.subarray(0, Math.max(0, Math.min(count, buf.length, md.length))));
  return md.length;
}

/**
 * `SSL_set_max_send_fragment(ssl, m)`: 1, or 0 when `m` is outside
 * [512, 16384]; application data is then cut into records of at most `m`
 * bytes.
 */
export function SSL_set_max_send_fragment(ssl: SSL, m: number): number {
  if (!Number.isInteger(m) || m < 512 || m > SSL3_RT_MAX_PLAIN_LENGTH) return 0;
  ssl.maxSendFragment = m;
  return 1;
}

/** `SSL_get1_peer_certificate`: the peer's leaf (a new reference), or null. */
export function SSL_get1_peer_certificate(ssl: SSL): X509 | null {
  const leaf = ssl.engine?.negotiated.peerCertificates?.[0];
  return leaf ? new X509(leaf) : null;
}
export const SSL_get_peer_certificate = SSL_get1_peer_certificate;
/** `SSL_get0_peer_certificate`: the peer's leaf (no reference counting in JS), or null. */
export const SSL_get0_peer_certificate = SSL_get1_peer_certificate;

/**
 * `SSL_get_peer_cert_chain`: the chain as the peer sent it; as libssl, a
 * client gets it whole, a server without the leaf.
 */
export function SSL_get_peer_cert_chain(ssl: SSL): X509[] | null {
  const chain = ssl.engine?.negotiated.peerCertificates;
  if (!chain || chain.length === 0) return null;
  return (ssl.server ? chain.slice(1) : chain).map((c) => new X509(c));
}
export function SSL_get0_verified_chain(ssl: SSL): X509[] | null {
  const n = ssl.engine?.negotiated;
  const chain = n?.verifyResult?.trusted ? n.verifyResult.chain : undefined;
  return chain ? chain.map((c) => new X509(c)) : null;
}

export function SSL_get_state(ssl: SSL): number {
  return ssl.state();
}
export function SSL_state_string(ssl: SSL): string {
  return ssl.stateStrings()[0];
}
export function SSL_state_string_long(ssl: SSL): string {
  return ssl.stateStrings()[1];
}

export function SSL_get_session(ssl: SSL): SSL_SESSION | null {
  return ssl.session ?? null;
}
export const SSL_get0_session = SSL_get_session;
export function SSL_get1_session(ssl: SSL): SSL_SESSION | null {
  const s = ssl.session;
  if (s) s.refs++;
  return s ?? null;
}
/** `SSL_set_session`: the session a client offers (as a PSK) in its next handshake. */
export function SSL_set_session(ssl: SSL, s: SSL_SESSION | null): number {
  ssl.setSession(s);
  if (s) s.refs++;
  return 1;
}
/** `SSL_session_reused`: 1 when the handshake resumed a session (a PSK from a ticket). */
export function SSL_session_reused(ssl: SSL): number {
  return ssl.engine?.negotiated.resumed === true ? 1 : 0;
}

export function SSL_set_ex_data(ssl: SSL, idx: number, data: unknown): number {
  ssl.exData.set(idx, data);
  return 1;
}
export function SSL_get_ex_data(ssl: SSL, idx: number): unknown {
  return ssl.exData.get(idx) ?? null;
}
export function SSL_set_app_data(ssl: SSL, data: unknown): void {
  ssl.appData = data;
}
export function SSL_get_app_data(ssl: SSL): unknown {
  return ssl.appData;
}

/** @internal The connection's own slots, copied from the context's on first use. */
export function ownSlots(ssl: SSL): CertSlots {
  ssl.own ??= ssl.ctx.certs.clone();
  return ssl.own;
}

/** `SSL_use_certificate`: into the slot of its key type of this connection (made current). */
export function SSL_use_certificate(ssl: SSL, x: X509): number {
  return setCert(ownSlots(ssl), x, ssl.ctx.provider, 'SSL_use_certificate');
}

/** `SSL_use_PrivateKey`: into the slot of its type of this connection. */
export function SSL_use_PrivateKey(ssl: SSL, pkey: EVP_PKEY): number {
  return setKey(ownSlots(ssl), pkey, ssl.ctx.provider, 'SSL_use_PrivateKey');
}

/** `SSL_check_private_key`: the connection's current slot. */
export function SSL_check_private_key(ssl: SSL): number {
  return checkCurrentKey(ssl.certSlots, ssl.ctx.provider, 'SSL_check_private_key');
}

/** `SSL_add0_chain_cert`: an intermediate of this connection's current slot. */
export function SSL_add0_chain_cert(ssl: SSL, x: X509): number {
  ownSlots(ssl).slot.chain.push(x);
  return 1;
}
/** `SSL_add1_chain_cert`: as add0, taking a reference. */
export function SSL_add1_chain_cert(ssl: SSL, x: X509): number {
  x.refs++;
  return SSL_add0_chain_cert(ssl, x);
}
/** `SSL_clear_chain_certs`: the current slot's chain. */
export function SSL_clear_chain_certs(ssl: SSL): number {
  ownSlots(ssl).slot.chain = [];
  return 1;
}

/** `SSL_get_certificate`: the current slot's certificate. */
export function SSL_get_certificate(ssl: SSL): X509 | null {
  return ssl.certSlots.slot.x509 ?? null;
}
/** `SSL_get_privatekey`: the current slot's key. */
export function SSL_get_privatekey(ssl: SSL): EVP_PKEY | null {
  return ssl.certSlots.slot.privatekey ?? null;
}
/** `SSL_select_current_cert`. */
export function SSL_select_current_cert(ssl: SSL, x: X509): number {
  return selectCert(ownSlots(ssl), x);
}
/** `SSL_set_current_cert`. */
export function SSL_set_current_cert(ssl: SSL, op: number): number {
  return setCurrentCert(ownSlots(ssl), op);
}

/** `SSL_export_keying_material` → `[1, bytes]`, `[0, empty]` on failure, `[-1, empty]` before the handshake. */
export function SSL_export_keying_material(
  ssl: SSL,
  olen: number,
  label: string,
  context: Uint8Array | null,
): [number, Uint8Array] {
  // libssl returns -1 without a session (before the handshake), 0 on failure.
  if (ssl.hs === 'before' || !ssl.engine) return [-1, new Uint8Array(0)];
  try {
    return [1, ssl.engine.exportKeyingMaterial(label, context ?? undefined, olen)];
  } catch {
    return [0, new Uint8Array(0)];
  }
}

export { SSL_CTX };

/** The context's signature schemes in preference order (set list, else the provider's without SHA-1). */
function ourSchemes(ctx: SSL_CTX): SignatureScheme[] {
  const all = ctx.provider.signatureSchemes;
  if (ctx.sigalgs) return ctx.sigalgs.flatMap((c) => all.filter((s) => s.code === c));
  return all.filter(
    (s) => (s.hash !== undefined || s.keyKind === 'ed25519') && !s.name.endsWith('sha1'),
  );
}
