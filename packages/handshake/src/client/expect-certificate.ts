import { TlsError } from '@strata/wire';
import type { EngineContext } from '../engine/context.js';
import { verifyPeerCertificates } from '../engine/peer-certificates.js';
import { checkSolicited } from '../engine/solicited.js';
import type { HandshakeState } from '../engine/state.js';
import { expectMessage } from '../engine/unexpected.js';
import type { CertificateRequest } from '../msgs/certificate-request.js';
import { extensionValue } from '../msgs/extensions/block.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import { ExpectCertificateVerify } from './expect-certificate-verify.js';
import type { ClientHandshake } from './expect-encrypted-extensions.js';

/** RFC 8446 §4.3.2: an optional CertificateRequest, then the server's Certificate. */
export class ExpectCertificateOrRequest implements HandshakeState {
  readonly name = 'ExpectCertificateOrRequest';
  readonly #hs: ClientHandshake;

  constructor(hs: ClientHandshake) {
    this.#hs = hs;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const m = expectMessage(message, this.name, 'certificate_request', 'certificate');
    if (m.kind === 'certificate')
      return new ExpectCertificate(this.#hs, undefined).handle(message, ctx);
    if (m.certificateRequestContext.length !== 0) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_CR_CONTEXT',
        'tls: a CertificateRequest in the handshake must have an empty context',
      );
    }
    if (extensionValue(m.extensions, 'signature_algorithms') === undefined) {
      throw new TlsError(
        'missing_extension',
        'HANDSHAKE_CR_NO_SIGNATURE_ALGORITHMS',
        'tls: CertificateRequest without signature_algorithms',
      );
    }
    this.#hs.transcript.add(message.encoded);
    return new ExpectCertificate(this.#hs, m);
  }
}

/** RFC 8446 §4.4.2: the server's chain, verified with @strata/pki. */
export class ExpectCertificate implements HandshakeState {
  readonly name = 'ExpectCertificate';
  readonly #hs: ClientHandshake;
  readonly #request: CertificateRequest | undefined;

  constructor(hs: ClientHandshake, request: CertificateRequest | undefined) {
    this.#hs = hs;
    this.#request = request;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const m = expectMessage(message, this.name, 'certificate');
    const hs = this.#hs;
    if (m.certificateRequestContext.length !== 0) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_CERT_CONTEXT',
        'tls: the server Certificate has a non-empty certificate_request_context',
      );
    }
    if (m.certificateList.length === 0) {
      throw new TlsError(
        'decode_error',
        'HANDSHAKE_NO_SERVER_CERTIFICATE',
        'tls: the server sent an empty Certificate',
      );
    }
    for (const entry of m.certificateList) {
      checkSolicited(entry.extensions, hs.hello.extensions, 'CertificateEntry');
    }
    const { chain, result } = verifyPeerCertificates(m, {
      provider: ctx.provider,
      trustStore: hs.config.trustStore,
      verifyMode: hs.config.verifyMode,
      verifyCallback: hs.config.verifyCallback,
      verifyDepth: hs.config.verifyDepth,
      now: hs.config.now,
      peer: 'server',
      hostname: hs.config.verifyHostname,
    });
    ctx.negotiated.peerCertificates = chain;
    ctx.negotiated.verifyResult = result;
    hs.transcript.add(message.encoded);
    const leaf = chain[0]!;
    return new ExpectCertificateVerify(hs, this.#request, {
      key: leaf.publicKey.key!,
      pssOnly: leaf.publicKey.pssOnly,
    });
  }
}
