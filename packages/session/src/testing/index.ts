// @strata/session/testing: helpers other packages' tests reuse. Not for
// production code.
//
// The stats ground truth: test/c/stats.c in this package runs real OpenSSL
// 3.0 handshakes between two SSL_CTXs and records every SSL_CTX_sess_*
// counter and callback count after each step (test/c/stats.expected). This
// package replays it through the caches alone; @strata/handshake replays the
// TLS 1.3 variants with real handshakes. Both drive the same steps through
// `statsScenario`, and only say how one connection is made.
import type { CryptoProvider } from '@strata/crypto';
import { ClientSessionCache } from '../client-cache.js';
import type { Clock } from '../clock.js';
import {
  SessionCache,
  SSL_SESS_CACHE_CLIENT,
  SSL_SESS_CACHE_NO_INTERNAL,
  SSL_SESS_CACHE_NO_INTERNAL_STORE,
  SSL_SESS_CACHE_OFF,
  SSL_SESS_CACHE_SERVER,
} from '../server-cache.js';
import { type Session, TLS1_2_VERSION, TLS1_3_VERSION } from '../session.js';
import { TicketKeys } from '../ticket-keys.js';
import { StatefulTickets, StatelessTickets, type TicketIssuer } from '../tickets.js';

/** `[key, value]` lines, as the C ground-truth programs print them (`key value`). */
export type Observations = Array<[string, number]>;

/** One configuration of stats.c: a pair of SSL_CTXs and the server's options. */
export interface StatsVariant {
  /** The prefix of its lines in stats.expected. */
  readonly name: string;
  /** `TLS1_2_VERSION` or `TLS1_3_VERSION`. */
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
const EXTERNAL = SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL;
const TLS12 = TLS1_2_VERSION;
const TLS13 = TLS1_3_VERSION;

/** Every variant of stats.c, in its order. */
export const STATS_VARIANTS: readonly StatsVariant[] = [
  { name: 'tls13', version: TLS13, noTicket: false, removeCb: false, mode: SERVER },
  { name: 'tls13_removecb', version: TLS13, noTicket: false, removeCb: true, mode: SERVER },
  { name: 'tls13_noticket', version: TLS13, noTicket: true, removeCb: false, mode: SERVER },
  { name: 'tls12_noticket', version: TLS12, noTicket: true, removeCb: false, mode: SERVER },
  { name: 'tls12_ticket', version: TLS12, noTicket: false, removeCb: false, mode: SERVER },
  {
    name: 'tls12_off',
    version: TLS12,
    noTicket: true,
    removeCb: false,
    mode: SSL_SESS_CACHE_OFF,
  },
  { name: 'tls12_nostore', version: TLS12, noTicket: true, removeCb: false, mode: NO_STORE },
  {
    name: 'tls13_noticket_nostore',
    version: TLS13,
    noTicket: true,
    removeCb: false,
    mode: NO_STORE,
  },
  {
    name: 'tls13_off',
    version: TLS13,
    noTicket: false,
    removeCb: false,
    mode: SSL_SESS_CACHE_OFF,
  },
  {
    name: 'tls12_external',
    version: TLS12,
    noTicket: true,
    removeCb: false,
    mode: EXTERNAL,
    external: true,
  },
  {
    name: 'tls13_noticket_external',
    version: TLS13,
    noTicket: true,
    removeCb: false,
    mode: EXTERNAL,
    external: true,
  },
];

/** One server SSL_CTX of stats.c: its cache and the ticket issuer over it. */
export interface StatsServer {
  readonly cache: SessionCache;
  readonly issuer: TicketIssuer;
  /** `SSL_OP_NO_TICKET`. */
  readonly noTicket: boolean;
}

/** The client side shared by every connection of one variant. */
export interface StatsClient {
  /** The client SSL_CTX's cache (`SSL_SESS_CACHE_CLIENT`), with counting callbacks. */
  readonly cache: SessionCache;
  /** Where the application keeps the sessions it receives. */
  readonly sessions: ClientSessionCache;
  /** The client receives a session (a ticket, or a TLS 1.2 session id): kept and announced, as libssl does. */
  receive(session: Session): void;
}

export interface StatsScenarioOptions<S extends StatsServer> {
  readonly provider: CryptoProvider;
  readonly clock: Clock;
  /** Adds what a connection needs to a server (an engine config, say); the identity by default. */
  readonly server?: (base: StatsServer) => S;
  /** Makes one connection offering `offer`; returns whether it resumed. */
  readonly connect: (server: S, offer: Session | undefined, client: StatsClient) => boolean;
}

/**
 * The steps of stats.c for one variant: a full handshake, a resumption, an
 * offer to another server (callbacks off, tickets on), the first session
 * offered once more; after each, every statistic and callback count.
 */
export function statsScenario<S extends StatsServer>(
  v: StatsVariant,
  options: StatsScenarioOptions<S>,
): Observations {
  const { provider, clock: now } = options;
  const extend = options.server ?? ((base: StatsServer) => base as S);
  const lines: Observations = [];
  const P = (k: string, value: number | boolean): void => {
    lines.push([k, typeof value === 'boolean' ? (value ? 1 : 0) : value]);
  };
  const counts = { cNew: 0, cRemoved: 0, sNew: 0, sRemoved: 0 };
  let externalSession: Session | undefined;
  const sameId = (a: Uint8Array, b: Uint8Array) =>
    a.length === b.length && a.every((x, i) => x === b[i]);

  const makeServer = (noTicket: boolean, callbacks: boolean, mode = SERVER): S => {
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
    return extend({ cache, issuer, noTicket });
  };

  const server = makeServer(v.noTicket, true, v.mode);
  const clientCache = new SessionCache({
    clock: now,
    mode: SSL_SESS_CACHE_CLIENT,
    callbacks: { onNew: () => counts.cNew++, onRemove: () => counts.cRemoved++ },
  });
  const sessions = new ClientSessionCache({ clock: now });
  const peer = { host: 'stats.example', port: 443 };
  const client: StatsClient = {
    cache: clientCache,
    sessions,
    receive: (session) => {
      sessions.add(peer, session);
      clientCache.updateCache(session, 'client');
    },
  };
  const connect = (s: S, offer: Session | undefined) => options.connect(s, offer, client);

  const stats = (step: string, s: SessionCache): void => {
    const ss = s.stats();
    const cs = clientCache.stats();
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

  P(`${v.name}.full`, connect(server, undefined));
  stats(`${v.name}.full`, server.cache);
  const first = sessions.take(peer);
  const resumedFirst = connect(server, first);
  P(`${v.name}.resume`, resumedFirst);
  stats(`${v.name}.resume`, server.cache);
  const other = makeServer(false, false);
  P(`${v.name}.elsewhere`, connect(other, sessions.take(peer)));
  stats(`${v.name}.elsewhere`, other.cache);
  // The application offers the first session once more. OpenSSL marks a
  // TLS 1.3 session not resumable once it has resumed (single use); one the
  // server refused stays offerable (ClientSessionCache is stricter: `take`
  // never hands a ticket out twice). A TLS 1.2 session is kept.
  const again =
    first !== undefined && (first.version === TLS1_3_VERSION ? !resumedFirst : first.isResumable());
  P(`${v.name}.first_resumable`, again);
  P(`${v.name}.again`, connect(server, again ? first : undefined));
  stats(`${v.name}.again`, server.cache);
  return lines;
}

/** The lines of `variant` in a ground-truth output (`key value` a line), e.g. stats.expected's text. */
export function observationsOf(text: string, variant?: string): Observations {
  return text
    .trim()
    .split('\n')
    .filter((line) => variant === undefined || line.startsWith(`${variant}.`))
    .map((line) => {
      const [key, value] = line.split(' ');
      return [key!, Number(value)];
    });
}
