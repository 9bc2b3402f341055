// Replays test/c/stats.c — real OpenSSL 3.0 handshakes between two SSL_CTXs —
// through the calls the README's "What the handshake must do" prescribes, and
// compares every SSL_CTX_sess_* counter and callback count after each step.
import { nobleProvider } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import { describe, expect, it } from 'vitest';
import { cannotCompile, type Observations, recorded, runC } from '../test/c/harness.js';
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
  type TicketIssuer,
  TicketKeys,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
  Tls12Session,
  Tls13Session,
} from './index.js';

const provider = { ...nobleProvider, random: seededRandom('stats') };
const sha256 = (b: Uint8Array) => nobleProvider.hashes.sha256.digest(b);

interface Variant {
  readonly name: string;
  readonly version: number;
  /** `SSL_OP_NO_TICKET` on the server. */
  readonly noTicket: boolean;
  /** The server has a remove callback (TLS 1.3 sessions are then kept). */
  readonly removeCb: boolean;
  /** The server's `SSL_SESS_CACHE_*` mode. */
  readonly mode: number;
  /** An external cache of one entry (new and get callbacks). */
  readonly external?: boolean;
}

const SERVER = SSL_SESS_CACHE_SERVER;
const NO_STORE = SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE;
const VARIANTS: readonly Variant[] = [
  { name: 'tls13', version: TLS1_3_VERSION, noTicket: false, removeCb: false, mode: SERVER },
  {
    name: 'tls13_removecb',
    version: TLS1_3_VERSION,
    noTicket: false,
    removeCb: true,
    mode: SERVER,
  },
  {
    name: 'tls13_noticket',
    version: TLS1_3_VERSION,
    noTicket: true,
    removeCb: false,
    mode: SERVER,
  },
  {
    name: 'tls12_noticket',
    version: TLS1_2_VERSION,
    noTicket: true,
    removeCb: false,
    mode: SERVER,
  },
  { name: 'tls12_ticket', version: TLS1_2_VERSION, noTicket: false, removeCb: false, mode: SERVER },
  {
    name: 'tls12_off',
    version: TLS1_2_VERSION,
    noTicket: true,
    removeCb: false,
    mode: SSL_SESS_CACHE_OFF,
  },
  {
    name: 'tls12_nostore',
    version: TLS1_2_VERSION,
    noTicket: true,
    removeCb: false,
    mode: NO_STORE,
  },
  {
    name: 'tls13_noticket_nostore',
    version: TLS1_3_VERSION,
    noTicket: true,
    removeCb: false,
    mode: NO_STORE,
  },
  {
    name: 'tls13_off',
    version: TLS1_3_VERSION,
    noTicket: false,
    removeCb: false,
    mode: SSL_SESS_CACHE_OFF,
  },
  {
    name: 'tls12_external',
    version: TLS1_2_VERSION,
    noTicket: true,
    removeCb: false,
    mode: SERVER | SSL_SESS_CACHE_NO_INTERNAL,
    external: true,
  },
  {
    name: 'tls13_noticket_external',
    version: TLS1_3_VERSION,
    noTicket: true,
    removeCb: false,
    mode: SERVER | SSL_SESS_CACHE_NO_INTERNAL,
    external: true,
  },
];

interface Server {
  readonly cache: SessionCache;
  readonly issuer: TicketIssuer;
  readonly noTicket: boolean;
}

function statsScenario(): Observations {
  const lines: Observations = [];
  const P = (k: string, v: number | boolean): void => {
    lines.push([k, typeof v === 'boolean' ? (v ? 1 : 0) : v]);
  };
  const clock = manualClock();
  const now = clock.now;

  for (const v of VARIANTS) {
    const counts = { cNew: 0, cRemoved: 0, sNew: 0, sRemoved: 0 };
    let externalSession: Session | undefined;
    const sameId = (a: Uint8Array, b: Uint8Array) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    const makeServer = (noTicket: boolean, callbacks: boolean, mode = SERVER): Server => {
      const cache = new SessionCache({
        clock: now,
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
      const issuer =
        v.version === TLS1_3_VERSION && noTicket
          ? new StatefulTickets({ cache, provider, clock: now })
          : new StatelessTickets({
              keys: new TicketKeys({ provider, clock: now }),
              provider,
              clock: now,
              cache,
            });
      return { cache, issuer, noTicket };
    };
    const server = makeServer(v.noTicket, true, v.mode);
    const client = new SessionCache({
      clock: now,
      mode: SSL_SESS_CACHE_CLIENT,
      callbacks: { onNew: () => counts.cNew++, onRemove: () => counts.cRemoved++ },
    });
    const clientCache = new ClientSessionCache({ clock: now });
    const peer = { host: 'stats.example', port: 443 };

    const stats = (step: string, s: SessionCache): void => {
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

    /** The client receives a session (a ticket, or a TLS 1.2 session id). */
    const receive = (session: Session): void => {
      clientCache.add(peer, session);
      client.updateCache(session, 'client');
    };

    /** One connection, as the README's contract drives the caches. */
    const connect = (s: Server, offer: Session | undefined): boolean => {
      client.countConnect();
      s.cache.countAccept();
      let resumed = false;
      if (offer !== undefined) {
        const ticket = offer.ticket;
        if (ticket !== undefined && (v.version === TLS1_3_VERSION || !s.noTicket)) {
          const r = s.issuer.inspect(ticket);
          if (r.status === 'ok' || r.status === 'expired') {
            resumed = s.cache.accept(r.session, { version: v.version }, false).status === 'hit';
          }
        } else if (offer.sessionIdLength > 0) {
          resumed = s.cache.lookup(offer.sessionId, { version: v.version }).status === 'hit';
        }
        if (!resumed) client.countConnectMiss();
      }
      if (v.version === TLS1_3_VERSION) {
        if (resumed) client.remove(offer!); // single use
        for (let i = 0; i < (resumed ? 1 : 2); i++) {
          const psk = provider.random(32);
          const { ticket } = s.issuer.issue(
            new Tls13Session({
              cipherSuite: 0x1301,
              createdAtMs: now(),
              timeoutSeconds: 7200,
              psk,
              ticketAgeAdd: i,
              ticketLifetimeSeconds: 7200,
            }),
          );
          receive(
            new Tls13Session({
              cipherSuite: 0x1301,
              createdAtMs: now(),
              timeoutSeconds: 7200,
              psk,
              ticketAgeAdd: i,
              ticketLifetimeSeconds: 7200,
              ticket,
              sessionId: sha256(ticket),
            }),
          );
        }
      } else if (!resumed) {
        const common = {
          cipherSuite: 0xc02b,
          createdAtMs: now(),
          timeoutSeconds: 7200,
          masterSecret: provider.random(48),
          extendedMasterSecret: true,
        };
        if (s.noTicket) {
          // No SSL_SESS_CACHE_SERVER: OpenSSL sends an empty id (a single-use session).
          const id = s.cache.mode & SERVER ? provider.random(32) : new Uint8Array(0);
          s.cache.updateCache(new Tls12Session({ ...common, sessionId: id }), 'server');
          receive(new Tls12Session({ ...common, sessionId: id }));
        } else {
          const { ticket } = s.issuer.issue(new Tls12Session(common));
          receive(new Tls12Session({ ...common, ticket, sessionId: sha256(ticket) }));
        }
      }
      client.countConnectGood(resumed);
      s.cache.countAcceptGood();
      return resumed;
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
    // The application offers the first session once more. OpenSSL marks a
    // TLS 1.3 session not resumable once it has resumed (single use); one the
    // server refused stays offerable (ClientSessionCache is stricter: `take`
    // never hands a ticket out twice). A TLS 1.2 session is kept.
    const again =
      first !== undefined &&
      (first.version === TLS1_3_VERSION ? !resumedFirst : first.isResumable());
    P(`${v.name}.first_resumable`, again);
    P(`${v.name}.again`, connect(server, again ? first : undefined));
    stats(`${v.name}.again`, server.cache);
  }
  return lines;
}

describe('the README contract against OpenSSL 3.0 handshakes (test/c/stats.c)', () => {
  it('gives the statistics and callback counts OpenSSL 3.0.19 recorded', () => {
    expect(statsScenario()).toEqual(recorded('stats'));
  });

  const reason = cannotCompile();
  it.skipIf(reason !== undefined)(
    `gives those of a fresh run of stats.c against the system libssl${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      expect(statsScenario()).toEqual(runC('stats'));
    },
  );
});
