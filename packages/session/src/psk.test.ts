import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0, tls13 } from '../test/helpers.js';
import {
  clientTicketAge,
  isTicketAgeAcceptable,
  obfuscatedTicketAge,
  TICKET_AGE_TOLERANCE_MS,
} from './index.js';

describe('ticket age', () => {
  it('obfuscates by adding ticket_age_add modulo 2^32 (RFC 8446 §4.2.11)', () => {
    const s = tls13({ ticketAgeAdd: 0xffff_fff0, createdAtMs: T0 });
    expect(obfuscatedTicketAge(s, T0 + 0x20)).toBe(0x10);
    expect(clientTicketAge(s, 0x10)).toBe(0x20);
  });

  it('recovers the age from the obfuscated age for any ticket_age_add', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 604_800_000 }),
        (add, age) => {
          const s = tls13({ ticketAgeAdd: add, createdAtMs: T0 });
          expect(clientTicketAge(s, obfuscatedTicketAge(s, T0 + age))).toBe(age);
        },
      ),
    );
  });

  it('accepts ages within the tolerance and the lifetime only', () => {
    const s = tls13({ ticketAgeAdd: 12345, createdAtMs: T0, ticketLifetimeSeconds: 60 });
    const claim = (ageMs: number) => obfuscatedTicketAge(s, T0 + ageMs);
    expect(TICKET_AGE_TOLERANCE_MS).toBe(10_000);
    expect(isTicketAgeAcceptable(s, claim(5_000), T0 + 5_500)).toBe(true);
    expect(isTicketAgeAcceptable(s, claim(5_000), T0 + 15_000)).toBe(true);
    expect(isTicketAgeAcceptable(s, claim(5_000), T0 + 15_001)).toBe(false);
    expect(isTicketAgeAcceptable(s, claim(20_000), T0 + 5_000)).toBe(false);
    expect(isTicketAgeAcceptable(s, claim(60_000), T0 + 60_001)).toBe(false);
  });
});
