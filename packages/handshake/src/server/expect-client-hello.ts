import type { CipherSuite, KeyExchangeGroup } from '@strata/crypto';
import { equalBytes, TlsError } from '@strata/wire';
import { type ResolvedServer, resolveServer } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import type { HandshakeState } from '../engine/state.js';
import { expectMessage } from '../engine/unexpected.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { ProtocolVersion } from '../msgs/codes.js';
import { extensionValue } from '../msgs/extensions/block.js';
import { hostNameOf } from '../msgs/extensions/server-name.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import type { HelloRetryRequest } from '../msgs/server-hello.js';
import { Transcript } from '../tls13/transcript.js';
import { negotiate } from './negotiate.js';
import { acceptPsk, choosePskMode } from './psk-accept.js';
import { sendServerFlight } from './server-flight.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** After a HelloRetryRequest: what the second ClientHello must match. */
interface Retry {
  readonly suite: Tls13Suite;
  readonly group: KeyExchangeGroup;
  readonly transcript: Transcript;
  readonly config: ResolvedServer;
  /** The cookie the HelloRetryRequest carried, which the second ClientHello must echo. */
  readonly cookie: Uint8Array | undefined;
}

function offersEarlyData(ch: ClientHello): boolean {
  return ch.extensions.some((e) => e.kind === 'early_data');
}

/** RFC 8446 §4.2.2: the second ClientHello echoes the HelloRetryRequest's cookie exactly. */
function checkCookie(sent: Uint8Array | undefined, echoed: Uint8Array | undefined): void {
  const same =
    sent === undefined ? echoed === undefined : echoed !== undefined && equalBytes(sent, echoed);
  if (!same) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_COOKIE_MISMATCH',
      'tls: the second ClientHello does not echo the HelloRetryRequest cookie',
    );
  }
}

/**
 * RFC 8446 §4.1.2: waits for the ClientHello (or, after a HelloRetryRequest,
 * the second one), negotiates, and sends the server's whole first flight.
 */
export class ExpectClientHello implements HandshakeState {
  readonly name: string;
  readonly #config: ResolvedServer;
  readonly #retry: Retry | undefined;

  constructor(config: ResolvedServer, retry?: Retry) {
    this.#config = config;
    this.#retry = retry;
    this.name = retry ? 'ExpectSecondClientHello' : 'ExpectClientHello';
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const ch = expectMessage(message, this.name, 'client_hello');
    const retry = this.#retry;
    if (!retry) ctx.clientRandom = ch.random;
    const config = retry ? retry.config : this.#sniConfig(ch);
    const choice = negotiate(config, ch, retry);
    // A psk_ke resumption needs no key share: no HelloRetryRequest for one
    // (as OpenSSL with SSL_OP_ALLOW_NO_DHE_KEX). Tried only when psk_ke is
    // the mode both sides would use; a PSK refused here (then the
    // HelloRetryRequest follows) is looked at again in the second ClientHello.
    const pskOnly =
      !choice.share &&
      choosePskMode(
        config.pskModes,
        extensionValue(ch.extensions, 'psk_key_exchange_modes') ?? [],
      ) === 'psk_ke'
        ? acceptPsk(
            config,
            ctx.provider,
            ch,
            message.encoded,
            choice.suite,
            retry?.transcript,
            ctx.secretObserver(),
          )
        : undefined;
    if (!choice.share && !pskOnly) {
      // RFC 8446 §4.1.4: ask for a key share of the group we prefer.
      const transcript = new Transcript(choice.suite.hash);
      transcript.add(message.encoded).replaceWithMessageHash();
      let request: HelloRetryRequest = {
        kind: 'hello_retry_request',
        legacyVersion: ProtocolVersion.tls1_2,
        legacySessionIdEcho: ch.legacySessionId,
        cipherSuite: choice.suite.code,
        legacyCompressionMethod: 0,
        extensions: [
          { kind: 'key_share', value: choice.group.code },
          { kind: 'supported_versions', value: ProtocolVersion.tls1_3 },
        ],
      };
      if (config.hooks.helloRetryRequest) request = config.hooks.helloRetryRequest(request);
      const hrr = ctx.send(request);
      transcript.add(hrr.encoded);
      if (ch.legacySessionId.length > 0) ctx.middleboxCcs();
      // 0-RTT data sent after this ClientHello is skipped until the second one.
      if (offersEarlyData(ch)) ctx.reader.skipEarlyData(config.maxSkippedEarlyData);
      ctx.negotiated.helloRetry = true;
      return new ExpectClientHello(config, {
        suite: choice.suite,
        group: choice.group,
        transcript,
        config,
        cookie: extensionValue(request.extensions, 'cookie'),
      });
    }
    if (retry) {
      checkCookie(retry.cookie, extensionValue(ch.extensions, 'cookie'));
      if (offersEarlyData(ch)) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_EARLY_DATA_AFTER_HRR',
          'tls: a second ClientHello offers early_data (RFC 8446 §4.2.10)',
        );
      }
    }
    const psk =
      pskOnly ??
      acceptPsk(
        config,
        ctx.provider,
        ch,
        message.encoded,
        choice.suite,
        retry?.transcript,
        ctx.secretObserver(),
      );
    const transcript = retry ? retry.transcript : new Transcript(choice.suite.hash);
    transcript.add(message.encoded);
    const next = sendServerFlight(config, ch, choice, transcript, ctx, psk);
    // Strata never accepts 0-RTT: the client's early data fails to decrypt
    // under the handshake keys and is skipped (RFC 8446 §4.2.10).
    if (offersEarlyData(ch)) ctx.reader.skipEarlyData(config.maxSkippedEarlyData);
    return next;
  }

  /** The SNI callback may switch to another configuration (certificate, ALPN, …). */
  #sniConfig(ch: ClientHello): ResolvedServer {
    const callback = this.#config.config.sniCallback;
    if (!callback) return this.#config;
    const names = extensionValue(ch.extensions, 'server_name');
    const other = callback(names ? hostNameOf(names) : undefined);
    return other ? resolveServer(other) : this.#config;
  }
}
