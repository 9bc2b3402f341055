// The README's example, run as written (with a manual clock), so that it stays correct.
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import {
  ClientSessionCache,
  decodeSession,
  derivePsk,
  encodeSession,
  manualClock,
  obfuscatedTicketAge,
  SessionCache,
  StatelessTickets,
  TicketKeys,
  TLS1_3_VERSION,
  Tls13Session,
} from './index.js';

describe('README example', () => {
  it('issues a ticket, caches it on the client, resumes once and round-trips the session', () => {
    const clock = manualClock();
    const now = clock.now;

    // --- server: one per SSL_CTX
    const cache = new SessionCache({ clock: now }); // 20480 sessions, 7200 s, SSL_SESS_CACHE_SERVER
    const keys = new TicketKeys({ provider: nobleProvider, clock: now }); // AES-256-GCM, rotated hourly
    const tickets = new StatelessTickets({ keys, provider: nobleProvider, clock: now, cache });

    // After the handshake: the PSK of this ticket (RFC 8446 §4.6.1).
    const hash = nobleProvider.hashes.sha256;
    const resumptionMasterSecret = nobleProvider.random(32); // from the key schedule
    const ticketNonce = new Uint8Array([0]);
    const serverSession = new Tls13Session({
      cipherSuite: 0x1301, // TLS_AES_128_GCM_SHA256
      createdAtMs: now(),
      timeoutSeconds: cache.timeoutSeconds,
      psk: derivePsk(hash, resumptionMasterSecret, ticketNonce),
      ticketAgeAdd: new DataView(nobleProvider.random(4).buffer).getUint32(0),
      ticketLifetimeSeconds: Math.min(cache.timeoutSeconds, 604_800),
      serverName: 'example.com',
    });
    const { ticket } = tickets.issue(serverSession); // goes into NewSessionTicket.ticket

    // --- client: remembers the ticket for example.com:443
    const clientCache = new ClientSessionCache({ clock: now });
    const server = { host: 'example.com', port: 443 };
    clientCache.add(server, serverSession.with({ ticket }));

    // --- later: the client offers it (once), the server opens it
    clock.advance(30_000);
    const offer = clientCache.take(server);
    expect(offer?.version).toBe(TLS1_3_VERSION);
    if (offer?.version !== TLS1_3_VERSION || offer.ticket === undefined)
      throw new Error('no ticket');
    const identity = offer.ticket;
    const age = obfuscatedTicketAge(offer, now()); // PskIdentity.obfuscated_ticket_age
    expect(age).toBe((30_000 + offer.ticketAgeAdd) % 2 ** 32);

    const found = tickets.inspect(identity);
    let psk: Uint8Array | undefined;
    if (found.status === 'ok' || found.status === 'expired') {
      const verdict = cache.accept(found.session, { version: TLS1_3_VERSION }, false);
      if (verdict.status === 'hit' && verdict.session.version === TLS1_3_VERSION) {
        psk = verdict.session.psk; // verify the binder with it
      }
    }
    expect(psk).toEqual(offer.psk);
    expect(cache.stats().sess_hits).toBe(1);
    expect(clientCache.take(server)).toBeUndefined(); // single use

    // --- i2d_SSL_SESSION / d2i_SSL_SESSION
    const bytes = encodeSession(offer);
    expect(decodeSession(bytes).params()).toEqual(offer.params());
  });
});
