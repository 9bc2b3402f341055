// Resumption beyond the defaults: psk_ke, the server's ticket age window,
// stateful (single-use) tickets in the server cache, the session cache
// bookkeeping (SSL_CTX_sess_*), and the negative cases (tampered ticket,
// expired ticket, no Certificate in a resumed handshake).
import { deriveSecret, nobleProvider } from '@strata/crypto';
import {
  ClientSessionCache,
  type ManualClock,
  manualClock,
  SessionCache,
  StatefulTickets,
  StatelessTickets,
  TicketKeys,
  type Tls13Session,
} from '@strata/session';
import { concatBytes } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import type { ClientConfig, ProtocolMessage, ServerConfig } from '../src/config.js';
import type { ClientHello } from '../src/msgs/client-hello.js';
import { PskKeyExchangeMode } from '../src/msgs/codes.js';
import type { ServerHello } from '../src/msgs/server-hello.js';
import {
  alertSent,
  clientConfig,
  handshake,
  pair,
  plaintextMessages,
  secretsSink,
  serverConfig,
  splitRecords,
  transfer,
} from './helpers.js';

const CERTIFICATE = 11;
const CERTIFICATE_REQUEST = 13;
const CERTIFICATE_VERIFY = 15;

interface Server {
  readonly config: ServerConfig;
  readonly cache: SessionCache;
}

function statelessServer(
  clock: ManualClock,
  tickets: Partial<NonNullable<ServerConfig['tickets']>> = {},
  overrides: Partial<ServerConfig> = {},
): Server {
  const cache = new SessionCache({ clock: clock.now });
  const keys = new TicketKeys({ provider: nobleProvider, clock: clock.now });
  const issuer = new StatelessTickets({ keys, provider: nobleProvider, clock: clock.now, cache });
  return {
    cache,
    config: serverConfig({ now: clock.now, tickets: { issuer, ...tickets }, ...overrides }),
  };
}

function statefulServer(clock: ManualClock, singleUse: boolean): Server {
  const cache = new SessionCache({ clock: clock.now });
  const issuer = new StatefulTickets({
    cache,
    provider: nobleProvider,
    clock: clock.now,
    singleUse,
  });
  return { cache, config: serverConfig({ now: clock.now, tickets: { issuer } }) };
}

function sessionsOf(events: ReturnType<ReturnType<typeof pair>['client']['takeEvents']>) {
  return events.flatMap((e) => (e.type === 'new_session_ticket' && e.session ? [e.session] : []));
}

/** A full handshake; the sessions of the server's tickets. */
function tickets(server: ServerConfig, client: Partial<ClientConfig> = {}): Tls13Session[] {
  const { client: c, server: s } = pair(clientConfig(client), server);
  handshake(c, s);
  expect(c.handshakeComplete && s.handshakeComplete).toBe(true);
  return sessionsOf(c.takeEvents());
}

/** One connection; the messages both sides saw and the results. */
function connect(server: ServerConfig, client: Partial<ClientConfig>) {
  const seen: ProtocolMessage[] = [];
  const { client: c, server: s } = pair(
    clientConfig({ ...client, onMessage: (m) => seen.push(m) }),
    server,
  );
  handshake(c, s);
  return { client: c, server: s, seen };
}

const handshakeTypes = (seen: readonly ProtocolMessage[]) =>
  seen.filter((m) => m.contentType === 22).map((m) => m.bytes[0]);

/** A clientHello hook that puts only `mode` in psk_key_exchange_modes, whatever the config allows. */
const wirePskModes =
  (mode: number) =>
  (ch: ClientHello): ClientHello => ({
    ...ch,
    extensions: ch.extensions.map((e) =>
      e.kind === 'psk_key_exchange_modes' ? { ...e, value: [mode] } : e,
    ),
  });

describe('psk_ke', () => {
  it('resumes without a key share when both sides allow only psk_ke; the key schedule has no (EC)DHE', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock, { pskModes: ['psk_ke'] });
    const [session] = tickets(config, { now: clock.now });
    const { secrets, keyLog } = secretsSink();
    const hello: Uint8Array[] = [];
    const { client, server } = pair(
      clientConfig({ session: session!, pskModes: ['psk_ke'], now: clock.now }),
      {
        ...config,
        keyLog,
        onMessage: (m) => {
          if (m.contentType === 22 && (m.bytes[0] === 1 || m.bytes[0] === 2)) hello.push(m.bytes);
        },
      },
    );
    const ch = plaintextMessages(client.takeOutput().slice())[0]!;
    const modes = (ch.parsed as ClientHello).extensions.find(
      (e) => e.kind === 'psk_key_exchange_modes',
    )?.value;
    expect(modes).toEqual([PskKeyExchangeMode.psk_ke]);
    server.receive(
      concatBytes(
        new Uint8Array([22, 3, 1, ch.encoded.length >> 8, ch.encoded.length & 0xff]),
        ch.encoded,
      ),
    );
    const flight = splitRecords(server.takeOutput());
    const sh = plaintextMessages(flight[0]!)[0]!.parsed as ServerHello;
    expect(sh.extensions.map((e) => e.kind)).not.toContain('key_share');
    expect(sh.extensions.find((e) => e.kind === 'pre_shared_key')?.value).toBe(0);
    for (const r of flight) client.receive(r);
    handshake(client, server);
    expect(alertSent(client.takeEvents())).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    for (const side of [client, server]) {
      expect(side.negotiated.resumed).toBe(true);
      expect(side.negotiated.pskMode).toBe('psk_ke');
      expect(side.negotiated.group).toBeUndefined();
    }
    // RFC 8446 §7.1 by hand: Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), 0).
    const hash = nobleProvider.hashes.sha256;
    const zeros = new Uint8Array(32);
    const early = hash.hkdfExtract(new Uint8Array(1), session!.psk);
    const hsSecret = hash.hkdfExtract(
      deriveSecret(hash, early, 'derived', hash.digest(new Uint8Array(0))),
      zeros,
    );
    const helloHash = hash.digest(concatBytes(...hello));
    expect(secrets.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET')).toEqual(
      deriveSecret(hash, hsSecret, 'c hs traffic', helloHash),
    );
    client.write(new Uint8Array([7]));
    transfer(client, server);
    expect(server.read()).toEqual(new Uint8Array([7]));
  });

  it('prefers psk_dhe_ke when both are offered and allowed, takes psk_ke when only that is shared', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock, { pskModes: ['psk_ke', 'psk_dhe_ke'] });
    const sessions = tickets(config, { now: clock.now });
    const both = connect(config, {
      session: sessions[0]!,
      pskModes: ['psk_ke', 'psk_dhe_ke'],
      now: clock.now,
    });
    expect(both.server.negotiated.pskMode).toBe('psk_dhe_ke');
    expect(both.client.negotiated.pskMode).toBe('psk_dhe_ke');
    expect(both.client.negotiated.group).toBeDefined();
    const only = connect(config, { session: sessions[1]!, pskModes: ['psk_ke'], now: clock.now });
    expect(only.client.negotiated.resumed).toBe(true);
    expect(only.client.negotiated.pskMode).toBe('psk_ke');
  });

  it('needs no HelloRetryRequest under psk_ke when no key share fits; psk_dhe_ke still asks for one', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(
      clock,
      { pskModes: ['psk_dhe_ke', 'psk_ke'] },
      { groups: [0x001d] },
    );
    const sessions = tickets(config, { now: clock.now });
    const mismatched = { keyShareGroups: [0x0017], groups: [0x0017, 0x001d], now: clock.now };
    const ke = connect(config, { ...mismatched, session: sessions[0]!, pskModes: ['psk_ke'] });
    expect(ke.server.negotiated.resumed).toBe(true);
    expect(ke.server.negotiated.pskMode).toBe('psk_ke');
    expect(ke.server.negotiated.helloRetry).toBeUndefined();
    expect(ke.client.negotiated.helloRetry).toBeUndefined();
    const dhe = connect(config, { ...mismatched, session: sessions[1]! });
    expect(dhe.server.negotiated.resumed).toBe(true);
    expect(dhe.server.negotiated.pskMode).toBe('psk_dhe_ke');
    expect(dhe.client.negotiated.helloRetry).toBe(true);
    // A PSK the server refuses (unknown ticket keys): the HelloRetryRequest follows.
    const other = statelessServer(clock, { pskModes: ['psk_ke'] }, { groups: [0x001d] });
    const refused = connect(other.config, {
      ...mismatched,
      session: sessions[0]!,
      pskModes: ['psk_ke'],
    });
    expect(refused.client.handshakeComplete).toBe(true);
    expect(refused.client.negotiated.helloRetry).toBe(true);
    expect(refused.client.negotiated.resumed).toBeUndefined();
  });

  it('is off by default: a psk_ke-only offer to a default server is a full handshake', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock);
    const [session] = tickets(config, { now: clock.now });
    const { client, server } = connect(config, {
      session: session!,
      pskModes: ['psk_ke'],
      now: clock.now,
    });
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.resumed).toBeUndefined();
    expect(server.negotiated.resumed).toBeUndefined();
  });

  it('a ServerHello without key_share to a client that did not offer psk_ke is missing_extension', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock, { pskModes: ['psk_ke'] });
    const [session] = tickets(config, { now: clock.now });
    // The wire says psk_ke while the client's config allows only psk_dhe_ke.
    const { client, server } = pair(
      clientConfig({
        session: session!,
        now: clock.now,
        hooks: { clientHello: wirePskModes(PskKeyExchangeMode.psk_ke) },
      }),
      config,
    );
    handshake(client, server);
    expect(server.negotiated.pskMode).toBe('psk_ke');
    expect(alertSent(client.takeEvents())).toBe('missing_extension');
    expect(client.error?.code).toBe('HANDSHAKE_NO_KEY_SHARE');
  });

  it('a psk_dhe_ke resumption of a client that offered only psk_ke is illegal_parameter', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock);
    const [session] = tickets(config, { now: clock.now });
    const { client, server } = pair(
      clientConfig({
        session: session!,
        now: clock.now,
        pskModes: ['psk_ke'],
        hooks: { clientHello: wirePskModes(PskKeyExchangeMode.psk_dhe_ke) },
      }),
      config,
    );
    handshake(client, server);
    expect(server.negotiated.pskMode).toBe('psk_dhe_ke');
    expect(alertSent(client.takeEvents())).toBe('illegal_parameter');
    expect(client.error?.code).toBe('HANDSHAKE_PSK_MODE_NOT_OFFERED');
  });

  it('rejects an empty or unknown mode list in the config', () => {
    expect(() => pair(clientConfig({ pskModes: [] }))).toThrow(RangeError);
    expect(() => pair(clientConfig({ pskModes: ['psk_x' as 'psk_ke'] }))).toThrow(TypeError);
  });
});

describe('obfuscated_ticket_age window (RFC 8446 §4.2.11.1, §8.3)', () => {
  /** The client's clock runs `skewMs` ahead of the server's. */
  function resumeWithSkew(skewMs: number, tolerance?: number) {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(
      clock,
      tolerance === undefined ? {} : { ticketAgeToleranceMs: tolerance },
    );
    const [session] = tickets(config, { now: clock.now });
    clock.advance(30_000);
    const clientNow = () => clock.now() + skewMs;
    return connect(config, { session: session!, now: clientNow });
  }

  it('accepts a client age within 10 s of the server’s', () => {
    expect(resumeWithSkew(9_000).server.negotiated.resumed).toBe(true);
    expect(resumeWithSkew(-9_000).server.negotiated.resumed).toBe(true);
  });

  it('refuses the PSK (a full handshake, no alert) when the ages differ by more', () => {
    for (const skew of [11_000, -11_000, 3_600_000]) {
      const { client, server } = resumeWithSkew(skew);
      expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
      expect(server.negotiated.resumed).toBeUndefined();
      expect(client.negotiated.resumed).toBeUndefined();
      expect(alertSent(client.takeEvents())).toBeUndefined();
    }
  });

  it('refuses a negative or NaN tolerance in the config', () => {
    const clock = manualClock(Date.now());
    for (const bad of [-1, Number.NaN]) {
      const { config } = statelessServer(clock, { ticketAgeToleranceMs: bad });
      expect(() => pair(clientConfig(), config)).toThrow(RangeError);
    }
  });

  it('takes its window from ticketAgeToleranceMs (Infinity: no check)', () => {
    expect(resumeWithSkew(11_000, 20_000).server.negotiated.resumed).toBe(true);
    expect(resumeWithSkew(3_600_000, Number.POSITIVE_INFINITY).server.negotiated.resumed).toBe(
      true,
    );
    expect(resumeWithSkew(2_000, 1_000).server.negotiated.resumed).toBeUndefined();
  });
});

describe('stateful tickets (OpenSSL TLS 1.3 with SSL_OP_NO_TICKET)', () => {
  it('issues 32-byte ids of sessions kept in the server cache and resumes them', () => {
    const clock = manualClock(Date.now());
    const { config, cache } = statefulServer(clock, false);
    const sessions = tickets(config, { now: clock.now });
    expect(sessions).toHaveLength(2);
    expect(sessions[0]!.ticket).toHaveLength(32);
    expect(cache.size).toBe(2);
    expect(cache.has(0x0304, sessions[0]!.ticket!)).toBe(true);
    const again = connect(config, { session: sessions[0]!, now: clock.now });
    expect(again.server.negotiated.resumed).toBe(true);
    // Reusable without single use.
    expect(
      connect(config, { session: sessions[0]!, now: clock.now }).server.negotiated.resumed,
    ).toBe(true);
  });

  it('single use: a ticket resumes once; the replay gets a full handshake', () => {
    const clock = manualClock(Date.now());
    const { config, cache } = statefulServer(clock, true);
    const sessions = tickets(config, { now: clock.now });
    const first = connect(config, { session: sessions[0]!, now: clock.now });
    expect(first.server.negotiated.resumed).toBe(true);
    expect(cache.has(0x0304, sessions[0]!.ticket!)).toBe(false);
    const replay = connect(config, { session: sessions[0]!, now: clock.now });
    expect(replay.server.handshakeComplete).toBe(true);
    expect(replay.server.negotiated.resumed).toBeUndefined();
    expect(replay.client.negotiated.resumed).toBeUndefined();
  });

  it('a session flushed from the cache no longer resumes', () => {
    const clock = manualClock(Date.now());
    const { config, cache } = statefulServer(clock, false);
    const [session] = tickets(config, { now: clock.now });
    cache.flush(0);
    expect(connect(config, { session: session!, now: clock.now }).server.negotiated.resumed).toBe(
      undefined,
    );
  });
});

describe('session cache bookkeeping (SSL_CTX_sess_*)', () => {
  it('counts connect/accept, good, hits and misses as OpenSSL does', () => {
    const clock = manualClock(Date.now());
    const { config: base, cache: serverCache } = statelessServer(clock);
    const server = { ...base, sessionCache: serverCache };
    const clientCache = new SessionCache({ clock: clock.now });
    const sessions = tickets(server, { now: clock.now, sessionCache: clientCache });
    expect(serverCache.stats()).toMatchObject({
      sess_accept: 1,
      sess_accept_good: 1,
      sess_hits: 0,
    });
    expect(clientCache.stats()).toMatchObject({
      sess_connect: 1,
      sess_connect_good: 1,
      sess_hits: 0,
      sess_misses: 0,
    });
    // Resumed: a hit on both sides.
    const resumed = connect(server, {
      session: sessions[0]!,
      now: clock.now,
      sessionCache: clientCache,
    });
    expect(resumed.client.negotiated.resumed).toBe(true);
    expect(serverCache.stats()).toMatchObject({
      sess_accept: 2,
      sess_accept_good: 2,
      sess_hits: 1,
    });
    expect(clientCache.stats()).toMatchObject({
      sess_connect: 2,
      sess_connect_good: 2,
      sess_hits: 1,
      sess_misses: 0,
    });
    // Offered to a server that cannot open it: a client miss, no hit anywhere.
    const other = statelessServer(clock);
    connect(
      { ...other.config, sessionCache: other.cache },
      { session: sessions[1]!, now: clock.now, sessionCache: clientCache },
    );
    expect(clientCache.stats()).toMatchObject({
      sess_connect: 3,
      sess_connect_good: 3,
      sess_hits: 1,
      sess_misses: 1,
    });
    expect(other.cache.stats()).toMatchObject({
      sess_accept: 1,
      sess_accept_good: 1,
      sess_hits: 0,
    });
  });

  it('counts a handshake that fails as started, not good', () => {
    const clock = manualClock(Date.now());
    const { config, cache } = statelessServer(clock);
    const clientCache = new SessionCache({ clock: clock.now });
    const [session] = tickets(config, { now: clock.now });
    const { client, server } = pair(
      clientConfig({ session: session!, now: clock.now, sessionCache: clientCache }),
      { ...config, sessionCache: cache },
    );
    const out = client.takeOutput();
    out[out.length - 1]! ^= 1; // the binder
    server.receive(out);
    expect(alertSent(server.takeEvents())).toBe('decrypt_error');
    // The binder is checked after the cache accepted the session (OpenSSL counts the hit too).
    expect(cache.stats()).toMatchObject({ sess_accept: 1, sess_accept_good: 0, sess_hits: 1 });
    expect(clientCache.stats()).toMatchObject({ sess_connect: 1, sess_connect_good: 0 });
  });

  it('an expired ticket is a sess_timeouts on the server and a full handshake', () => {
    const clock = manualClock(Date.now());
    const { config, cache } = statelessServer(clock, { timeoutSeconds: 60 });
    const [session] = tickets(config, { now: clock.now });
    clock.advance(61_000);
    // The client's clock lags, so it still offers the ticket.
    const lagging = () => clock.now() - 2_000;
    const { client, server } = connect(
      { ...config, sessionCache: cache },
      { session: session!, now: lagging, verifyHostname: false },
    );
    expect(server.handshakeComplete).toBe(true);
    expect(server.negotiated.resumed).toBeUndefined();
    expect(cache.stats()).toMatchObject({ sess_timeouts: 1, sess_hits: 0 });
    expect(client.negotiated.resumed).toBeUndefined();
  });

  it('a resumed client session leaves the client cache (single use)', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock);
    const clientCache = new SessionCache({ clock: clock.now, mode: 3 });
    const [session] = tickets(config, { now: clock.now });
    const withId = session!.with({ sessionId: nobleProvider.random(32) });
    clientCache.add(withId);
    expect(clientCache.size).toBe(1);
    const { client } = connect(config, {
      session: withId,
      now: clock.now,
      sessionCache: clientCache,
    });
    expect(client.negotiated.resumed).toBe(true);
    expect(clientCache.size).toBe(0);
  });
});

describe('fallbacks and refusals', () => {
  it('a tampered ticket falls back to a full handshake (no alert)', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock);
    const [session] = tickets(config, { now: clock.now });
    const ticket = session!.ticket!.slice();
    ticket[ticket.length - 3]! ^= 0x40;
    const { client, server, seen } = connect(config, {
      session: session!.with({ ticket }),
      now: clock.now,
    });
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(server.negotiated.resumed).toBeUndefined();
    expect(alertSent(client.takeEvents())).toBeUndefined();
    expect(handshakeTypes(seen)).toContain(CERTIFICATE);
  });

  it('an expired ticket is not offered by the client (engine and ClientSessionCache)', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock, { timeoutSeconds: 60 });
    const [session] = tickets(config, { now: clock.now });
    const store = new ClientSessionCache({ clock: clock.now });
    const server = { host: 'localhost', port: 443 };
    store.add(server, session!);
    expect(store.peek(server)).toHaveLength(1);
    clock.advance(61_000);
    expect(store.take(server)).toBeUndefined();
    const { client } = pair(clientConfig({ session: session!, now: clock.now }), config);
    const ch = plaintextMessages(client.takeOutput())[0]!.parsed as ClientHello;
    expect(ch.extensions.map((e) => e.kind)).not.toContain('pre_shared_key');
    // Control: before expiry the same session is offered.
    const fresh = pair(clientConfig({ session: session!, now: () => clock.now() - 2_000 }), config);
    const ch2 = plaintextMessages(fresh.client.takeOutput())[0]!.parsed as ClientHello;
    expect(ch2.extensions.map((e) => e.kind)).toContain('pre_shared_key');
  });

  it('a resumed handshake carries no Certificate, CertificateRequest or CertificateVerify', () => {
    const clock = manualClock(Date.now());
    const { config } = statelessServer(clock, {}, { clientAuth: 'optional', verifyMode: 'none' });
    const full = connect(config, { now: clock.now });
    expect(handshakeTypes(full.seen)).toEqual(
      expect.arrayContaining([CERTIFICATE, CERTIFICATE_REQUEST, CERTIFICATE_VERIFY]),
    );
    const [session] = sessionsOf(full.client.takeEvents());
    const resumed = connect(config, { session: session!, now: clock.now });
    expect(resumed.client.negotiated.resumed).toBe(true);
    const types = handshakeTypes(resumed.seen);
    expect(types).toContain(20); // Finished
    for (const t of [CERTIFICATE, CERTIFICATE_REQUEST, CERTIFICATE_VERIFY]) {
      expect(types).not.toContain(t);
    }
  });
});
