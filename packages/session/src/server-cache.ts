import { type Clock, readClock, systemClock } from './clock.js';
import { type Session, TLS1_3_VERSION } from './session.js';

/**
 * Session cache modes, OpenSSL 3's values (`SSL_CTX_set_session_cache_mode`).
 * `SSL_SESS_CACHE_SERVER` is the default.
 */
export const SSL_SESS_CACHE_OFF = 0x0000;
export const SSL_SESS_CACHE_CLIENT = 0x0001;
export const SSL_SESS_CACHE_SERVER = 0x0002;
export const SSL_SESS_CACHE_BOTH = 0x0003;
export const SSL_SESS_CACHE_NO_AUTO_CLEAR = 0x0080;
export const SSL_SESS_CACHE_NO_INTERNAL_LOOKUP = 0x0100;
export const SSL_SESS_CACHE_NO_INTERNAL_STORE = 0x0200;
export const SSL_SESS_CACHE_NO_INTERNAL = 0x0300;
export const SSL_SESS_CACHE_UPDATE_TIME = 0x0400;

/** `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`: 20480 sessions (1024 * 20). */
export const SSL_SESSION_CACHE_MAX_SIZE_DEFAULT = 20_480;

/**
 * The default session timeout, seconds. OpenSSL 3.0's `SSL_CTX_new` sets
 * `session_timeout = method->get_timeout()`, which is `tls1_default_timeout()`
 * = 7200 s for every TLS method (ssl/t1_lib.c), and `ssl_get_new_session`
 * gives each new session that timeout, TLS 1.2 and TLS 1.3 tickets alike
 * (`SSL_CTX_get_timeout` on a fresh `TLS_server_method` context returns 7200
 * with OpenSSL 3.0.19). The man page `SSL_CTX_set_timeout(3)` says 300 s; see
 * `SSL_DOCUMENTED_TIMEOUT_SECONDS`.
 */
export const DEFAULT_SESSION_TIMEOUT_SECONDS = 7200;
/** The 300 s that `SSL_CTX_set_timeout(3)` documents (not what OpenSSL 3.0 does). */
export const SSL_DOCUMENTED_TIMEOUT_SECONDS = 300;
/** What `SSL_SESSION_new()` gives a bare session: `60 * 5 + 4` s (ssl/ssl_sess.c). */
export const SSL_SESSION_NEW_TIMEOUT_SECONDS = 304;

/**
 * The statistics of `SSL_CTX_sess_number(3)` and friends, with OpenSSL's
 * names and meanings:
 *
 * - `sess_number`: sessions in the internal cache now;
 * - `sess_connect` / `sess_accept`: handshakes started as client / server;
 * - `sess_connect_good` / `sess_accept_good`: handshakes completed;
 * - `sess_connect_renegotiate` / `sess_accept_renegotiate`: renegotiations started;
 * - `sess_hits`: sessions reused (server: found in the internal or external
 *   cache or a ticket and accepted; client: the server resumed the session offered);
 * - `sess_cb_hits`: sessions the external cache (`get` callback) supplied;
 * - `sess_misses`: server: session ids proposed by clients not found in the
 *   internal cache; client: sessions offered that the server did not resume;
 * - `sess_timeouts`: proposed sessions found but expired (not counted as hits);
 * - `sess_cache_full`: sessions evicted because the cache was full.
 */
export interface SessionCacheStats {
  readonly sess_number: number;
  readonly sess_connect: number;
  readonly sess_connect_good: number;
  readonly sess_connect_renegotiate: number;
  readonly sess_accept: number;
  readonly sess_accept_good: number;
  readonly sess_accept_renegotiate: number;
  readonly sess_hits: number;
  readonly sess_cb_hits: number;
  readonly sess_misses: number;
  readonly sess_timeouts: number;
  readonly sess_cache_full: number;
}

/**
 * External cache callbacks (`SSL_CTX_sess_set_new_cb`, `_remove_cb`,
 * `_get_cb`), adapted to immutable, garbage-collected sessions: there are no
 * reference counts, so OpenSSL's `copy` out-parameter and the new-callback's
 * "keep the reference" return value have no equivalent; the callback may keep
 * the session as long as it likes.
 */
export interface SessionCacheCallbacks {
  /**
   * A session was established (TLS ≤ 1.2: during the handshake; TLS 1.3: when
   * a ticket is issued or received, possibly several per connection). Called
   * whenever the mode caches the connection's role, even under
   * `SSL_SESS_CACHE_NO_INTERNAL_STORE`.
   */
  readonly onNew?: (session: Session) => void;
  /**
   * A session left the internal cache: removed, timed out, flushed, evicted
   * because the cache was full, or declared bad. Also called by `remove()` for
   * a session that was not (or no longer) in the internal cache, as OpenSSL does.
   */
  readonly onRemove?: (session: Session) => void;
  /**
   * Server only: a client proposed `sessionId` and the internal cache did not
   * have it (or `SSL_SESS_CACHE_NO_INTERNAL_LOOKUP` is set). Return the session
   * or `undefined`. Called even when caching is off, as OpenSSL does.
   */
  readonly get?: (sessionId: Uint8Array) => Session | undefined;
}

export interface SessionCacheOptions {
  /** Time source, ms since the epoch. Default `Date.now`. */
  readonly clock?: Clock;
  /** Maximum sessions in the internal cache; 0 means no limit. Default 20480. */
  readonly maxSize?: number;
  /** Timeout given to new sessions, seconds. Default 7200 (OpenSSL 3.0). */
  readonly timeoutSeconds?: number;
  /** `SSL_SESS_CACHE_*` bits. Default `SSL_SESS_CACHE_SERVER`. */
  readonly mode?: number;
  readonly callbacks?: SessionCacheCallbacks;
  /**
   * Whether a lookup hit makes the entry most recently used (true LRU).
   * OpenSSL orders its list by expiry time and never reorders on a hit; with
   * `false` and one timeout for all sessions the two orders coincide. Default true.
   */
  readonly refreshOnHit?: boolean;
}

/** What the server expects of a session it would resume (`ssl_get_prev_session`'s checks). */
export interface ResumptionContext {
  /** The protocol version of the connection; a session of another version is refused. */
  readonly version: number;
  /** The connection's session id context; a session from another context is refused. */
  readonly sidCtx?: Uint8Array;
}

/** Why a proposed session was not resumed, or that it was. */
export type ResumptionVerdict =
  | { readonly status: 'hit'; readonly session: Session }
  | { readonly status: 'miss' }
  | { readonly status: 'timeout' }
  | { readonly status: 'mismatch' }
  | { readonly status: 'not_resumable' };

/** Bit of `SSL_get_shutdown`: close_notify sent (`SSL_SENT_SHUTDOWN`). */
export const SSL_SENT_SHUTDOWN = 1;
/** Bit of `SSL_get_shutdown`: close_notify or fatal alert received (`SSL_RECEIVED_SHUTDOWN`). */
export const SSL_RECEIVED_SHUTDOWN = 2;

type MutableStats = { -readonly [K in keyof SessionCacheStats]: SessionCacheStats[K] };

/**
 * The server session cache with OpenSSL's semantics: one per `SSL_CTX`,
 * keyed by (protocol version, session id), bounded, with timeouts, LRU
 * eviction, `SSL_CTX_flush_sessions`, the `SSL_CTX_sess_*` statistics, cache
 * modes and external-cache callbacks. Sans-I/O: time comes from the clock, and
 * nothing happens between calls.
 *
 * Methods named after OpenSSL functions behave like them; the `count*`,
 * `lookup`, `accept`, `updateCache` and `removeBadSession` methods are the
 * hooks the handshake and the facade call at the points where OpenSSL's state
 * machine does the same (see README "What the handshake must do").
 */
export class SessionCache {
  readonly #clock: Clock;
  readonly #callbacks: SessionCacheCallbacks;
  readonly #refreshOnHit: boolean;
  readonly #entries = new Map<string, Session>();
  #maxSize: number;
  #timeoutSeconds: number;
  #mode: number;
  readonly #stats: MutableStats = {
    sess_number: 0,
    sess_connect: 0,
    sess_connect_good: 0,
    sess_connect_renegotiate: 0,
    sess_accept: 0,
    sess_accept_good: 0,
    sess_accept_renegotiate: 0,
    sess_hits: 0,
    sess_cb_hits: 0,
    sess_misses: 0,
    sess_timeouts: 0,
    sess_cache_full: 0,
  };

  constructor(options: SessionCacheOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#callbacks = options.callbacks ?? {};
    this.#refreshOnHit = options.refreshOnHit ?? true;
    this.#maxSize = checkCount(options.maxSize ?? SSL_SESSION_CACHE_MAX_SIZE_DEFAULT, 'maxSize');
    this.#timeoutSeconds = checkCount(
      options.timeoutSeconds ?? DEFAULT_SESSION_TIMEOUT_SECONDS,
      'timeoutSeconds',
    );
    this.#mode = checkMode(options.mode ?? SSL_SESS_CACHE_SERVER);
  }

  // ---- configuration (SSL_CTX_set_session_cache_mode, _sess_set_cache_size, _set_timeout)

  /** `SSL_CTX_get_session_cache_mode`. */
  get mode(): number {
    return this.#mode;
  }

  /** `SSL_CTX_set_session_cache_mode`: sets the mode, returns the previous one. */
  setMode(mode: number): number {
    const previous = this.#mode;
    this.#mode = checkMode(mode);
    return previous;
  }

  /** `SSL_CTX_sess_get_cache_size` (0: unlimited). */
  get maxSize(): number {
    return this.#maxSize;
  }

  /**
   * `SSL_CTX_sess_set_cache_size`: sets the limit, returns the previous one.
   * Like OpenSSL, a smaller limit does not evict at once; the next `add` does.
   */
  setMaxSize(size: number): number {
    const previous = this.#maxSize;
    this.#maxSize = checkCount(size, 'maxSize');
    return previous;
  }

  /** `SSL_CTX_get_timeout`: the timeout (seconds) new sessions get. */
  get timeoutSeconds(): number {
    return this.#timeoutSeconds;
  }

  /** `SSL_CTX_set_timeout`: sets the timeout for new sessions, returns the previous one. */
  setTimeout(seconds: number): number {
    const previous = this.#timeoutSeconds;
    this.#timeoutSeconds = checkCount(seconds, 'timeoutSeconds');
    return previous;
  }

  // ---- contents

  /** `SSL_CTX_sess_number`: sessions in the internal cache. */
  get size(): number {
    return this.#entries.size;
  }

  /** The statistics, a snapshot (`SSL_CTX_sess_*`). */
  stats(): SessionCacheStats {
    return { ...this.#stats, sess_number: this.#entries.size };
  }

  /** Sessions from least to most recently used (for inspection and tests). */
  sessions(): Session[] {
    return [...this.#entries.values()];
  }

  /** `SSL_has_matching_session_id` for `version`: whether the id is cached; no statistics. */
  has(version: number, sessionId: Uint8Array): boolean {
    return sessionId.length > 0 && this.#entries.has(keyOf(version, sessionId));
  }

  /** The cached session with this id, without statistics, expiry checks or reordering. */
  peek(version: number, sessionId: Uint8Array): Session | undefined {
    return sessionId.length === 0 ? undefined : this.#entries.get(keyOf(version, sessionId));
  }

  /**
   * `SSL_CTX_add_session`: adds a session to the internal cache whatever the
   * mode. Returns true if it was new, false if a session with the same version
   * and id was already there (it is replaced and becomes most recently used)
   * or the session has no id. When the cache is full the least recently used
   * sessions are evicted first (`sess_cache_full`, `onRemove`). Under
   * `SSL_SESS_CACHE_UPDATE_TIME` the stored copy's creation time is reset to now.
   */
  add(session: Session): boolean {
    if (session.sessionIdLength === 0) return false;
    const key = keyOf(session.version, session.sessionId);
    let stored = session;
    if (this.#mode & SSL_SESS_CACHE_UPDATE_TIME) {
      stored = session.with({ createdAtMs: readClock(this.#clock) });
    }
    if (this.#entries.has(key)) {
      this.#entries.delete(key);
      this.#entries.set(key, stored);
      return false;
    }
    if (this.#maxSize > 0) {
      while (this.#entries.size >= this.#maxSize) {
        const oldest = this.#entries.entries().next();
        if (oldest.done) break;
        this.#entries.delete(oldest.value[0]);
        this.#stats.sess_cache_full++;
        this.#callbacks.onRemove?.(oldest.value[1]);
      }
    }
    this.#entries.set(key, stored);
    return true;
  }

  /**
   * `SSL_CTX_remove_session`: removes the session with this one's version and
   * id. Returns true if it was cached. Calls `onRemove` for any session with a
   * non-empty id, cached or not (as OpenSSL does).
   */
  remove(session: Session): boolean {
    if (session.sessionIdLength === 0) return false;
    const key = keyOf(session.version, session.sessionId);
    const cached = this.#entries.get(key);
    if (cached !== undefined) this.#entries.delete(key);
    this.#callbacks.onRemove?.(cached ?? session);
    return cached !== undefined;
  }

  /**
   * `SSL_CTX_flush_sessions_ex(ctx, t)`: removes every session expired at
   * `atMs` (default: now), calling `onRemove` for each; `atMs === 0` removes
   * every session. Returns how many were removed (OpenSSL returns nothing).
   */
  flush(atMs: number = readClock(this.#clock)): number {
    let removed = 0;
    for (const [key, session] of [...this.#entries]) {
      if (atMs === 0 || session.isExpired(atMs)) {
        this.#entries.delete(key);
        removed++;
        this.#callbacks.onRemove?.(session);
      }
    }
    return removed;
  }

  // ---- hooks for the handshake engine

  /** `sess_connect` (or `sess_connect_renegotiate`): a client handshake started. */
  countConnect(renegotiation = false): void {
    if (renegotiation) this.#stats.sess_connect_renegotiate++;
    else this.#stats.sess_connect++;
  }

  /** `sess_accept` (or `sess_accept_renegotiate`): a server handshake started. */
  countAccept(renegotiation = false): void {
    if (renegotiation) this.#stats.sess_accept_renegotiate++;
    else this.#stats.sess_accept++;
  }

  /**
   * A client handshake completed: `sess_connect_good`, and `sess_hits` when
   * the server resumed the session the client offered (as OpenSSL's
   * `tls_finish_handshake` counts client hits).
   */
  countConnectGood(resumed: boolean): void {
    if (resumed) this.#stats.sess_hits++;
    this.#stats.sess_connect_good++;
  }

  /**
   * Client: the ServerHello shows that the server did not resume the session
   * this client offered (a TLS 1.2 session id or ticket, or a TLS 1.3 PSK):
   * `sess_misses`, as OpenSSL's `tls_process_server_hello` counts it on the
   * client's `SSL_CTX` (test/c/stats.c).
   */
  countConnectMiss(): void {
    this.#stats.sess_misses++;
  }

  /** A server handshake completed: `sess_accept_good` (server hits are counted by `accept`). */
  countAcceptGood(): void {
    this.#stats.sess_accept_good++;
  }

  /**
   * Server: find the session a client proposed by id, as OpenSSL's
   * `lookup_sess_in_cache` does. The internal cache first (unless
   * `SSL_SESS_CACHE_NO_INTERNAL_LOOKUP`; a failure there counts
   * `sess_misses`), then the external `get` callback (`sess_cb_hits` when it
   * supplies a resumable session, which is then added to the internal cache
   * unless `SSL_SESS_CACHE_NO_INTERNAL_STORE`). No expiry or context checks:
   * `accept` does those. A lookup hit makes the entry most recently used.
   */
  find(version: number, sessionId: Uint8Array): Session | undefined {
    if (sessionId.length === 0 || sessionId.length > 32) return undefined;
    if ((this.#mode & SSL_SESS_CACHE_NO_INTERNAL_LOOKUP) === 0) {
      const key = keyOf(version, sessionId);
      const cached = this.#entries.get(key);
      if (cached !== undefined) {
        if (this.#refreshOnHit) {
          this.#entries.delete(key);
          this.#entries.set(key, cached);
        }
        return cached;
      }
      this.#stats.sess_misses++;
    }
    const external = this.#callbacks.get?.(sessionId.slice());
    if (external === undefined) return undefined;
    if (!external.resumable) return undefined;
    this.#stats.sess_cb_hits++;
    if ((this.#mode & SSL_SESS_CACHE_NO_INTERNAL_STORE) === 0) this.add(external);
    return external;
  }

  /**
   * Server: the verdict on a proposed session, as OpenSSL's
   * `ssl_get_prev_session`: refused if not resumable, of another protocol
   * version or another session id context (`mismatch`, no statistic), or
   * expired (`sess_timeouts`; removed from the internal cache when it came
   * from there); otherwise a hit (`sess_hits`). `fromCache` says whether the
   * candidate came from `find` (true) or from a ticket (false).
   */
  accept(
    candidate: Session | undefined,
    context: ResumptionContext,
    fromCache: boolean,
  ): ResumptionVerdict {
    if (candidate === undefined) return { status: 'miss' };
    if (!candidate.resumable) return { status: 'not_resumable' };
    if (candidate.version !== context.version) return { status: 'mismatch' };
    if (!sameBytes(candidate.sidCtx, context.sidCtx ?? new Uint8Array(0)))
      return { status: 'mismatch' };
    if (candidate.isExpired(readClock(this.#clock))) {
      this.#stats.sess_timeouts++;
      if (fromCache) this.remove(candidate);
      return { status: 'timeout' };
    }
    this.#stats.sess_hits++;
    return { status: 'hit', session: candidate };
  }

  /** `find` then `accept`: the whole server-side lookup of a TLS 1.2 session id. */
  lookup(sessionId: Uint8Array, context: ResumptionContext): ResumptionVerdict {
    return this.accept(this.find(context.version, sessionId), context, true);
  }

  /**
   * OpenSSL's `ssl_update_cache`: a handshake of `role` produced `session`
   * (TLS ≤ 1.2: at the end of a full handshake; TLS 1.3: when a ticket is
   * issued or received, possibly several times per connection). Sessions
   * without an id are ignored. If the mode caches this role:
   *
   * - the session goes into the internal cache, unless
   *   `SSL_SESS_CACHE_NO_INTERNAL_STORE`, or it is a resumed TLS ≤ 1.2
   *   session, or it is a TLS 1.3 server session that is neither `stateful`
   *   (a stateful ticket, or anti-replay bookkeeping) nor watched by an
   *   `onRemove` callback — OpenSSL's exact condition;
   * - `onNew` is called (even for TLS 1.3 stateless tickets, as OpenSSL does).
   *
   * Then, unless `SSL_SESS_CACHE_NO_AUTO_CLEAR`, when the count of completed
   * handshakes of that role ends in 0xff, expired sessions are flushed. Call
   * it before `countConnectGood`/`countAcceptGood`, as OpenSSL does.
   */
  updateCache(
    session: Session,
    role: 'client' | 'server',
    options: { readonly resumed?: boolean; readonly stateful?: boolean } = {},
  ): void {
    if (session.sessionIdLength === 0) return;
    const roleBit = role === 'client' ? SSL_SESS_CACHE_CLIENT : SSL_SESS_CACHE_SERVER;
    const tls13 = session.version === TLS1_3_VERSION;
    if ((this.#mode & roleBit) !== 0 && (!(options.resumed ?? false) || tls13)) {
      const storeTls13Server =
        (options.stateful ?? false) || this.#callbacks.onRemove !== undefined;
      if (
        (this.#mode & SSL_SESS_CACHE_NO_INTERNAL_STORE) === 0 &&
        (!tls13 || role === 'client' || storeTls13Server)
      ) {
        this.add(session);
      }
      this.#callbacks.onNew?.(session);
    }
    if ((this.#mode & SSL_SESS_CACHE_NO_AUTO_CLEAR) === 0 && (this.#mode & roleBit) === roleBit) {
      const good = role === 'client' ? this.#stats.sess_connect_good : this.#stats.sess_accept_good;
      if ((good & 0xff) === 0xff) this.flush();
    }
  }

  /**
   * `ssl_clear_bad_session`, called by the facade from `SSL_free`, `SSL_clear`
   * and `SSL_set_session`: a session whose connection finished its handshake
   * but never sent close_notify (`shutdown` lacks `SSL_SENT_SHUTDOWN`) is
   * "bad" (RFC 2246 §7.2.1) and is removed. Returns true if it was judged bad.
   */
  removeBadSession(
    session: Session | undefined,
    state: { readonly shutdown: number; readonly handshakeDone: boolean },
  ): boolean {
    if (session === undefined) return false;
    if ((state.shutdown & SSL_SENT_SHUTDOWN) !== 0 || !state.handshakeDone) return false;
    this.remove(session);
    return true;
  }
}

function keyOf(version: number, sessionId: Uint8Array): string {
  let key = version.toString(16);
  key += ':';
  for (const b of sessionId) key += (b < 16 ? '0' : '') + b.toString(16);
  return key;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`SessionCache: ${field} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function checkMode(mode: number): number {
  const known =
    SSL_SESS_CACHE_BOTH |
    SSL_SESS_CACHE_NO_AUTO_CLEAR |
    SSL_SESS_CACHE_NO_INTERNAL |
    SSL_SESS_CACHE_UPDATE_TIME;
  if (!Number.isInteger(mode) || mode < 0 || (mode & ~known) !== 0) {
    throw new RangeError(`SessionCache: unknown session cache mode bits in 0x${mode.toString(16)}`);
  }
  return mode;
}
