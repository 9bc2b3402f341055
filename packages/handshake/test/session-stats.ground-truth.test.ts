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
import { manualClock, TLS1_3_VERSION, type Tls13Session } from '@strata/session';
import { observationsOf, STATS_VARIANTS, statsScenario } from '@strata/session/testing';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../src/client/connection.js';
import { ServerConnection } from '../src/server/connection.js';
import { clientConfig, handshake, serverConfig } from './helpers.js';

const expected = readFileSync(
  fileURLToPath(new URL('../../session/test/c/stats.expected', import.meta.url)),
  'utf8',
);

/** The TLS 1.3 variants of stats.c. */
const VARIANTS = STATS_VARIANTS.filter((v) => v.version === TLS1_3_VERSION);

describe('sessionCache counters against OpenSSL 3.0 (session/test/c/stats.expected)', () => {
  it('replays all six TLS 1.3 variants of stats.c', () => {
    expect(VARIANTS.map((v) => v.name)).toEqual([
      'tls13',
      'tls13_removecb',
      'tls13_noticket',
      'tls13_noticket_nostore',
      'tls13_off',
      'tls13_noticket_external',
    ]);
  });

  for (const v of VARIANTS) {
    it(`${v.name}: every SSL_CTX_sess_* counter and callback count after each step`, () => {
      const want = observationsOf(expected, v.name);
      expect(want.length).toBe(69);
      const clock = manualClock(Date.now());
      const got = statsScenario(v, {
        provider: nobleProvider,
        clock: clock.now,
        server: (base) => ({
          ...base,
          config: serverConfig({
            now: clock.now,
            sessionCache: base.cache,
            tickets: { issuer: base.issuer },
          }),
        }),
        /** One real handshake; the client keeps and announces each ticket as libssl does. */
        connect: (s, offer, client) => {
          const c = new ClientConnection(
            clientConfig({
              now: clock.now,
              sessionCache: client.cache,
              ...(offer ? { session: offer as Tls13Session } : {}),
            }),
          );
          const srv = new ServerConnection(s.config);
          handshake(c, srv);
          expect(c.handshakeComplete && srv.handshakeComplete).toBe(true);
          for (const e of c.takeEvents()) {
            if (e.type !== 'new_session_ticket' || !e.session) continue;
            client.receive(
              e.session.with({ sessionId: nobleProvider.hashes.sha256.digest(e.session.ticket!) }),
            );
          }
          return c.negotiated.resumed === true;
        },
      });
      expect(got).toEqual(want);
    });
  }
});
