// Replays test/c/stats.c — real OpenSSL 3.0 handshakes between two SSL_CTXs —
// through the calls the README's "What the handshake must do" prescribes, and
// compares every SSL_CTX_sess_* counter and callback count after each step.
import { nobleProvider } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import { describe, expect, it } from 'vitest';
import { cannotCompile, type Observations, recorded, runC } from '../test/c/harness.js';
import {
  manualClock,
  SSL_SESS_CACHE_SERVER,
  TLS1_3_VERSION,
  Tls12Session,
  Tls13Session,
} from './index.js';
import { STATS_VARIANTS, statsScenario as sharedScenario } from './testing/index.js';

const provider = { ...nobleProvider, random: seededRandom('stats') };
const sha256 = (b: Uint8Array) => nobleProvider.hashes.sha256.digest(b);

function statsScenario(): Observations {
  const clock = manualClock();
  const now = clock.now;
  return STATS_VARIANTS.flatMap((v) =>
    sharedScenario(v, {
      provider,
      clock: now,
      /** One connection, as the README's contract drives the caches. */
      connect: (s, offer, client) => {
        client.cache.countConnect();
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
          if (!resumed) client.cache.countConnectMiss();
        }
        if (v.version === TLS1_3_VERSION) {
          if (resumed) client.cache.remove(offer!); // single use
          for (let i = 0; i < (resumed ? 1 : 2); i++) {
            const fields = {
              cipherSuite: 0x1301,
              createdAtMs: now(),
              timeoutSeconds: 7200,
              psk: provider.random(32),
              ticketAgeAdd: i,
              ticketLifetimeSeconds: 7200,
            };
            const { ticket } = s.issuer.issue(new Tls13Session(fields));
            client.receive(new Tls13Session({ ...fields, ticket, sessionId: sha256(ticket) }));
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
            const id =
              s.cache.mode & SSL_SESS_CACHE_SERVER ? provider.random(32) : new Uint8Array(0);
            s.cache.updateCache(new Tls12Session({ ...common, sessionId: id }), 'server');
            client.receive(new Tls12Session({ ...common, sessionId: id }));
          } else {
            const { ticket } = s.issuer.issue(new Tls12Session(common));
            client.receive(new Tls12Session({ ...common, ticket, sessionId: sha256(ticket) }));
          }
        }
        client.cache.countConnectGood(resumed);
        s.cache.countAcceptGood();
        return resumed;
      },
    }),
  );
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
