import { alertLevelFor, RecordReader, RecordWriter } from '@strata/record';
import {
  AlertDescription,
  type AlertName,
  alertName,
  concatBytes,
  TlsError,
  toTlsError,
} from '@strata/wire';
import type { ResolvedCommon } from '../config.js';
import { decodeHandshakeBody, maxHandshakeMessageSize } from '../msgs/handshake-message.js';
import { exportKeyingMaterial } from '../tls13/key-schedule.js';
import type { KeyLogCallback } from '../tls13/secret-labels.js';
import { EngineContext } from './context.js';
import type { ConnectionEvent, Negotiated } from './events.js';
import type { HandshakeState } from './state.js';
import { ExpectTraffic } from './traffic.js';

/** The state of a connection that failed before its first state existed. */
const CLOSED: HandshakeState = {
  name: 'Closed',
  handle() {
    throw new TlsError('unexpected_message', 'HANDSHAKE_CLOSED', 'tls: the connection is closed');
  },
};

/**
 * The sans-I/O engine shared by `ClientConnection` and `ServerConnection`
 * (STYLE 15): bytes in with `receive`, bytes out with `takeOutput`,
 * application data with `write`/`read`, events with `takeEvents`. No
 * sockets, timers or promises; the caller owns the transport.
 *
 * Data written before the handshake completes is queued (up to
 * `limits.maxQueuedPlaintext`, beyond which `write` throws a RangeError) and
 * sent as soon as the handshake completes.
 *
 * Any `TlsError`, from the record layer or a handshake state, sends its alert
 * and closes the connection; application data received before it stays
 * readable.
 */
export abstract class Connection {
  protected readonly ctx: EngineContext;
  protected state: HandshakeState;
  readonly #config: ResolvedCommon;
  readonly #received: Uint8Array[] = [];
  #queued: Uint8Array[] = [];
  #queuedBytes = 0;
  #closed = false;
  #closeSent = false;
  #peerClosed = false;
  #error: TlsError | undefined;

  protected constructor(
    side: 'client' | 'server',
    config: ResolvedCommon,
    keyLog: KeyLogCallback | undefined,
    initial: (ctx: EngineContext) => HandshakeState,
  ) {
    this.#config = config;
    const limits = {
      maxMessageSize: config.maxHandshakeMessageSize,
      maxClientHelloSize: config.maxClientHelloSize,
      maxCertificateSize: config.maxCertificateSize,
    };
    const reader = new RecordReader({
      maxHandshakeMessageSize: (type) => maxHandshakeMessageSize(type, limits),
    });
    const writer = new RecordWriter();
    reader.allowCompatibilityCcs = true;
    // Even an empty application_data record before Finished is refused (the
    // record layer would drop it unseen otherwise).
    reader.refuseApplicationData = true;
    this.ctx = new EngineContext({
      reader,
      writer,
      side,
      provider: config.provider,
      middleboxCompat: config.middleboxCompat,
      keyLog,
      maxKeyUpdatesInARow: config.maxKeyUpdatesInARow,
      onMessage: config.onMessage,
    });
    this.state = CLOSED;
    // OpenSSL counts sess_connect / sess_accept when a handshake starts.
    if (side === 'client') config.sessionCache?.countConnect();
    else config.sessionCache?.countAccept();
    this.state = this.#guard(() => initial(this.ctx)) ?? CLOSED;
  }

  /** Feeds bytes from the transport, in any chunking. */
  receive(bytes: Uint8Array): void {
    if (this.#closed || this.#peerClosed) return;
    this.#guard(() => {
      this.ctx.reader.push(bytes);
      this.#drain();
    });
  }

  /** Bytes to send to the peer (empty when there are none). */
  takeOutput(): Uint8Array {
    return this.ctx.writer.takeOutput();
  }

  /** Events since the last call, in order. */
  takeEvents(): ConnectionEvent[] {
    return this.ctx.events.splice(0);
  }

  /** Application data received so far and not yet read (empty when none). */
  read(): Uint8Array {
    if (this.#received.length === 0) return new Uint8Array(0);
    const out = this.#received.length === 1 ? this.#received[0]! : concatBytes(...this.#received);
    this.#received.length = 0;
    return out;
  }

  /** Sends application data; before the handshake completes it is queued. */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) throw new TypeError('write: data must be a Uint8Array');
    if (this.#closed || this.#closeSent) throw new Error('write: the connection is closed');
    if (!this.ctx.handshakeComplete) {
      if (this.#queuedBytes + data.length > this.#config.maxQueuedPlaintext) {
        throw new RangeError(
          `write: more than ${this.#config.maxQueuedPlaintext} bytes queued before the handshake completed`,
        );
      }
      this.#queued.push(data.slice());
      this.#queuedBytes += data.length;
      return;
    }
    this.#guard(() => this.#writeData(data));
  }

  /** Sends close_notify; the peer may still send data until its own close_notify. */
  close(): void {
    if (this.#closed || this.#closeSent) return;
    this.#closeSent = true;
    this.#guard(() => {
      this.ctx.writer.writeCloseNotify();
      this.ctx.emit({ type: 'alert_sent', alert: 'close_notify' });
      this.ctx.onMessage?.({ direction: 'sent', contentType: 21, bytes: new Uint8Array([1, 0]) });
    });
    if (this.#peerClosed) this.#closed = true;
  }

  /**
   * Sends an alert now, as the application decides (libssl sends one for
   * errors its caller makes): close_notify is `close()`; any other alert is
   * fatal and closes the connection.
   */
  sendAlert(alert: AlertName): void {
    if (alert === 'close_notify') {
      this.close();
      return;
    }
    this.#fail(
      new TlsError(alert, 'HANDSHAKE_APPLICATION_ALERT', `tls: the application sent ${alert}`),
    );
  }

  /** Sends a KeyUpdate (RFC 8446 §4.6.3), asking the peer to update too when `requestPeer`. */
  updateKeys(requestPeer = false): void {
    const state = this.state;
    if (!(state instanceof ExpectTraffic) || this.#closed || this.#closeSent) {
      throw new Error('updateKeys: the handshake is not complete or the connection is closed');
    }
    this.#guard(() => state.updateWriteKeys(this.ctx, requestPeer));
  }

  get handshakeComplete(): boolean {
    return this.ctx.handshakeComplete;
  }

  /** What the handshake settled so far. */
  get negotiated(): Readonly<Negotiated> {
    return this.ctx.negotiated;
  }

  /** True once a fatal alert was sent or received, or both sides closed. */
  get closed(): boolean {
    return this.#closed;
  }

  get peerClosed(): boolean {
    return this.#peerClosed;
  }

  /** The error that closed the connection, if any (ours or the peer's alert). */
  get error(): TlsError | undefined {
    return this.#error;
  }

  /** The engine can use more bytes from the peer. */
  get wantsRead(): boolean {
    return !this.#closed && !this.#peerClosed;
  }

  /** `takeOutput()` has bytes. */
  get wantsWrite(): boolean {
    return this.ctx.writer.pendingBytes > 0;
  }

  /** The current handshake state's name (for debugging and tests). */
  get stateName(): string {
    return this.state.name;
  }

  /**
   * TLS-Exporter (RFC 8446 §7.5) once the handshake is complete.
   */
  exportKeyingMaterial(label: string, context: Uint8Array | undefined, length: number): Uint8Array {
    const state = this.state;
    if (!(state instanceof ExpectTraffic))
      throw new Error('exportKeyingMaterial: handshake not complete');
    return exportFrom(state, label, context, length);
  }

  #drain(): void {
    const reader = this.ctx.reader;
    for (;;) {
      const event = reader.read();
      if (!event) return;
      switch (event.type) {
        case 'handshake': {
          const { type, body, encoded } = event.message;
          this.ctx.onMessage?.({ direction: 'received', contentType: 22, bytes: encoded });
          const wasComplete = this.ctx.handshakeComplete;
          this.state = this.state.handle(
            { parsed: decodeHandshakeBody(type, body), encoded },
            this.ctx,
          );
          if (!wasComplete && this.ctx.handshakeComplete) this.#completed();
          break;
        }
        case 'application_data':
          if (!this.ctx.handshakeComplete) {
            throw new TlsError(
              'unexpected_message',
              'HANDSHAKE_DATA_BEFORE_FINISHED',
              'tls: application data before the handshake completed',
            );
          }
          this.ctx.keyUpdatesInARow = 0;
          this.#received.push(event.data);
          this.#checkReadLimit();
          break;
        case 'alert':
          this.ctx.emit({ type: 'alert_received', alert: event.alert });
          this.ctx.onMessage?.({
            direction: 'received',
            contentType: 21,
            bytes: new Uint8Array([event.alert.level, event.alert.description]),
          });
          if (event.alert.kind === 'close_notify') {
            this.#peerClosed = true;
            this.ctx.emit({ type: 'peer_closed' });
            if (this.#closeSent) this.#closed = true;
            return;
          }
          if (event.alert.kind === 'fatal') {
            this.#closed = true;
            this.#error = new TlsError(
              alertName(event.alert.description) ?? 'internal_error',
              'HANDSHAKE_PEER_ALERT',
              `tls: peer sent fatal alert ${event.alert.name}`,
            );
            this.ctx.reader.destroy();
            this.ctx.writer.destroy();
            return;
          }
          break;
        case 'change_cipher_spec':
          throw new TlsError(
            'unexpected_message',
            'HANDSHAKE_UNEXPECTED_CCS',
            'tls: change_cipher_spec in TLS 1.3',
          );
      }
    }
  }

  /**
   * The peer's records under the current read keys near the AEAD's
   * confidentiality limit: ask it to update (once per read key).
   */
  #checkReadLimit(): void {
    const state = this.state;
    if (this.ctx.reader.action !== 'update-keys' || !(state instanceof ExpectTraffic)) return;
    if (state.peerUpdateRequested) return;
    state.updateWriteKeys(this.ctx, true);
  }

  #completed(): void {
    this.ctx.reader.allowCompatibilityCcs = false;
    this.ctx.reader.refuseApplicationData = false;
    // After the server's tickets (updateCache), as OpenSSL's tls_finish_handshake.
    const cache = this.#config.sessionCache;
    if (cache) {
      if (this.ctx.side === 'client') cache.countConnectGood(this.ctx.negotiated.resumed === true);
      else cache.countAcceptGood();
    }
    this.ctx.emit({ type: 'handshake_complete' });
    const queued = this.#queued;
    this.#queued = [];
    this.#queuedBytes = 0;
    if (this.#closeSent) return;
    for (const data of queued) this.#writeData(data);
  }

  #writeData(data: Uint8Array): void {
    const writer = this.ctx.writer;
    if (writer.action === 'update-keys' && this.state instanceof ExpectTraffic) {
      this.state.updateWriteKeys(this.ctx, false);
    }
    writer.writeApplicationData(data);
  }

  /** Runs `f`; a TlsError (or a bug) sends its alert and closes the connection. */
  #guard<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      // A bug (not a TlsError) becomes internal_error; the cause is kept on the event.
      this.#fail(toTlsError(e));
      return undefined;
    }
  }

  #fail(error: TlsError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    try {
      const description = AlertDescription[error.alert];
      this.ctx.writer.writeAlert(description);
      this.ctx.emit({ type: 'alert_sent', alert: error.alert, error });
      this.ctx.onMessage?.({
        direction: 'sent',
        contentType: 21,
        bytes: new Uint8Array([alertLevelFor(description, this.ctx.writer.version), description]),
      });
    } catch {
      // No alert can be sent (keys exhausted): the connection is closed anyway.
    }
    this.ctx.reader.destroy();
  }
}

function exportFrom(
  state: ExpectTraffic,
  label: string,
  context: Uint8Array | undefined,
  length: number,
): Uint8Array {
  return exportKeyingMaterial(state.suite.hash, state.exporterMasterSecret, label, context, length);
}
