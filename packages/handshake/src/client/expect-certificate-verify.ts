import type { PublicKey } from '@strata/crypto';
import type { EngineContext } from '../engine/context.js';
import { verifyCertificateVerify } from '../engine/proofs.js';
import type { HandshakeState } from '../engine/state.js';
import { expectMessage } from '../engine/unexpected.js';
import type { CertificateRequest } from '../msgs/certificate-request.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import type { ClientHandshake } from './expect-encrypted-extensions.js';
import { ExpectFinished } from './expect-finished.js';

/** RFC 8446 §4.4.3: the server proves it holds the certificate's key. */
export class ExpectCertificateVerify implements HandshakeState {
  readonly name = 'ExpectCertificateVerify';
  readonly #hs: ClientHandshake;
  readonly #request: CertificateRequest | undefined;
  readonly #leaf: { readonly key: PublicKey; readonly pssOnly: boolean };

  constructor(
    hs: ClientHandshake,
    request: CertificateRequest | undefined,
    leaf: { readonly key: PublicKey; readonly pssOnly: boolean },
  ) {
    this.#hs = hs;
    this.#request = request;
    this.#leaf = leaf;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const cv = expectMessage(message, this.name, 'certificate_verify');
    const hs = this.#hs;
    const proof = verifyCertificateVerify(
      ctx.provider,
      'server',
      cv,
      hs.config.schemes,
      this.#leaf.key,
      this.#leaf.pssOnly,
      hs.transcript.current(),
    );
    ctx.negotiated.signatureScheme = proof.scheme;
    hs.transcript.add(message.encoded);
    return new ExpectFinished(hs, this.#request, proof);
  }
}
