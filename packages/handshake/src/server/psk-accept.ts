import { type CipherSuite, type CryptoProvider, cipherSuiteByCode } from '@strata/crypto';
import { isTls13Session } from '@strata/session';
import { TlsError } from '@strata/wire';
import type { ResolvedServer } from '../config.js';
import { PskAuthenticated } from '../engine/proofs.js';
import { type ClientHello, truncatedClientHello } from '../msgs/client-hello.js';
import { PskKeyExchangeMode } from '../msgs/codes.js';
import { extensionValue } from '../msgs/extensions/block.js';
import { KeyScheduleEarly, type SecretObserver } from '../tls13/key-schedule.js';
import { Transcript } from '../tls13/transcript.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** A PSK the server accepts: the proof, the identity to select, its early key schedule. */
export interface AcceptedPsk {
  readonly auth: PskAuthenticated;
  readonly index: number;
  readonly early: KeyScheduleEarly;
}

/**
 * RFC 8446 §4.2.11: the first offered identity that the ticket issuer opens
 * to a live TLS 1.3 session of the negotiated suite's hash, once its binder
 * verifies (`decrypt_error` otherwise). Unknown, expired, tampered or
 * mismatched tickets mean "no PSK": a full handshake, never an alert. Only
 * psk_dhe_ke is accepted (a key share is always used).
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
  if (!modes.includes(PskKeyExchangeMode.psk_dhe_ke)) return undefined;
  if (offered.binders.length !== offered.identities.length) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_PSK_BINDER_COUNT',
      'tls: pre_shared_key has not one binder per identity',
    );
  }
  for (let index = 0; index < offered.identities.length; index++) {
    const opened = tickets.issuer.inspect(offered.identities[index]!.identity);
    if (opened.status !== 'ok' || !isTls13Session(opened.session)) continue;
    const session = opened.session;
    const sessionSuite = cipherSuiteByCode(provider, session.cipherSuite);
    if (sessionSuite?.version !== 'TLS1.3' || sessionSuite.hash.name !== suite.hash.name) continue;
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
    return { auth, index, early };
  }
  return undefined;
}
