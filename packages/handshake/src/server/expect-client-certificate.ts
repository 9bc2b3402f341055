import type { PublicKey } from '@strata/crypto';
import { TlsError } from '@strata/wire';
import type { EngineContext } from '../engine/context.js';
import { verifyPeerCertificates } from '../engine/peer-certificates.js';
import { verifyCertificateVerify } from '../engine/proofs.js';
import type { HandshakeState } from '../engine/state.js';
import { expectMessage } from '../engine/unexpected.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import { ExpectClientFinished, type ServerHandshake } from './expect-client-finished.js';

/** RFC 8446 §4.4.2: the client's Certificate, after our CertificateRequest. */
export class ExpectClientCertificate implements HandshakeState {
  readonly name = 'ExpectClientCertificate';
  readonly #hs: ServerHandshake;

  constructor(hs: ServerHandshake) {
    this.#hs = hs;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const m = expectMessage(message, this.name, 'certificate');
    const hs = this.#hs;
    if (m.certificateRequestContext.length !== 0) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_CERT_CONTEXT',
        'tls: the client Certificate context differs from the CertificateRequest',
      );
    }
    if (m.certificateList.length > 0) {
      for (const entry of m.certificateList) {
        if (entry.extensions.length > 0) {
          // We sent no extensions in the CertificateRequest, so none may come back.
          throw new TlsError(
            'unsupported_extension',
            'HANDSHAKE_UNSOLICITED_EXTENSION',
            'tls: client CertificateEntry carries an extension the server did not request',
          );
        }
      }
    }
    hs.transcript.add(message.encoded);
    if (m.certificateList.length === 0) {
      if (hs.config.clientAuth === 'required') {
        throw new TlsError(
          'certificate_required',
          'HANDSHAKE_CLIENT_CERTIFICATE_REQUIRED',
          'tls: the client sent no certificate',
        );
      }
      return new ExpectClientFinished(hs, 'none');
    }
    const { chain, result } = verifyPeerCertificates(m, {
      provider: ctx.provider,
      trustStore: hs.config.trustStore,
      verifyMode: hs.config.verifyMode,
      verifyCallback: hs.config.verifyCallback,
      verifyDepth: hs.config.verifyDepth,
      now: hs.config.now,
      peer: 'client',
      hostname: undefined,
    });
    ctx.negotiated.peerCertificates = chain;
    ctx.negotiated.verifyResult = result;
    const leaf = chain[0]!;
    return new ExpectClientCertificateVerify(hs, {
      key: leaf.publicKey.key!,
      pssOnly: leaf.publicKey.pssOnly,
    });
  }
}

/** RFC 8446 §4.4.3: the client proves it holds its certificate's key. */
export class ExpectClientCertificateVerify implements HandshakeState {
  readonly name = 'ExpectClientCertificateVerify';
  readonly #hs: ServerHandshake;
  readonly #leaf: { readonly key: PublicKey; readonly pssOnly: boolean };

  constructor(hs: ServerHandshake, leaf: { readonly key: PublicKey; readonly pssOnly: boolean }) {
    this.#hs = hs;
    this.#leaf = leaf;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const cv = expectMessage(message, this.name, 'certificate_verify');
    const hs = this.#hs;
    const proof = verifyCertificateVerify(
      ctx.provider,
      'client',
      cv,
      hs.config.schemes.filter((s) => s.tls13),
      this.#leaf.key,
      this.#leaf.pssOnly,
      hs.transcript.current(),
    );
    ctx.negotiated.clientSignatureScheme = proof.scheme;
    hs.transcript.add(message.encoded);
    return new ExpectClientFinished(hs, proof);
  }
}
