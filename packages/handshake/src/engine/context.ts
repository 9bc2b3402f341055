import type { CipherSuite, CryptoProvider } from '@strata/crypto';
import { type RecordReader, type RecordWriter, tls13Keys } from '@strata/record';
import type { MessageCallback } from '../config.js';
import { type Decoded, encodeDecoded, type HandshakeMessage } from '../msgs/handshake-message.js';
import type { SecretObserver } from '../tls13/key-schedule.js';
import { type KeyLogCallback, SecretKind } from '../tls13/secret-labels.js';
import type { ConnectionEvent, Negotiated } from './events.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/**
 * What a handshake state may touch: the two record-layer halves, the event
 * queue and the negotiated parameters. States never see the connection.
 */
export class EngineContext {
  readonly reader: RecordReader;
  readonly writer: RecordWriter;
  readonly side: 'client' | 'server';
  readonly provider: CryptoProvider;
  readonly negotiated: Negotiated = {};
  readonly events: ConnectionEvent[] = [];
  readonly middleboxCompat: boolean;
  /** The ClientHello.random, for key-log lines. */
  clientRandom: Uint8Array | undefined;
  /** Set by the state that verifies the peer's Finished (and sends the last flight). */
  handshakeComplete = false;
  /** KeyUpdates received since the last application data record. */
  keyUpdatesInARow = 0;
  readonly maxKeyUpdatesInARow: number;
  #ccsSent = false;
  readonly #keyLog: KeyLogCallback | undefined;
  readonly onMessage: MessageCallback | undefined;

  constructor(options: {
    reader: RecordReader;
    writer: RecordWriter;
    side: 'client' | 'server';
    provider: CryptoProvider;
    middleboxCompat: boolean;
    keyLog: KeyLogCallback | undefined;
    maxKeyUpdatesInARow: number;
    onMessage?: MessageCallback | undefined;
  }) {
    this.onMessage = options.onMessage;
    this.reader = options.reader;
    this.writer = options.writer;
    this.side = options.side;
    this.provider = options.provider;
    this.middleboxCompat = options.middleboxCompat;
    this.#keyLog = options.keyLog;
    this.maxKeyUpdatesInARow = options.maxKeyUpdatesInARow;
  }

  /** Encodes messages (as one coalesced write) and returns them with their bytes for the transcript. */
  send<T extends HandshakeMessage>(message: T): Decoded<T> {
    const decoded = encodeDecoded(message);
    this.writer.writeHandshake(decoded.encoded);
    this.onMessage?.({ direction: 'sent', contentType: 22, bytes: decoded.encoded });
    return decoded;
  }

  /** Writes already-encoded handshake messages, coalesced into as few records as possible. */
  sendEncoded(encoded: readonly Uint8Array[]): void {
    this.writer.writeHandshake(encoded);
    for (const bytes of encoded) this.onMessage?.({ direction: 'sent', contentType: 22, bytes });
  }

  /**
   * The one dummy change_cipher_spec of middlebox compatibility mode (RFC
   * 8446 D.4), sent at most once per connection and only in that mode.
   */
  middleboxCcs(): void {
    if (!this.middleboxCompat || this.#ccsSent) return;
    this.#ccsSent = true;
    this.writer.writeChangeCipherSpec();
    this.onMessage?.({ direction: 'sent', contentType: 20, bytes: new Uint8Array([1]) });
  }

  installReadKeys(suite: Tls13Suite, secret: Uint8Array): void {
    this.reader.installKeys(tls13Keys(suite, secret));
  }

  installWriteKeys(suite: Tls13Suite, secret: Uint8Array): void {
    this.writer.installKeys(tls13Keys(suite, secret));
  }

  /** The key-schedule observer: forwards secrets with a key-log name to the callback. */
  secretObserver(): SecretObserver | undefined {
    const keyLog = this.#keyLog;
    if (!keyLog) return undefined;
    return (kind, secret) => {
      const label = SecretKind[kind].keyLog;
      if (label !== undefined && this.clientRandom)
        keyLog(label, this.clientRandom, secret.slice());
    };
  }

  emit(event: ConnectionEvent): void {
    this.events.push(event);
  }
}
