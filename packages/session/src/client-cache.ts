import { type Clock, readClock, systemClock } from './clock.js';
import { MAX_TICKET_LIFETIME_SECONDS, type Session, TLS1_3_VERSION } from './session.js';

/** Default: TLS 1.3 tickets kept per server (newest win). */
export const DEFAULT_TICKETS_PER_SERVER = 8;
/** Default: servers remembered (least recently used forgotten first). */
export const DEFAULT_CLIENT_CACHE_SERVERS = 256;

export interface ClientSessionCacheOptions {
  /** Time source, ms since the epoch. Default `Date.now`. */
  readonly clock?: Clock;
  /** TLS 1.3 tickets kept per server. Default 8. */
  readonly ticketsPerServer?: number;
  /** Servers kept; the whole cache holds at most `servers × ticketsPerServer` sessions. Default 256. */
  readonly servers?: number;
}

/** Where a session can be used again: the server name the client sent (or the address) and the port. */
export interface ServerKey {
  readonly host: string;
  readonly port: number;
}

interface Entry {
  /** TLS 1.3 tickets, oldest first. */
  tls13: Session[];
  /** The TLS 1.2 session (reusable, one per server). */
  tls12: Session | undefined;
}

/**
 * The client's session cache: keyed by (server name, port), it holds several
 * TLS 1.3 tickets per server and at most one TLS 1.2 session.
 *
 * `take` offers the newest usable TLS 1.3 ticket and removes it, because a
 * TLS 1.3 ticket should be used once (RFC 8446 Appendix C.4: reuse lets a
 * passive observer correlate connections); a TLS 1.2 session is returned
 * and kept. A ticket is usable while resumable, not past its session timeout,
 * and younger than its `ticket_lifetime` and 7 days (RFC 8446 §4.6.1).
 */
export class ClientSessionCache {
  readonly #clock: Clock;
  readonly #perServer: number;
  readonly #servers: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: ClientSessionCacheOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#perServer = positive(
      options.ticketsPerServer ?? DEFAULT_TICKETS_PER_SERVER,
      'ticketsPerServer',
    );
    this.#servers = positive(options.servers ?? DEFAULT_CLIENT_CACHE_SERVERS, 'servers');
  }

  /** Sessions held, all servers together. */
  get size(): number {
    let n = 0;
    for (const e of this.#entries.values()) n += e.tls13.length + (e.tls12 === undefined ? 0 : 1);
    return n;
  }

  /** Servers held. */
  get serverCount(): number {
    return this.#entries.size;
  }

  /**
   * Remembers a session for `server`. TLS 1.3: appended; beyond
   * `ticketsPerServer` the oldest ticket goes. TLS 1.2: replaces the previous
   * one. Sessions that cannot be resumed (not resumable, no ticket and no id)
   * are ignored. The server becomes most recently used; beyond `servers` the
   * least recently used server is forgotten.
   */
  add(server: ServerKey, session: Session): void {
    if (!session.isResumable()) return;
    const key = keyOf(server);
    const entry = this.#touch(key) ?? { tls13: [], tls12: undefined };
    if (session.version === TLS1_3_VERSION) {
      entry.tls13.push(session);
      while (entry.tls13.length > this.#perServer) entry.tls13.shift();
    } else {
      entry.tls12 = session;
    }
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#servers) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  /**
   * The session to offer to `server`: the newest usable TLS 1.3 ticket
   * (removed: single use), else the TLS 1.2 session if still valid (kept),
   * else `undefined`. Unusable sessions met on the way are dropped.
   */
  take(server: ServerKey): Session | undefined {
    const key = keyOf(server);
    const entry = this.#touch(key);
    if (entry === undefined) return undefined;
    const now = readClock(this.#clock);
    let found: Session | undefined;
    while (entry.tls13.length > 0) {
      const candidate = entry.tls13.pop()!;
      if (usable(candidate, now)) {
        found = candidate;
        break;
      }
    }
    // Drop older tickets that have expired meanwhile.
    entry.tls13 = entry.tls13.filter((s) => usable(s, now));
    if (found === undefined && entry.tls12 !== undefined) {
      if (usable(entry.tls12, now)) found = entry.tls12;
      else entry.tls12 = undefined;
    }
    if (entry.tls13.length === 0 && entry.tls12 === undefined) this.#entries.delete(key);
    return found;
  }

  /** Usable sessions held for `server`, newest TLS 1.3 ticket first, without taking any. */
  peek(server: ServerKey): Session[] {
    const entry = this.#entries.get(keyOf(server));
    if (entry === undefined) return [];
    const now = readClock(this.#clock);
    const all = [...entry.tls13].reverse();
    if (entry.tls12 !== undefined) all.push(entry.tls12);
    return all.filter((s) => usable(s, now));
  }

  /** Forgets everything about `server` (e.g. after a failed resumption). */
  remove(server: ServerKey): boolean {
    return this.#entries.delete(keyOf(server));
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }

  #touch(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }
}

function usable(session: Session, now: number): boolean {
  if (!session.isResumable() || session.isExpired(now)) return false;
  if (session.version === TLS1_3_VERSION) {
    const lifetimeMs = Math.min(session.ticketLifetimeSeconds, MAX_TICKET_LIFETIME_SECONDS) * 1000;
    const age = now - session.createdAtMs;
    return age >= 0 && age < lifetimeMs;
  }
  return true;
}

/** Host names compare case-insensitively (DNS); the port is part of the key. */
function keyOf(server: ServerKey): string {
  if (typeof server.host !== 'string' || server.host.length === 0) {
    throw new TypeError('ClientSessionCache: server.host must be a non-empty string');
  }
  if (!Number.isInteger(server.port) || server.port < 0 || server.port > 0xffff) {
    throw new RangeError(`ClientSessionCache: server.port must be 0..65535, got ${server.port}`);
  }
  return `${server.host.toLowerCase()}\u0000${server.port}`;
}

function positive(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`ClientSessionCache: ${field} must be a positive integer, got ${value}`);
  }
  return value;
}
