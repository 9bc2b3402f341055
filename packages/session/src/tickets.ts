import type { CryptoProvider } from '@strata/crypto';
import { isTlsError } from '@strata/wire';
import { type Clock, readClock, systemClock } from './clock.js';
import { decodeSession, encodeSession } from './codec.js';
import type { SessionCache } from './server-cache.js';
import {
  SESSION_LIMITS,
  type Session,
  SSL_MAX_SSL_SESSION_ID_LENGTH,
  TLS1_3_VERSION,
} from './session.js';
import type { TicketKeys } from './ticket-keys.js';

/**
 * What opening a ticket found. Only `ok` and `expired` carry a session; the
 * engine treats everything else as "no PSK" and runs a full handshake (a bad
 * ticket is never an error sent to the peer).
 */
export type TicketOpenResult =
  | { readonly status: 'ok'; readonly session: Session }
  | { readonly status: 'expired'; readonly session: Session }
  /** Stateless: too short or names no live key. Stateful: not in the cache. */
  | { readonly status: 'unknown' }
  /** Stateless: the AEAD did not authenticate it. */
  | { readonly status: 'tampered' }
  /** Stateless: authenticated but not a valid session encoding (a bug or a format change). */
  | { readonly status: 'invalid' }
  /** Stateful, single-use: already used (replay). */
  | { readonly status: 'replayed' };

/** A server's way of turning sessions into tickets and back (stateless or stateful). */
export interface TicketIssuer {
  /** Whether tickets live in the server cache (OpenSSL's TLS 1.3 `SSL_OP_NO_TICKET` behaviour). */
  readonly stateful: boolean;
  /**
   * Makes the ticket for `session` (a server-side TLS 1.3 session with its PSK,
   * `ticketAgeAdd`, lifetime and creation time set). Returns the ticket to
   * send in NewSessionTicket and the session as stored (with the random
   * session id OpenSSL gives every TLS 1.3 ticket).
   */
  issue(session: Session): { readonly ticket: Uint8Array; readonly session: Session };
  /** The session behind a PSK identity, with why not when there is none. Never throws on peer input. */
  inspect(ticket: Uint8Array): TicketOpenResult;
  /** `inspect`, reduced to the session or `undefined` (expired tickets open as `undefined`). */
  open(ticket: Uint8Array): Session | undefined;
}

export interface StatelessTicketsOptions {
  readonly keys: TicketKeys;
  /** Randomness for session ids. */
  readonly provider: Pick<CryptoProvider, 'random'>;
  readonly clock?: Clock;
  /**
   * The server cache, for `updateCache` (the `onNew` callback) when a ticket
   * is issued. Optional.
   */
  readonly cache?: SessionCache;
}

/**
 * Stateless tickets (RFC 5077 style, and OpenSSL's TLS 1.3 default): the
 * whole session, serialized, sealed under the current ticket key. The server
 * keeps nothing; rotation and expiry of keys is `TicketKeys`'s business;
 * the session's own timeout is checked on opening.
 *
 * Tickets can be replayed until they expire: use stateful single-use tickets
 * where that matters (0-RTT).
 */
export class StatelessTickets implements TicketIssuer {
  readonly stateful = false;
  readonly #keys: TicketKeys;
  readonly #provider: Pick<CryptoProvider, 'random'>;
  readonly #clock: Clock;
  readonly #cache: SessionCache | undefined;

  constructor(options: StatelessTicketsOptions) {
    this.#keys = options.keys;
    this.#provider = options.provider;
    this.#clock = options.clock ?? systemClock;
    this.#cache = options.cache;
  }

  /**
   * Throws a `RangeError` if the sealed ticket would exceed 65535 bytes (the
   * NewSessionTicket limit), which only a very large peer certificate chain
   * can cause; the engine then sends no ticket.
   *
   * A TLS 1.2 session (an RFC 5077 ticket) is stored with an empty session id
   * and so never enters the cache nor reaches `onNew`: OpenSSL's
   * `ssl_generate_session_id` leaves the id empty when a ticket is expected,
   * and its ServerHello then carries an empty session id (test/c/stats.c).
   */
  issue(session: Session): { ticket: Uint8Array; session: Session } {
    const stored =
      session.version === TLS1_3_VERSION
        ? withFreshId(session, this.#provider)
        : session.with({ sessionId: new Uint8Array(0) });
    const ticket = this.#keys.seal(encodeSession(stored));
    if (ticket.length > SESSION_LIMITS.maxTicketLength) {
      throw new RangeError(
        `StatelessTickets: a ${ticket.length}-byte ticket does not fit NewSessionTicket`,
      );
    }
    this.#cache?.updateCache(stored, 'server', { stateful: false });
    return { ticket, session: stored };
  }

  inspect(ticket: Uint8Array): TicketOpenResult {
    if (!(ticket instanceof Uint8Array)) return { status: 'unknown' };
    const plaintext = this.#keys.open(ticket);
    if (plaintext === undefined) {
      // The key name is in the clear: tell "no such key" from "forged".
      return this.#keys.keyNames.some((n) => startsWith(ticket, n))
        ? { status: 'tampered' }
        : { status: 'unknown' };
    }
    let session: Session;
    try {
      session = decodeSession(plaintext);
    } catch (error) {
      if (isTlsError(error)) return { status: 'invalid' };
      throw error;
    }
    if (session.isExpired(readClock(this.#clock))) return { status: 'expired', session };
    return { status: 'ok', session };
  }

  open(ticket: Uint8Array): Session | undefined {
    const result = this.inspect(ticket);
    return result.status === 'ok' ? result.session : undefined;
  }
}

export interface StatefulTicketsOptions {
  /** The server cache the sessions live in. */
  readonly cache: SessionCache;
  /** Randomness for the ticket (= session id) bytes. */
  readonly provider: Pick<CryptoProvider, 'random'>;
  readonly clock?: Clock;
  /**
   * Remove the session when its ticket is used, so that each ticket resumes
   * at most once (anti-replay, RFC 8446 §8.1; what OpenSSL does with early
   * data unless `SSL_OP_NO_ANTI_REPLAY`). Default false.
   */
  readonly singleUse?: boolean;
}

/**
 * Stateful tickets, as OpenSSL issues them in TLS 1.3 under
 * `SSL_OP_NO_TICKET`: the ticket is a random 32-byte session id and the
 * session stays in the server cache (`updateCache` with `stateful: true`, so
 * the cache's mode, size limit, timeout and callbacks apply). Opening looks it
 * up like `lookup_sess_in_cache` (statistics `sess_misses`/`sess_cb_hits`),
 * and, single-use, removes it; a second use of the same ticket is `replayed`.
 */
export class StatefulTickets implements TicketIssuer {
  readonly stateful = true;
  readonly #cache: SessionCache;
  readonly #provider: Pick<CryptoProvider, 'random'>;
  readonly #clock: Clock;
  readonly #singleUse: boolean;

  constructor(options: StatefulTicketsOptions) {
    this.#cache = options.cache;
    this.#provider = options.provider;
    this.#clock = options.clock ?? systemClock;
    this.#singleUse = options.singleUse ?? false;
  }

  get singleUse(): boolean {
    return this.#singleUse;
  }

  issue(session: Session): { ticket: Uint8Array; session: Session } {
    if (session.version !== TLS1_3_VERSION) {
      // TLS 1.2 resumes by session id through the cache itself (`lookup`).
      throw new TypeError('StatefulTickets: only TLS 1.3 sessions are issued as stateful tickets');
    }
    const stored = withFreshId(session, this.#provider);
    this.#cache.updateCache(stored, 'server', { stateful: true });
    return { ticket: stored.sessionId, session: stored };
  }

  inspect(ticket: Uint8Array): TicketOpenResult {
    if (!(ticket instanceof Uint8Array) || ticket.length !== SSL_MAX_SSL_SESSION_ID_LENGTH) {
      return { status: 'unknown' };
    }
    // The ticket names no version: TLS 1.3 sessions are the only ones issued here.
    const session = this.#cache.find(0x0304, ticket);
    if (session === undefined) return { status: 'unknown' };
    if (this.#singleUse && !this.#cache.remove(session)) {
      // Supplied by the external cache but already gone from the internal one.
      return { status: 'replayed' };
    }
    if (session.isExpired(readClock(this.#clock))) {
      if (!this.#singleUse) this.#cache.remove(session);
      return { status: 'expired', session };
    }
    return { status: 'ok', session };
  }

  open(ticket: Uint8Array): Session | undefined {
    const result = this.inspect(ticket);
    return result.status === 'ok' ? result.session : undefined;
  }
}

function withFreshId(session: Session, provider: Pick<CryptoProvider, 'random'>): Session {
  return session.with({ sessionId: provider.random(SSL_MAX_SSL_SESSION_ID_LENGTH) });
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
