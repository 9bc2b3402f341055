import { type CipherSuite, cipherSuiteByCode } from '@strata/crypto';
import { obfuscatedTicketAge, type Tls13Session } from '@strata/session';
import type { ResolvedClient } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import { type ClientHello, truncatedClientHello, withPskBinders } from '../msgs/client-hello.js';
import type { ClientHelloExtension } from '../msgs/extensions/contexts.js';
import { type Decoded, encodeHandshakeMessage } from '../msgs/handshake-message.js';
import { finishedVerifyData, KeyScheduleEarly } from '../tls13/key-schedule.js';
import { Transcript } from '../tls13/transcript.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** A resumption PSK the client offers (RFC 8446 §4.2.11), with its early key schedule. */
export interface PskOffer {
  readonly session: Tls13Session;
  /** The session's suite: its hash is the PSK's. */
  readonly suite: Tls13Suite;
  readonly early: KeyScheduleEarly;
}

/**
 * The session to offer, if it can be: it has a ticket, has not expired, and
 * its suite's hash is one of the configured suites' hashes.
 */
export function pskOffer(config: ResolvedClient, ctx: EngineContext): PskOffer | undefined {
  const session = config.session;
  if (!session?.ticket || session.isExpired(config.now())) return undefined;
  const suite = cipherSuiteByCode(ctx.provider, session.cipherSuite);
  if (suite?.version !== 'TLS1.3') return undefined;
  if (!config.suites.some((s) => s.hash.name === suite.hash.name)) return undefined;
  return {
    session,
    suite,
    early: KeyScheduleEarly.start(suite.hash, session.psk, ctx.secretObserver()),
  };
}

/** The pre_shared_key extension with a zero placeholder binder of the hash's length. */
export function pskExtension(
  offer: PskOffer,
  now: number,
): Extract<ClientHelloExtension, { kind: 'pre_shared_key' }> {
  return {
    kind: 'pre_shared_key',
    value: {
      identities: [
        {
          identity: offer.session.ticket!,
          obfuscatedTicketAge: obfuscatedTicketAge(offer.session, now),
        },
      ],
      binders: [new Uint8Array(offer.suite.hash.outputLength)],
    },
  };
}

/**
 * Encodes a ClientHello that ends with our pre_shared_key and fills in the
 * binder: HMAC over the transcript up to the truncated ClientHello
 * (`prefix` holds message_hash and the HelloRetryRequest for a second
 * ClientHello), keyed from the PSK's binder key (RFC 8446 §4.2.11.2).
 */
export function bindClientHello(
  ch: ClientHello,
  offer: PskOffer,
  prefix: Transcript | undefined,
): Decoded<ClientHello> {
  const encoded = encodeHandshakeMessage(ch);
  const transcript = prefix ? prefix.fork() : new Transcript(offer.suite.hash);
  transcript.add(truncatedClientHello(ch, encoded));
  const binderKey = offer.early.binderKey('resumption');
  const binder = finishedVerifyData(offer.suite.hash, binderKey, transcript.current());
  binderKey.fill(0);
  return withPskBinders(ch, encoded, [binder]);
}
