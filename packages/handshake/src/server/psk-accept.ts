import { type CipherSuite, type CryptoProvider, cipherSuiteByCode } from '@strata/crypto';
import { clientTicketAge, isTls13Session, type Tls13Session } from '@strata/session';
import { equalBytes, TlsError } from '@strata/wire';
import type { PskMode, ResolvedServer } from '../config.js';
import { PskAuthenticated } from '../engine/proofs.js';
import { DEFAULT_TICKET_AGE_TOLERANCE_MS } from '../engine/tickets.js';
import { type ClientHello, truncatedClientHello } from '../msgs/client-hello.js';
import { PskKeyExchangeMode } from '../msgs/codes.js';
import { extensionValue } from '../msgs/extensions/block.js';
import { KeyScheduleEarly, type SecretObserver } from '../tls13/key-schedule.js';
import { Transcript } from '../tls13/transcript.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** A PSK the server accepts: the proof, the identity to select, its early key schedule, the mode. */
export interface AcceptedPsk {
  readonly auth: PskAuthenticated;
  readonly index: number;
  readonly early: KeyScheduleEarly;
  /** psk_dhe_ke: the ServerHello carries a key share; psk_ke: it does not. */
  readonly mode: PskMode;
}

/**
 * The mode to use: psk_dhe_ke when both sides allow it (forward secrecy, as
 * OpenSSL and rustls prefer), else psk_ke when both allow that, else none.
 */
export function choosePskMode(
  allowed: readonly PskMode[],
  offered: readonly number[],
): PskMode | undefined {
  if (allowed.includes('psk_dhe_ke') && offered.includes(PskKeyExchangeMode.psk_dhe_ke)) {
    return 'psk_dhe_ke';
  }
  if (allowed.includes('psk_ke') && offered.includes(PskKeyExchangeMode.psk_ke)) return 'psk_ke';
  return undefined;
}

/**
 * RFC 8446 §4.2.11.1/§8.3: whether the age the client claims
 * (obfuscated_ticket_age − ticket_age_add) is within `toleranceMs` of the
 * server's own (now − issue time). Also false past the ticket's lifetime.
 */
export function ticketAgeFresh(
  session: Tls13Session,
  obfuscatedAge: number,
  nowMs: number,
  toleranceMs: number,
): boolean {
  if (toleranceMs === Number.POSITIVE_INFINITY) return true;
  const serverAge = nowMs - session.createdAtMs;
  if (serverAge > session.ticketLifetimeSeconds * 1000) return false;
  const claimed = clientTicketAge(session, obfuscatedAge);
  return Math.abs(claimed - Math.max(0, serverAge)) <= toleranceMs;
}

/**
 * RFC 8446 §4.2.11: the first offered identity that the ticket issuer opens
 * to a live TLS 1.3 session of the negotiated suite's hash, whose ticket age
 * is plausible and which the session cache accepts (when the config has
 * one), once its binder verifies (`decrypt_error` otherwise). Unknown,
 * expired, tampered, replayed, stale or mismatched tickets mean "no PSK": a
 * full handshake, never an alert. The mode comes from psk_key_exchange_modes
 * and `tickets.pskModes`.
 */
export function acceptPsk(
  config: ResolvedServer,
  provider: CryptoProvider,
  ch: ClientHello,
  encoded: Uint8Array,
  suite: Tls13Suite,
  prefix: Transcript | undefined,
  observe: SecretObserver | undefined,
): AcceptedPsk | undefined {
  const tickets = config.tickets;
  const offered = extensionValue(ch.extensions, 'pre_shared_key');
  if (!tickets || !offered) return undefined;
  const modes = extensionValue(ch.extensions, 'psk_key_exchange_modes') ?? [];
  const mode = choosePskMode(config.pskModes, modes);
  if (mode === undefined) return undefined;
  if (offered.binders.length !== offered.identities.length) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_PSK_BINDER_COUNT',
      'tls: pre_shared_key has not one binder per identity',
    );
  }
  const cache = config.sessionCache;
  const now = config.now();
  const tolerance = tickets.ticketAgeToleranceMs ?? DEFAULT_TICKET_AGE_TOLERANCE_MS;
  for (let index = 0; index < offered.identities.length; index++) {
    const identity = offered.identities[index]!;
    const opened = tickets.issuer.inspect(identity.identity);
    if (opened.status !== 'ok' && opened.status !== 'expired') continue;
    if (!isTls13Session(opened.session)) continue;
    const found = opened.session;
    const sessionSuite = cipherSuiteByCode(provider, found.cipherSuite);
    if (sessionSuite?.version !== 'TLS1.3' || sessionSuite.hash.name !== suite.hash.name) continue;
    const sidCtx = tickets.sidCtx ?? new Uint8Array(0);
    // OpenSSL's ssl_get_prev_session: sess_timeouts for an expired session.
    if (opened.status === 'expired') {
      cache?.accept(found, { version: 0x0304, sidCtx }, false);
      continue;
    }
    if (!ticketAgeFresh(found, identity.obfuscatedTicketAge, now, tolerance)) continue;
    let session: Tls13Session = found;
    if (cache) {
      // sess_hits (or a mismatch of sid_ctx or version: no PSK).
      const verdict = cache.accept(found, { version: 0x0304, sidCtx }, false);
      if (verdict.status !== 'hit' || !isTls13Session(verdict.session)) continue;
      session = verdict.session;
    } else if (!equalBytes(found.sidCtx, sidCtx)) {
      continue;
    }
    const early = KeyScheduleEarly.start(suite.hash, session.psk, observe);
    const transcript = prefix ? prefix.fork() : new Transcript(suite.hash);
    transcript.add(truncatedClientHello(ch, encoded));
    const binderKey = early.binderKey('resumption');
    const auth = PskAuthenticated.bound(
      provider,
      session,
      suite.hash,
      binderKey,
      transcript.current(),
      offered.binders[index]!,
    );
    binderKey.fill(0);
    return { auth, index, early, mode };
  }
  return undefined;
}
