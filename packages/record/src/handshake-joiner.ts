import { TlsError } from '@strata/wire';
import { DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE } from './limits.js';

/**
 * One whole handshake message, RFC 8446 §4:
 *
 *   struct {
 *       HandshakeType msg_type;    // handshake type
 *       uint24 length;             // remaining bytes in message
 *       select (Handshake.msg_type) { ... } body;
 *   } Handshake;
 *
 * `encoded` is the exact bytes received (header included) for the transcript
 * hash; `body` is a view of it without the 4-byte header.
 */
export interface HandshakeMessage {
  readonly type: number;
  readonly body: Uint8Array;
  readonly encoded: Uint8Array;
}

/** A limit per handshake message type, or one for all. */
export type MaxMessageSize = number | ((type: number) => number);

const HEADER = 4;

/**
 * Joins handshake record fragments into whole handshake messages (RFC 8446
 * §5.1: messages may be split across records and several may share one).
 *
 * The size limit comes from the caller (the handshake layer owns the limits);
 * a message announcing a larger body is refused with `decode_error` as soon as
 * its 4-byte header is in, before anything is buffered for it. A message
 * whole inside one fragment is returned as a view of that fragment (the
 * fragments a `RecordReader` passes in are its own), a message spread over
 * several fragments is gathered into one array of exactly its size.
 *
 * `isEmpty` tells whether any handshake bytes are held, whole or partial: a
 * key change must find it empty (messages must not span a key change and a
 * message preceding one must end its record), and a record of another
 * content type must find no partial message (no interleaving).
 */
export class HandshakeJoiner {
  #maxMessageSize: MaxMessageSize;
  /** Fragments not yet consumed, the first from `#pos`. */
  #fragments: Uint8Array[] = [];
  #pos = 0;
  /** Header bytes of a message whose header is split across fragments. */
  #header = new Uint8Array(HEADER);
  #headerFilled = 0;
  /** The message being gathered across fragments, and how much of it is in. */
  #partial: Uint8Array | undefined;
  #partialFilled = 0;

  constructor(options: { maxMessageSize?: MaxMessageSize } = {}) {
    this.#maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE;
  }

  /** Changes the message size limit (the handshake layer may tighten it as it goes). */
  setMaxMessageSize(limit: MaxMessageSize): void {
    this.#maxMessageSize = limit;
  }

  /** No handshake bytes held at all. */
  get isEmpty(): boolean {
    return this.#fragments.length === 0 && this.#headerFilled === 0 && !this.#partial;
  }

  /** Part of a message is held, waiting for more records. */
  get hasPartialMessage(): boolean {
    return this.#headerFilled > 0 || this.#partial !== undefined;
  }

  /** Adds the plaintext of one handshake record; the joiner keeps a reference. */
  push(fragment: Uint8Array): void {
    if (fragment.length > 0) this.#fragments.push(fragment);
  }

  /** The next whole message, or `undefined` until more fragments arrive. */
  next(): HandshakeMessage | undefined {
    for (;;) {
      const fragment = this.#fragments[0];
      if (!fragment) return undefined;
      const available = fragment.length - this.#pos;
      if (available === 0) {
        this.#fragments.shift();
        this.#pos = 0;
        continue;
      }
      const partial = this.#partial;
      if (partial) {
        const take = Math.min(partial.length - this.#partialFilled, available);
        partial.set(fragment.subarray(this.#pos, this.#pos + take), this.#partialFilled);
        this.#partialFilled += take;
        this.#advance(take);
        if (this.#partialFilled < partial.length) continue;
        this.#partial = undefined;
        this.#partialFilled = 0;
        return message(partial);
      }
      if (this.#headerFilled > 0 || available < HEADER) {
        const take = Math.min(HEADER - this.#headerFilled, available);
        this.#header.set(fragment.subarray(this.#pos, this.#pos + take), this.#headerFilled);
        this.#headerFilled += take;
        this.#advance(take);
        if (this.#headerFilled < HEADER) continue;
        this.#headerFilled = 0;
        const length = this.#checkHeader(this.#header, 0);
        const whole = new Uint8Array(HEADER + length);
        whole.set(this.#header);
        if (length === 0) return message(whole);
        this.#partial = whole;
        this.#partialFilled = HEADER;
        continue;
      }
      const at = this.#pos;
      const length = this.#checkHeader(fragment, at);
      const total = HEADER + length;
      if (available >= total) {
        this.#advance(total);
        return message(fragment.subarray(at, at + total));
      }
      const whole = new Uint8Array(total);
      whole.set(fragment.subarray(at));
      this.#partial = whole;
      this.#partialFilled = available;
      this.#advance(available);
    }
  }

  /** Drops everything held (on a fatal error). */
  clear(): void {
    this.#fragments = [];
    this.#pos = 0;
    this.#headerFilled = 0;
    this.#partial = undefined;
    this.#partialFilled = 0;
  }

  #advance(n: number): void {
    this.#pos += n;
    const first = this.#fragments[0];
    if (first && this.#pos === first.length) {
      this.#fragments.shift();
      this.#pos = 0;
    }
  }

  #checkHeader(bytes: Uint8Array, at: number): number {
    const type = bytes[at]!;
    const length = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const limit =
      typeof this.#maxMessageSize === 'number' ? this.#maxMessageSize : this.#maxMessageSize(type);
    if (length > limit) {
      throw new TlsError(
        'decode_error',
        'RECORD_HANDSHAKE_MESSAGE_TOO_LARGE',
        `tls: handshake message of type ${type} announces ${length} bytes, limit ${limit}`,
      );
    }
    return length;
  }
}

function message(encoded: Uint8Array): HandshakeMessage {
  return { type: encoded[0]!, body: encoded.subarray(HEADER), encoded };
}
