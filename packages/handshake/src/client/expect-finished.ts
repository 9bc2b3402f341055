import type { EngineContext } from '../engine/context.js';
import { type PskAuthenticated, type SignatureVerified, verifyFinished } from '../engine/proofs.js';
import { chooseClientCertificate, signCertificateVerify } from '../engine/signing.js';
import type { HandshakeState } from '../engine/state.js';
import { ExpectTraffic } from '../engine/traffic.js';
import { expectMessage } from '../engine/unexpected.js';
import type { CertificateRequest } from '../msgs/certificate-request.js';
import { extensionValue } from '../msgs/extensions/block.js';
import {
  type Decoded,
  encodeHandshakeMessage,
  type HandshakeMessage,
} from '../msgs/handshake-message.js';
import { finishedVerifyData } from '../tls13/key-schedule.js';
import type { ClientHandshake } from './expect-encrypted-extensions.js';

/**
 * RFC 8446 §4.4.4: the server's Finished. Once it verifies, the client sends
 * its own flight ([Certificate, CertificateVerify,] Finished) and switches
 * both directions to the application traffic secrets.
 */
export class ExpectFinished implements HandshakeState {
  readonly name = 'ExpectFinished';
  readonly #hs: ClientHandshake;
  readonly #request: CertificateRequest | undefined;
  readonly #serverAuth: SignatureVerified | PskAuthenticated;

  constructor(
    hs: ClientHandshake,
    request: CertificateRequest | undefined,
    serverAuth: SignatureVerified | PskAuthenticated,
  ) {
    this.#hs = hs;
    this.#request = request;
    this.#serverAuth = serverAuth;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const fin = expectMessage(message, this.name, 'finished');
    const { config, suite, transcript, schedule } = this.#hs;
    const hash = suite.hash;
    const finished = verifyFinished(
      ctx.provider,
      hash,
      schedule.serverHandshakeTrafficSecret,
      transcript.current(),
      fin.verifyData,
    );
    transcript.add(message.encoded);
    const traffic = schedule.intoTraffic(transcript.current());
    ctx.installReadKeys(suite, traffic.serverApplicationTrafficSecret);

    // The client's second flight.
    ctx.middleboxCcs();
    const flight: Uint8Array[] = [];
    const add = (m: HandshakeMessage) => {
      const encoded = encodeHandshakeMessage(m);
      transcript.add(encoded);
      flight.push(encoded);
    };
    const request = this.#request;
    if (request) {
      const peerSchemes = extensionValue(request.extensions, 'signature_algorithms') ?? [];
      const chosen = chooseClientCertificate(
        config.certificates,
        config.schemes,
        peerSchemes,
        extensionValue(request.extensions, 'certificate_authorities'),
      );
      add({
        kind: 'certificate',
        certificateRequestContext: request.certificateRequestContext,
        certificateList: chosen
          ? chosen.key.chain.map((c) => ({ certData: c.der, extensions: [] }))
          : [],
      });
      if (chosen) {
        ctx.negotiated.clientSignatureScheme = chosen.scheme;
        add(
          signCertificateVerify(
            ctx.provider,
            'client',
            chosen.key,
            chosen.scheme,
            transcript.current(),
          ),
        );
      }
    }
    add({
      kind: 'finished',
      verifyData: finishedVerifyData(
        hash,
        schedule.clientHandshakeTrafficSecret,
        transcript.current(),
      ),
    });
    ctx.sendEncoded(flight);
    ctx.installWriteKeys(suite, traffic.clientApplicationTrafficSecret);
    const resumptionMaster = traffic.resumptionMasterSecret(transcript.current());
    ctx.handshakeComplete = true;
    return new ExpectTraffic(
      finished,
      this.#serverAuth,
      'client',
      suite,
      {
        read: traffic.serverApplicationTrafficSecret,
        write: traffic.clientApplicationTrafficSecret,
        resumptionMaster,
        exporterMaster: traffic.exporterMasterSecret,
      },
      config.now,
    );
  }
}
