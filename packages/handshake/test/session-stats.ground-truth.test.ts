// The engine's session cache bookkeeping (`sessionCache`) against OpenSSL
// itself: @strata/session's test/c/stats.c runs real OpenSSL 3.0.19
// handshakes between two SSL_CTXs and records every SSL_CTX_sess_* counter
// and callback count after each step (test/c/stats.expected). Here the same
// TLS 1.3 steps are real Strata handshakes (ClientConnection ↔
// ServerConnection in memory) with `sessionCache` on both sides; the
// application does only what OpenSSL's client library does on its own: turn
// each received ticket into a session with an id (SHA-256 of the ticket),
// keep it (`ClientSessionCache`) and announce it (`updateCache`, the new
// callback). Every number must be OpenSSL's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '@strata/crypto';
import {
  ClientSessionCache,
  manualClock,
  type Session,
  SessionCache,
  SSL_SESS_CACHE_CLIENT,
  SSL_SESS_CACHE_NO_INTERNAL,
  SSL_SESS_CACHE_NO_INTERNAL_STORE,
  SSL_SESS_CACHE_OFF,
  SSL_SESS_CACHE_SERVER,
  StatefulTickets,
  StatelessTickets,
  TicketKeys,
  type Tls13Session,
} from '@strata/session';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../src/client/connection.js';
import { ServerConnection } from '../src/server/connection.js';
import { clientConfig, handshake, serverConfig } from './helpers.js';

const expected = readFileSync(
  fileURLToPath(new URL('../../session/test/c/stats.expected', import.meta.url)),
  'utf8',
);

interface Variant {
  readonly name: string;
  readonly noTicket: boolean;
  readonly removeCb: boolean;
  readonly mode: number;
  readonly external?: boolean;
}

const SERVER = SSL_SESS_CACHE_SERVER;
/** The TLS 1.3 variants of stats.c. */
const VARIANTS: readonly Variant[] = [
  { name: 'tls13', noTicket: false, removeCb: false, mode: SERVER },
  { name: 'tls13_removecb', noTicket: false, removeCb: true, mode: SERVER },
  { name: 'tls13_noticket', noTicket: true, removeCb: false, mode: SERVER },
  {
    name: 'tls13_noticket_nostore',
    noTicket: true,
    removeCb: false,
    mode: SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE,
  },
  { name: 'tls13_off', noTicket: false, removeCb: false, mode: SSL_SESS_CACHE_OFF },
  {
    name: 'tls13_noticket_external',
    noTicket: true,
    removeCb: false,
    mode: SERVER | SSL_SESS_CACHE_NO_INTERNAL,
    external: true,
  },
];

function recorded(variant: string): [string, number][] {
  return expected
    .split('\n')
    .filter((l) => l.startsWith(`${variant}.`))
    .map((l) => {
      const [k, v] = l.split(' ');
      return [k!, Number(v)];
    });
}

function scenario(v: Variant): [string, number][] {
  const lines: [string, number][] = [];
  const P = (k: string, value: number | boolean) =>
    lines.push([k, typeof value === 'boolean' ? (value ? 1 : 0) : value]);
  const clock = manualClock(Date.now());
  const counts = { cNew: 0, cRemoved: 0, sNew: 0, sRemoved: 0 };
  let externalSession: Session | undefined;
  const sameId = (a: Uint8Array, b: Uint8Array) =>
    a.length === b.length && a.every((x, i) => x === b[i]);

  const makeServer = (noTicket: boolean, callbacks: boolean, mode = SERVER) => {
    const cache = new SessionCache({
      clock: clock.now,
      mode,
      callbacks: callbacks
        ? {
            onNew: (session: Session) => {
              counts.sNew++;
              if (v.external) externalSession = session;
            },
            ...(v.removeCb ? { onRemove: () => counts.sRemoved++ } : {}),
            ...(v.external
              ? {
                  get: (id: Uint8Array) =>
                    externalSession !== undefined && sameId(externalSession.sessionId, id)
                      ? externalSession
                      : undefined,
                }
              : {}),
          }
        : {},
    });
    const issuer = noTicket
      ? new StatefulTickets({ cache, provider: nobleProvider, clock: clock.now })
      : new StatelessTickets({
          keys: new TicketKeys({ provider: nobleProvider, clock: clock.now }),
          provider: nobleProvider,
          clock: clock.now,
          cache,
        });
    return {
      cache,
      config: serverConfig({ now: clock.now, sessionCache: cache, tickets: { issuer } }),
    };
  };
  const server = makeServer(v.noTicket, true, v.mode);
  const client = new SessionCache({
    clock: clock.now,
    mode: SSL_SESS_CACHE_CLIENT,
    callbacks: { onNew: () => counts.cNew++, onRemove: () => counts.cRemoved++ },
  });
  const clientCache = new ClientSessionCache({ clock: clock.now });
  const peer = { host: 'localhost', port: 443 };

  const stats = (step: string, s: SessionCache) => {
    const ss = s.stats();
    const cs = client.stats();
    P(`${step}.s.number`, ss.sess_number);
    P(`${step}.s.accept`, ss.sess_accept);
    P(`${step}.s.accept_good`, ss.sess_accept_good);
    P(`${step}.s.hits`, ss.sess_hits);
    P(`${step}.s.misses`, ss.sess_misses);
    P(`${step}.s.timeouts`, ss.sess_timeouts);
    P(`${step}.s.cb_hits`, ss.sess_cb_hits);
    P(`${step}.s.new`, counts.sNew);
    P(`${step}.s.removed`, counts.sRemoved);
    P(`${step}.c.number`, cs.sess_number);
    P(`${step}.c.connect`, cs.sess_connect);
    P(`${step}.c.connect_good`, cs.sess_connect_good);
    P(`${step}.c.hits`, cs.sess_hits);
    P(`${step}.c.misses`, cs.sess_misses);
    P(`${step}.c.new`, counts.cNew);
    P(`${step}.c.removed`, counts.cRemoved);
  };

  /** One real handshake; the client keeps and announces each ticket as libssl does. */
  const connect = (s: ReturnType<typeof makeServer>, offer: Session | undefined): boolean => {
    const c = new ClientConnection(
      clientConfig({
        now: clock.now,
        sessionCache: client,
        ...(offer ? { session: offer as Tls13Session } : {}),
      }),
    );
    const srv = new ServerConnection(s.config);
    handshake(c, srv);
    expect(c.handshakeComplete && srv.handshakeComplete).toBe(true);
    for (const e of c.takeEvents()) {
      if (e.type !== 'new_session_ticket' || !e.session) continue;
      const withId = e.session.with({
        sessionId: nobleProvider.hashes.sha256.digest(e.session.ticket!),
      });
      clientCache.add(peer, withId);
      client.updateCache(withId, 'client');
    }
    return c.negotiated.resumed === true;
  };

  P(`${v.name}.full`, connect(server, undefined));
  stats(`${v.name}.full`, server.cache);
  const first = clientCache.take(peer);
  const resumedFirst = connect(server, first);
  P(`${v.name}.resume`, resumedFirst);
  stats(`${v.name}.resume`, server.cache);
  const other = makeServer(false, false);
  P(`${v.name}.elsewhere`, connect(other, clientCache.take(peer)));
  stats(`${v.name}.elsewhere`, other.cache);
  // A resumed TLS 1.3 session is single use (libssl marks it not resumable).
  const again = first !== undefined && !resumedFirst;
  P(`${v.name}.first_resumable`, again);
  P(`${v.name}.again`, connect(server, again ? first : undefined));
  stats(`${v.name}.again`, server.cache);
  return lines;
}

describe('sessionCache counters against OpenSSL 3.0 (session/test/c/stats.expected)', () => {
  for (const v of VARIANTS) {
    it(`${v.name}: every SSL_CTX_sess_* counter and callback count after each step`, () => {
      const want = recorded(v.name);
      expect(want.length).toBe(69);
      expect(scenario(v)).toEqual(want);
    });
  }
});
