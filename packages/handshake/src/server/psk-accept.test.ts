import { obfuscatedTicketAge, Tls13Session } from '@strata/session';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PskKeyExchangeMode } from '../msgs/codes.js';
import { choosePskMode, ticketAgeFresh } from './psk-accept.js';

const { psk_ke: KE, psk_dhe_ke: DHE } = PskKeyExchangeMode;

describe('choosePskMode', () => {
  it('prefers psk_dhe_ke, falls back to psk_ke, else none', () => {
    expect(choosePskMode(['psk_dhe_ke', 'psk_ke'], [KE, DHE])).toBe('psk_dhe_ke');
    expect(choosePskMode(['psk_ke', 'psk_dhe_ke'], [KE])).toBe('psk_ke');
    expect(choosePskMode(['psk_dhe_ke'], [KE])).toBeUndefined();
    expect(choosePskMode(['psk_ke'], [DHE])).toBeUndefined();
    expect(choosePskMode(['psk_dhe_ke'], [0x2a, DHE])).toBe('psk_dhe_ke'); // GREASE ignored
    expect(choosePskMode(['psk_dhe_ke', 'psk_ke'], [])).toBeUndefined();
  });
});

describe('ticketAgeFresh', () => {
  it('accepts exactly the client ages within the tolerance of the server age, for any ticket_age_add', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 7_000_000 }),
        fc.integer({ min: -30_000, max: 30_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (ageAdd, serverAgeMs, skewMs, tolerance) => {
          const issued = 1_700_000_000_000;
          const session = new Tls13Session({
            cipherSuite: 0x1301,
            createdAtMs: issued,
            timeoutSeconds: 7200,
            psk: new Uint8Array(32),
            ticketAgeAdd: ageAdd,
            ticketLifetimeSeconds: 7200,
          });
          const now = issued + serverAgeMs;
          // The client measured (serverAge + skew) since it received the ticket.
          const clientView = session.with({ createdAtMs: issued - skewMs });
          const obfuscated = obfuscatedTicketAge(clientView, now);
          const claimed = Math.max(0, serverAgeMs + skewMs);
          const within = Math.abs(claimed - serverAgeMs) <= tolerance;
          const alive = serverAgeMs <= 7_200_000;
          expect(ticketAgeFresh(session, obfuscated, now, tolerance)).toBe(within && alive);
        },
      ),
    );
  });

  it('refuses a ticket past its lifetime even with a matching age; Infinity accepts any age', () => {
    const session = new Tls13Session({
      cipherSuite: 0x1301,
      createdAtMs: 0,
      timeoutSeconds: 60,
      psk: new Uint8Array(32),
      ticketAgeAdd: 5,
      ticketLifetimeSeconds: 60,
    });
    expect(ticketAgeFresh(session, obfuscatedTicketAge(session, 60_000), 60_000, 10_000)).toBe(
      true,
    );
    expect(ticketAgeFresh(session, obfuscatedTicketAge(session, 60_001), 60_001, 10_000)).toBe(
      false,
    );
    expect(ticketAgeFresh(session, 12345, 1_000, Number.POSITIVE_INFINITY)).toBe(true);
  });
});
