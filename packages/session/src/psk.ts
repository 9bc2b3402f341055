import type { HashAlgorithm } from '@strata/crypto';
import { hkdfExpandLabel } from '@strata/crypto';
import type { Tls13Session } from './session.js';

/**
 * The PSK of one TLS 1.3 ticket, RFC 8446 §4.6.1:
 *
 *   HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)
 *
 * The handshake calls it when it sends (server) or receives (client) a
 * NewSessionTicket, and stores the result in the `Tls13Session`.
 */
export function derivePsk(
  hash: HashAlgorithm,
  resumptionMasterSecret: Uint8Array,
  ticketNonce: Uint8Array,
): Uint8Array {
  return hkdfExpandLabel(
    hash,
    resumptionMasterSecret,
    'resumption',
    ticketNonce,
    hash.outputLength,
  );
}

/**
 * OpenSSL's `TICKET_AGE_ALLOWANCE`: how far (ms) the client's view of a
 * ticket's age may differ from the server's before 0-RTT is refused.
 */
export const TICKET_AGE_TOLERANCE_MS = 10_000;

/**
 * The client's `obfuscated_ticket_age` for a ticket, RFC 8446 §4.2.11:
 * (age in ms + ticket_age_add) mod 2^32, where the age counts from when the
 * client received the ticket (`session.createdAtMs` on the client side).
 */
export function obfuscatedTicketAge(session: Tls13Session, nowMs: number): number {
  const age = Math.max(0, nowMs - session.createdAtMs);
  return (age + session.ticketAgeAdd) % 0x1_0000_0000;
}

/** The ticket age the client claims, recovered from `obfuscated_ticket_age` (mod 2^32). */
export function clientTicketAge(session: Tls13Session, obfuscatedAge: number): number {
  return (((obfuscatedAge - session.ticketAgeAdd) % 0x1_0000_0000) + 0x1_0000_0000) % 0x1_0000_0000;
}

/**
 * Server side: whether the age the client claims is within `toleranceMs` of
 * the server's own measure (now − when the ticket was issued), and the ticket
 * has not outlived its lifetime. Governs 0-RTT acceptance only (RFC 8446
 * §8.3); a ticket failing it may still be used for a 1-RTT resumption.
 */
export function isTicketAgeAcceptable(
  session: Tls13Session,
  obfuscatedAge: number,
  nowMs: number,
  toleranceMs: number = TICKET_AGE_TOLERANCE_MS,
): boolean {
  const serverAge = nowMs - session.createdAtMs;
  if (serverAge < 0 || serverAge > session.ticketLifetimeSeconds * 1000) return false;
  const claimed = clientTicketAge(session, obfuscatedAge);
  return Math.abs(claimed - serverAge) <= toleranceMs;
}
