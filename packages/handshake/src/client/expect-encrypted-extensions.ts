import type { CipherSuite } from '@strata/crypto';
import { TlsError } from '@strata/wire';
import type { ResolvedClient } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import type { PskAuthenticated } from '../engine/proofs.js';
import { checkSolicited } from '../engine/solicited.js';
import type { HandshakeState } from '../engine/state.js';
import { expectMessage } from '../engine/unexpected.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { extensionValue } from '../msgs/extensions/block.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import type { KeyScheduleHandshake } from '../tls13/key-schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { ExpectCertificateOrRequest } from './expect-certificate.js';
import { ExpectFinished } from './expect-finished.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** The client's handshake so far, once the handshake secrets exist. */
export interface ClientHandshake {
  readonly config: ResolvedClient;
  readonly hello: ClientHello;
  readonly suite: Tls13Suite;
  readonly transcript: Transcript;
  readonly schedule: KeyScheduleHandshake;
}

const decoder = /* @__PURE__ */ new TextDecoder();

/** RFC 8446 §4.3.1: the first encrypted message. */
export class ExpectEncryptedExtensions implements HandshakeState {
  readonly name = 'ExpectEncryptedExtensions';
  readonly #hs: ClientHandshake;
  readonly #psk: PskAuthenticated | undefined;

  /** With `psk`, the server resumed: no certificates follow, only its Finished. */
  constructor(hs: ClientHandshake, psk?: PskAuthenticated) {
    this.#hs = hs;
    this.#psk = psk;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const ee = expectMessage(message, this.name, 'encrypted_extensions');
    const hs = this.#hs;
    checkSolicited(ee.extensions, hs.hello.extensions, 'EncryptedExtensions');
    const alpn = extensionValue(ee.extensions, 'application_layer_protocol_negotiation');
    if (alpn !== undefined) {
      const name = decoder.decode(alpn);
      if (!hs.config.alpn.includes(name)) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_ALPN_NOT_OFFERED',
          'tls: the server selected an ALPN protocol the client did not offer',
        );
      }
      ctx.negotiated.alpn = name;
    }
    const limit = extensionValue(ee.extensions, 'record_size_limit');
    if (limit !== undefined) {
      ctx.negotiated.peerRecordSizeLimit = limit;
      ctx.writer.setRecordSizeLimit(limit);
      if (hs.config.recordSizeLimit !== undefined) {
        ctx.reader.setRecordSizeLimit(hs.config.recordSizeLimit);
      }
    }
    hs.transcript.add(message.encoded);
    if (this.#psk) return new ExpectFinished(hs, undefined, this.#psk);
    return new ExpectCertificateOrRequest(hs);
  }
}
