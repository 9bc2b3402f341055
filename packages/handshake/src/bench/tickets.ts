/**
 * A stateless ticket issuer for benchmarks (this package's and
 * tooling/bench's, which has no dependency on @strata/session of its own).
 */
import type { CryptoProvider } from '@strata/crypto';
import { StatelessTickets, TicketKeys, type Tls13Session } from '@strata/session';
import type { ClientConnection } from '../client/connection.js';
import type { TicketConfig } from '../engine/tickets.js';

/** Server `tickets` config: a fresh stateless issuer, psk_dhe_ke and psk_ke accepted. */
export function benchTicketConfig(provider: CryptoProvider): TicketConfig {
  return {
    issuer: new StatelessTickets({ keys: new TicketKeys({ provider }), provider }),
    pskModes: ['psk_dhe_ke', 'psk_ke'],
  };
}

/** The first ticket's session among a client's events, if any. */
export function firstTicket(client: ClientConnection): Tls13Session | undefined {
  for (const e of client.takeEvents()) {
    if (e.type === 'new_session_ticket' && e.session) return e.session;
  }
  return undefined;
}
