import { nobleProvider } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import { describe, expect, it } from 'vitest';
import { T0, tls12, tls13 } from '../test/helpers.js';
import {
  encodeSession,
  manualClock,
  type Session,
  SessionCache,
  SSL_SESS_CACHE_NO_INTERNAL_STORE,
  SSL_SESS_CACHE_SERVER,
  StatefulTickets,
  StatelessTickets,
  TicketKeys,
  TLS1_3_VERSION,
} from './index.js';

const provider = { ...nobleProvider, random: seededRandom('tickets') };
const ctx13 = { version: TLS1_3_VERSION };

function stateless(options: { rotationSeconds?: number; retainSeconds?: number } = {}) {
  const clock = manualClock(T0);
  const keys = new TicketKeys({ provider, clock: clock.now, ...options });
  const added: Session[] = [];
  const cache = new SessionCache({ clock: clock.now, callbacks: { onNew: (s) => added.push(s) } });
  const tickets = new StatelessTickets({ keys, provider, clock: clock.now, cache });
  return { clock, keys, cache, tickets, added };
}

function stateful(singleUse: boolean, mode = SSL_SESS_CACHE_SERVER) {
  const clock = manualClock(T0);
  const cache = new SessionCache({ clock: clock.now, mode });
  const tickets = new StatefulTickets({ cache, provider, clock: clock.now, singleUse });
  return { clock, cache, tickets };
}

describe('StatelessTickets', () => {
  it('round-trips a session through a sealed ticket and tells the new-session callback', () => {
    const { tickets, cache, added } = stateless();
    const { ticket, session } = tickets.issue(tls13({ serverName: 'example.com' }));
    expect(session.sessionId.length).toBe(32);
    const opened = tickets.open(ticket);
    expect(opened).toBeDefined();
    expect(encodeSession(opened!)).toEqual(encodeSession(session));
    expect(opened!.serverName).toBe('example.com');
    // Stateless: nothing stored, but onNew hears of it (OpenSSL ssl_update_cache).
    expect(cache.size).toBe(0);
    expect(added.length).toBe(1);
    // The ticket does not show the PSK in the clear.
    const psk = session.version === TLS1_3_VERSION ? session.psk : new Uint8Array(0);
    expect(Buffer.from(ticket).includes(Buffer.from(psk))).toBe(false);
  });

  it('opens_tampered_unknown_and_expired_tickets_as_undefined with the reason in inspect', () => {
    const { tickets, clock } = stateless();
    const { ticket } = tickets.issue(tls13({ createdAtMs: T0, timeoutSeconds: 60 }));
    const tampered = ticket.slice();
    tampered[tampered.length - 1]! ^= 0x80;
    expect(tickets.open(tampered)).toBeUndefined();
    expect(tickets.inspect(tampered).status).toBe('tampered');
    const unknown = ticket.slice();
    unknown[0]! ^= 0xff;
    expect(tickets.inspect(unknown).status).toBe('unknown');
    expect(tickets.inspect(new Uint8Array(3)).status).toBe('unknown');
    clock.advance(60_001);
    const expired = tickets.inspect(ticket);
    expect(expired.status).toBe('expired');
    expect(tickets.open(ticket)).toBeUndefined();
  });

  it('counts an expired ticket as sess_timeouts when the engine asks the cache for a verdict', () => {
    const { tickets, clock, cache } = stateless();
    const { ticket } = tickets.issue(tls13({ timeoutSeconds: 10 }));
    let r = tickets.inspect(ticket);
    expect(r.status === 'ok' && cache.accept(r.session, ctx13, false).status).toBe('hit');
    clock.advance(11_000);
    r = tickets.inspect(ticket);
    expect(r.status === 'expired' && cache.accept(r.session, ctx13, false).status).toBe('timeout');
    expect(cache.stats()).toMatchObject({ sess_hits: 1, sess_timeouts: 1 });
  });

  it('still opens tickets of a rotated key until it retires', () => {
    const { tickets, clock } = stateless({ rotationSeconds: 100, retainSeconds: 100 });
    const old = tickets.issue(tls13({ timeoutSeconds: 1000 })).ticket;
    clock.advance(150_000);
    const fresh = tickets.issue(tls13({ createdAtMs: T0 + 150_000, timeoutSeconds: 1000 })).ticket;
    expect(fresh.subarray(0, 16)).not.toEqual(old.subarray(0, 16));
    expect(tickets.open(old)).toBeDefined();
    clock.advance(50_000);
    expect(tickets.inspect(old).status).toBe('unknown');
    expect(tickets.open(fresh)).toBeDefined();
  });
});

describe('TLS 1.2 tickets (RFC 5077)', () => {
  it('a TLS 1.2 ticket session keeps an empty id: not cached, no onNew (ssl_generate_session_id)', () => {
    const { cache, tickets, added } = stateless();
    const { ticket, session } = tickets.issue(tls12());
    expect(session.sessionIdLength).toBe(0);
    expect(cache.size).toBe(0);
    expect(added).toHaveLength(0);
    const found = tickets.inspect(ticket);
    expect(found.status).toBe('ok');
    if (found.status !== 'ok') return;
    expect(found.session.version).toBe(0x0303);
    expect(cache.accept(found.session, { version: 0x0303 }, false).status).toBe('hit');
    expect(cache.stats().sess_hits).toBe(1);
  });

  it('StatefulTickets refuses a TLS 1.2 session (it could never be found again)', () => {
    const { tickets } = stateful(false);
    expect(() => tickets.issue(tls12())).toThrow(TypeError);
  });
});

describe('StatefulTickets', () => {
  it('issues a 32-byte id ticket backed by the server cache', () => {
    const { tickets, cache } = stateful(false);
    const { ticket, session } = tickets.issue(tls13());
    expect(ticket.length).toBe(32);
    expect(ticket).toEqual(session.sessionId);
    expect(cache.size).toBe(1);
    expect(tickets.open(ticket)).toBe(cache.peek(TLS1_3_VERSION, ticket));
    expect(tickets.open(ticket)).toBeDefined(); // reusable when not single-use
    expect(cache.size).toBe(1);
  });

  it('single-use tickets resume once, then are gone (anti-replay)', () => {
    const { tickets, cache } = stateful(true);
    const { ticket } = tickets.issue(tls13());
    expect(tickets.inspect(ticket).status).toBe('ok');
    expect(cache.size).toBe(0);
    expect(tickets.inspect(ticket).status).toBe('unknown');
    expect(tickets.open(ticket)).toBeUndefined();
    expect(cache.stats().sess_misses).toBe(2);
  });

  it('unknown and malformed identities count as misses or are ignored', () => {
    const { tickets, cache } = stateful(false);
    expect(tickets.inspect(new Uint8Array(32).fill(1)).status).toBe('unknown');
    expect(tickets.inspect(new Uint8Array(31)).status).toBe('unknown');
    expect(cache.stats().sess_misses).toBe(1);
  });

  it('an expired stateful ticket is reported expired and dropped from the cache', () => {
    const { tickets, cache, clock } = stateful(false);
    const { ticket } = tickets.issue(tls13({ timeoutSeconds: 5 }));
    clock.advance(5_001);
    expect(tickets.inspect(ticket).status).toBe('expired');
    expect(cache.size).toBe(0);
  });

  it('under NO_INTERNAL_STORE with single use, a ticket that cannot be removed is refused', () => {
    const { tickets } = stateful(true, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    const { ticket } = tickets.issue(tls13());
    expect(tickets.inspect(ticket).status).toBe('unknown');
  });
});
