import type { CipherSuite, KeyExchange } from '@strata/crypto';
import { equalBytes, TlsError } from '@strata/wire';
import type { ResolvedClient } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import { isIpLiteral } from '../engine/peer-certificates.js';
import { PskAuthenticated } from '../engine/proofs.js';
import { checkSolicited } from '../engine/solicited.js';
import type { HandshakeState } from '../engine/state.js';
import { peerChainOf } from '../engine/tickets.js';
import { expectMessage } from '../engine/unexpected.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { ExtensionType, ProtocolVersion } from '../msgs/codes.js';
import { extensionValue } from '../msgs/extensions/block.js';
import { GREASE_SEED_LENGTH, selectGrease } from '../msgs/grease.js';
import { type Decoded, encodeDecoded, type HandshakeMessage } from '../msgs/handshake-message.js';
import { downgradeSentinel } from '../msgs/random.js';
import type { HelloRetryRequest, ServerHello } from '../msgs/server-hello.js';
import { KeyScheduleEarly } from '../tls13/key-schedule.js';
import { Transcript, TranscriptBuffer } from '../tls13/transcript.js';
import { buildClientHello, type ClientHelloPlan } from './client-hello.js';
import { ExpectEncryptedExtensions } from './expect-encrypted-extensions.js';
import { bindClientHello, type PskOffer, pskExtension, pskOffer } from './psk-offer.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** What the client remembers of its ClientHello while waiting for the server's answer. */
export interface SentClientHello {
  readonly config: ResolvedClient;
  readonly plan: ClientHelloPlan;
  readonly hello: Decoded<ClientHello>;
  readonly shares: ReadonlyMap<number, KeyExchange>;
  /** Before a HelloRetryRequest the hash is unknown: the ClientHello is buffered. */
  readonly transcript: TranscriptBuffer | Transcript;
  /** Set after a HelloRetryRequest: the suite it named (the ServerHello must repeat it). */
  readonly retrySuite: Tls13Suite | undefined;
  /** The resumption PSK offered in this ClientHello, if any. */
  readonly offer: PskOffer | undefined;
}

/** Builds, binds (with a PSK) and sends a ClientHello. */
function sendHello(
  ctx: EngineContext,
  config: ResolvedClient,
  plan: ClientHelloPlan,
  shares: ReadonlyMap<number, KeyExchange>,
  cookie: Uint8Array | undefined,
  offer: PskOffer | undefined,
  prefix: Transcript | undefined,
): Decoded<ClientHello> {
  const ch = buildClientHello(
    config,
    plan,
    shares,
    cookie,
    offer ? pskExtension(offer, config.now()) : undefined,
  );
  const hello = offer ? bindClientHello(ch, offer, prefix) : encodeDecoded(ch);
  ctx.sendEncoded([hello.encoded]);
  return hello;
}

/** Sends the first ClientHello and returns the state that waits for its answer. */
export function startClient(config: ResolvedClient, ctx: EngineContext): ExpectServerHello {
  const random = ctx.provider.random(32);
  const legacySessionId = config.middleboxCompat ? ctx.provider.random(32) : new Uint8Array(0);
  const grease = config.grease ? selectGreaseFrom(ctx) : undefined;
  const plan: ClientHelloPlan = { random, legacySessionId, grease };
  const shares = new Map<number, KeyExchange>();
  for (const group of config.keyShareGroups)
    shares.set(group.code, group.start(ctx.provider.random));
  ctx.clientRandom = random;
  const offer = pskOffer(config, ctx);
  ctx.writer.recordVersion = 0x0301;
  const hello = sendHello(ctx, config, plan, shares, undefined, offer, undefined);
  ctx.writer.recordVersion = 0x0303;
  const transcript = new TranscriptBuffer();
  transcript.add(hello.encoded);
  return new ExpectServerHello({
    config,
    plan,
    hello,
    shares,
    transcript,
    retrySuite: undefined,
    offer,
  });
}

function selectGreaseFrom(ctx: EngineContext) {
  return selectGrease(ctx.provider.random(GREASE_SEED_LENGTH));
}

/**
 * RFC 8446 §4.1.3/§4.1.4: waits for ServerHello or HelloRetryRequest.
 */
export class ExpectServerHello implements HandshakeState {
  readonly name = 'ExpectServerHello';
  readonly #sent: SentClientHello;

  constructor(sent: SentClientHello) {
    this.#sent = sent;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const m = expectMessage(message, this.name, 'server_hello', 'hello_retry_request');
    const sent = this.#sent;
    checkCommon(m, sent);
    if (m.kind === 'hello_retry_request') return this.#retry(m, message.encoded, ctx);
    return this.#serverHello(m, message.encoded, ctx);
  }

  #serverHello(sh: ServerHello, encoded: Uint8Array, ctx: EngineContext): HandshakeState {
    const sent = this.#sent;
    const version = extensionValue(sh.extensions, 'supported_versions');
    if (version === undefined) {
      // A TLS 1.2 (or older) ServerHello: Strata's client speaks only TLS 1.3.
      if (downgradeSentinel(sh.random) !== undefined) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_DOWNGRADE_DETECTED',
          'tls: ServerHello.random carries a downgrade sentinel',
        );
      }
      throw new TlsError(
        'protocol_version',
        'HANDSHAKE_VERSION_UNSUPPORTED',
        'tls: the server chose a version below TLS 1.3',
      );
    }
    checkVersion(version);
    checkSolicited(sh.extensions, sent.hello.parsed.extensions, 'ServerHello');
    const suite = offeredSuite(sent, sh.cipherSuite);
    if (sent.retrySuite && sent.retrySuite.code !== suite.code) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_HRR_SUITE_CHANGED',
        'tls: the ServerHello cipher suite differs from the HelloRetryRequest',
      );
    }
    const share = extensionValue(sh.extensions, 'key_share');
    const selected = extensionValue(sh.extensions, 'pre_shared_key');
    const modes = sent.config.pskModes;
    if (share === undefined) {
      // psk_ke (RFC 8446 §4.2.9): only with a selected PSK and when offered.
      if (selected === undefined || !modes.includes('psk_ke')) {
        throw new TlsError(
          'missing_extension',
          'HANDSHAKE_NO_KEY_SHARE',
          'tls: ServerHello without key_share (PSK-only mode was not offered)',
        );
      }
    } else if (selected !== undefined && !modes.includes('psk_dhe_ke')) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_PSK_MODE_NOT_OFFERED',
        'tls: the server resumed with psk_dhe_ke, which the client did not offer',
      );
    }
    const kx = share ? sent.shares.get(share.group) : undefined;
    if (share && !kx) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_KEY_SHARE_NOT_OFFERED',
        `tls: the server's key share is for group 0x${share.group.toString(16)}, which the client sent no share for`,
      );
    }
    let psk: PskAuthenticated | undefined;
    if (selected !== undefined) {
      const offer = sent.offer!; // pre_shared_key is only solicited when offered
      psk = PskAuthenticated.selected(offer.session, selected);
      if (offer.suite.hash.name !== suite.hash.name) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_PSK_SUITE_MISMATCH',
          "tls: the server resumed with a suite whose hash is not the PSK's",
        );
      }
    }
    const cache = sent.config.sessionCache;
    if (cache && sent.offer) {
      // OpenSSL: sess_misses on the client's SSL_CTX when the server did not
      // take the offered session; a resumed TLS 1.3 session is single use.
      if (psk) cache.remove(sent.offer.session);
      else cache.countConnectMiss();
    }
    const shared = share && kx ? kx.complete(share.keyExchange) : undefined;
    const transcript =
      sent.transcript instanceof TranscriptBuffer
        ? sent.transcript.start(suite.hash)
        : sent.transcript;
    transcript.add(encoded);
    const early = psk
      ? sent.offer!.early
      : KeyScheduleEarly.start(suite.hash, undefined, ctx.secretObserver());
    const schedule = early.intoHandshake(shared, transcript.current());
    shared?.fill(0);
    ctx.installReadKeys(suite, schedule.serverHandshakeTrafficSecret);
    ctx.installWriteKeys(suite, schedule.clientHandshakeTrafficSecret);
    const n = ctx.negotiated;
    n.version = ProtocolVersion.tls1_3;
    n.cipherSuite = suite;
    if (share) n.group = sent.config.groups.find((g) => g.code === share.group)!;
    const sni = sent.config.serverName;
    if (sni !== undefined && !isIpLiteral(sni)) n.serverName = sni;
    if (psk) {
      n.resumed = true;
      n.pskMode = share ? 'psk_dhe_ke' : 'psk_ke';
      n.peerCertificates = peerChainOf(psk.session);
    }
    return new ExpectEncryptedExtensions(
      {
        config: sent.config,
        hello: sent.hello.parsed,
        suite,
        transcript,
        schedule,
      },
      psk,
    );
  }

  #retry(hrr: HelloRetryRequest, encoded: Uint8Array, ctx: EngineContext): HandshakeState {
    const sent = this.#sent;
    if (sent.retrySuite) {
      throw new TlsError(
        'unexpected_message',
        'HANDSHAKE_SECOND_HRR',
        'tls: a second HelloRetryRequest',
      );
    }
    const version = extensionValue(hrr.extensions, 'supported_versions');
    if (version === undefined) {
      throw new TlsError(
        'missing_extension',
        'HANDSHAKE_HRR_NO_VERSION',
        'tls: HelloRetryRequest without supported_versions',
      );
    }
    checkVersion(version);
    checkSolicited(hrr.extensions, sent.hello.parsed.extensions, 'HelloRetryRequest', [
      ExtensionType.cookie,
    ]);
    const suite = offeredSuite(sent, hrr.cipherSuite);
    const selected = extensionValue(hrr.extensions, 'key_share');
    const cookie = extensionValue(hrr.extensions, 'cookie');
    let shares = sent.shares;
    if (selected !== undefined) {
      const group = sent.config.groups.find((g) => g.code === selected);
      if (!group || sent.shares.has(selected)) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_HRR_BAD_GROUP',
          `tls: HelloRetryRequest selects group 0x${selected.toString(16)}, ${group ? 'which already had a key share' : 'which was not offered'}`,
        );
      }
      shares = new Map([[group.code, group.start(ctx.provider.random)]]);
    } else if (cookie === undefined) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_HRR_NO_CHANGE',
        'tls: HelloRetryRequest would not change the ClientHello',
      );
    }
    const transcript = new Transcript(suite.hash);
    transcript.add(sent.hello.encoded).replaceWithMessageHash().add(encoded);
    ctx.middleboxCcs();
    // A PSK whose hash is not the HelloRetryRequest suite's can no longer be used.
    const offer = sent.offer?.suite.hash.name === suite.hash.name ? sent.offer : undefined;
    const hello = sendHello(ctx, sent.config, sent.plan, shares, cookie, offer, transcript);
    transcript.add(hello.encoded);
    ctx.negotiated.helloRetry = true;
    return new ExpectServerHello({
      config: sent.config,
      plan: sent.plan,
      hello,
      shares,
      transcript,
      retrySuite: suite,
      offer,
    });
  }
}

/** Checks shared by ServerHello and HelloRetryRequest (RFC 8446 §4.1.3). */
function checkCommon(m: ServerHello | HelloRetryRequest, sent: SentClientHello): void {
  if (!equalBytes(m.legacySessionIdEcho, sent.hello.parsed.legacySessionId)) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_SESSION_ID_ECHO',
      'tls: legacy_session_id_echo differs from the ClientHello legacy_session_id',
    );
  }
  if (m.legacyCompressionMethod !== 0) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_COMPRESSION',
      `tls: legacy_compression_method ${m.legacyCompressionMethod} is not 0`,
    );
  }
}

function checkVersion(version: number): void {
  if (version !== ProtocolVersion.tls1_3) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_VERSION_NOT_OFFERED',
      `tls: the server selected ${ProtocolVersion.name(version)}, which was not offered`,
    );
  }
}

function offeredSuite(sent: SentClientHello, code: number): Tls13Suite {
  const suite = sent.config.suites.find((s) => s.code === code);
  if (!suite) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_SUITE_NOT_OFFERED',
      `tls: the server selected cipher suite 0x${code.toString(16).padStart(4, '0')}, which was not offered`,
    );
  }
  return suite;
}
