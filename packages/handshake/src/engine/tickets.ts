import type { CipherSuite } from '@strata/crypto';
import type { Certificate } from '@strata/pki';
import { TICKET_AGE_TOLERANCE_MS, type TicketIssuer, Tls13Session } from '@strata/session';
import type { PskMode } from '../config.js';
import { MAX_TICKET_LIFETIME, type NewSessionTicket } from '../msgs/new-session-ticket.js';
import { resumptionPsk } from '../tls13/key-schedule.js';
import { peerCertificateCache } from './certificate-cache.js';
import type { EngineContext } from './context.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** What a server needs to issue tickets (the session layer's issuer). */
export interface TicketConfig {
  /** `StatelessTickets` or `StatefulTickets` from @strata/session. */
  readonly issuer: TicketIssuer;
  /** Tickets after a full handshake (default 2, like `SSL_CTX_set_num_tickets`); at most 1 after a resumption. */
  readonly count?: number;
  /** Session timeout in seconds (default 7200, OpenSSL 3's); the ticket lifetime is min(timeout, 7 days). */
  readonly timeoutSeconds?: number;
  /**
   * psk_key_exchange_modes the server accepts (default `['psk_dhe_ke']`).
   * With both, psk_dhe_ke wins when the client offers it (OpenSSL's and
   * rustls' choice); psk_ke alone resumes without (EC)DHE.
   */
  readonly pskModes?: readonly PskMode[];
  /**
   * How far (ms) the client's view of a ticket's age (from
   * `obfuscated_ticket_age`) may differ from the server's before the PSK is
   * refused and a full handshake follows (RFC 8446 §4.2.11.1, §8.3). Default
   * 10 000, OpenSSL's `TICKET_AGE_ALLOWANCE` (which OpenSSL applies to 0-RTT
   * only); `Infinity` turns the check off.
   */
  readonly ticketAgeToleranceMs?: number;
  /** Session id context (OpenSSL's sid_ctx) stamped on issued sessions and required on resumption. */
  readonly sidCtx?: Uint8Array;
}

export const DEFAULT_TICKET_COUNT = 2;
export const DEFAULT_TICKET_TIMEOUT_SECONDS = 7200;
/** OpenSSL's `TICKET_AGE_ALLOWANCE` (ssl/statem/extensions_srvr.c), 10 s. */
export const DEFAULT_TICKET_AGE_TOLERANCE_MS = TICKET_AGE_TOLERANCE_MS;

const encoder = /* @__PURE__ */ new TextEncoder();

/** The session fields both sides take from the negotiated parameters. */
function common(ctx: EngineContext): {
  peerCertificates: Uint8Array[];
  verifyResult: number;
  alpn?: Uint8Array;
  serverName?: string;
} {
  const n = ctx.negotiated;
  return {
    peerCertificates: (n.peerCertificates ?? []).map((c) => c.der),
    verifyResult: n.verifyResult?.error ?? 0,
    ...(n.alpn !== undefined ? { alpn: encoder.encode(n.alpn) } : {}),
    ...(n.serverName !== undefined ? { serverName: n.serverName } : {}),
  };
}

/**
 * Server, after the client's Finished (RFC 8446 §4.6.1): `count`
 * NewSessionTickets, each with its own nonce and PSK, sealed by the issuer.
 * A session the issuer cannot fit in a ticket (RangeError) gets none.
 */
export function sendTickets(
  ctx: EngineContext,
  tickets: TicketConfig,
  suite: Tls13Suite,
  resumptionMasterSecret: Uint8Array,
  now: number,
  resumed: boolean,
): void {
  const count = resumed
    ? Math.min(1, tickets.count ?? DEFAULT_TICKET_COUNT)
    : (tickets.count ?? DEFAULT_TICKET_COUNT);
  const lifetime = Math.min(
    tickets.timeoutSeconds ?? DEFAULT_TICKET_TIMEOUT_SECONDS,
    MAX_TICKET_LIFETIME,
  );
  for (let i = 0; i < count; i++) {
    const nonce = new Uint8Array([i]);
    const ageAdd = ctx.provider.random(4);
    const ticketAgeAdd =
      ((ageAdd[0]! << 24) | (ageAdd[1]! << 16) | (ageAdd[2]! << 8) | ageAdd[3]!) >>> 0;
    const session = new Tls13Session({
      cipherSuite: suite.code,
      createdAtMs: now,
      timeoutSeconds: lifetime,
      psk: resumptionPsk(suite.hash, resumptionMasterSecret, nonce),
      ticketAgeAdd,
      ticketLifetimeSeconds: lifetime,
      ...(tickets.sidCtx !== undefined ? { sidCtx: tickets.sidCtx } : {}),
      ...common(ctx),
    });
    let ticket: Uint8Array;
    try {
      ticket = tickets.issuer.issue(session).ticket;
    } catch (e) {
      if (e instanceof RangeError) return;
      throw e;
    }
    ctx.send({
      kind: 'new_session_ticket',
      ticketLifetime: lifetime,
      ticketAgeAdd,
      ticketNonce: nonce,
      ticket,
      extensions: [],
    });
  }
}

/**
 * Client, on a NewSessionTicket: the session to offer next time, or
 * `undefined` for a lifetime of 0 ("discard immediately").
 */
export function sessionFromTicket(
  ctx: EngineContext,
  nst: NewSessionTicket,
  suite: Tls13Suite,
  resumptionMasterSecret: Uint8Array,
  now: number,
): Tls13Session | undefined {
  if (nst.ticketLifetime === 0) return undefined;
  const early = nst.extensions.find((e) => e.kind === 'early_data');
  return new Tls13Session({
    cipherSuite: suite.code,
    createdAtMs: now,
    timeoutSeconds: nst.ticketLifetime,
    psk: resumptionPsk(suite.hash, resumptionMasterSecret, nst.ticketNonce),
    ticketAgeAdd: nst.ticketAgeAdd,
    ticketLifetimeSeconds: nst.ticketLifetime,
    ticket: nst.ticket,
    ...(early && early.kind === 'early_data' ? { maxEarlyData: early.value as number } : {}),
    ...common(ctx),
  });
}

/** The peer chain a resumed session recorded (DER), parsed; empty if it no longer parses. */
export function peerChainOf(session: Tls13Session): readonly Certificate[] {
  try {
    return session.peerCertificates.map((der) => peerCertificateCache.parse(der));
  } catch {
    return [];
  }
}
