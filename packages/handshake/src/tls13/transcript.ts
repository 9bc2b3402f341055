import type { HashAlgorithm, HashState } from '@strata/crypto';
import { encode, TlsError } from '@strata/wire';

/** HandshakeType message_hash (254), RFC 8446 §4.4.1. */
const MESSAGE_HASH = 254;

/**
 * The transcript before the cipher suite (and so the hash) is known: a client
 * sends its ClientHello first. It keeps the encoded messages and becomes a
 * `Transcript` once the ServerHello names the suite.
 */
export class TranscriptBuffer {
  readonly #messages: Uint8Array[] = [];

  add(encodedMessage: Uint8Array): void {
    this.#messages.push(encodedMessage);
  }

  /** The buffered messages hashed with the negotiated hash. */
  start(hash: HashAlgorithm): Transcript {
    const transcript = new Transcript(hash);
    for (const m of this.#messages) transcript.add(m);
    return transcript;
  }
}

/**
 * The running transcript hash of RFC 8446 §4.4.1 over the exact bytes of each
 * handshake message (header included), as they were sent or received.
 */
export class Transcript {
  readonly hash: HashAlgorithm;
  #state: HashState;

  constructor(hash: HashAlgorithm) {
    this.hash = hash;
    this.#state = hash.create();
  }

  add(encodedMessage: Uint8Array): this {
    this.#state.update(encodedMessage);
    return this;
  }

  /** Transcript-Hash of everything added so far; the transcript goes on. */
  current(): Uint8Array {
    return this.#state.clone().digest();
  }

  /**
   * After a HelloRetryRequest the first ClientHello is replaced by
   *
   *   message_hash(254) ‖ 00 00 ‖ Hash.length ‖ Hash(ClientHello1)
   *
   * (RFC 8446 §4.4.1). Call it once, when only ClientHello1 has been added.
   */
  replaceWithMessageHash(): this {
    const digest = this.#state.digest();
    if (digest.length > 0xff) {
      throw new TlsError('internal_error', 'HASH_TOO_LONG', 'tls: hash too long for message_hash');
    }
    this.#state = this.hash.create();
    this.#state.update(encode((w) => w.u8(MESSAGE_HASH).u24(digest.length).bytes(digest)));
    return this;
  }

  /** An independent copy (PSK binders hash a truncated ClientHello without disturbing this one). */
  fork(): Transcript {
    const copy = new Transcript(this.hash);
    copy.#state = this.#state.clone();
    return copy;
  }
}
