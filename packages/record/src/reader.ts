import { TlsError } from '@strata/wire';
import { classifyAlert, decodeAlert, type ReceivedAlert } from './alert.js';
import { ContentType, RecordVersion, type TlsRecord, type TlsVersion } from './content-type.js';
import { Deframer } from './deframer.js';
import { HandshakeJoiner, type HandshakeMessage, type MaxMessageSize } from './handshake-joiner.js';
import {
  DEFAULT_MAX_EMPTY_RECORDS,
  DEFAULT_MAX_WARNING_ALERTS,
  MAX_CIPHERTEXT_LENGTH_TLS12,
  MAX_CIPHERTEXT_LENGTH_TLS13,
  MAX_INNER_PLAINTEXT_LENGTH,
  MAX_PLAINTEXT_LENGTH,
  MIN_RECORD_SIZE_LIMIT,
} from './limits.js';
import { RecordCipher, type RecordProtectionKeys } from './protection.js';
import { MAX_SEQUENCE_NUMBER, type SequenceAction, SequenceNumber } from './sequence.js';

/** What the reader hands up, one at a time. */
export type ReadEvent =
  | { readonly type: 'handshake'; readonly message: HandshakeMessage }
  | { readonly type: 'application_data'; readonly data: Uint8Array }
  | { readonly type: 'alert'; readonly alert: ReceivedAlert }
  /** TLS 1.2 (or a version not yet negotiated): the handshake layer switches keys next. */
  | { readonly type: 'change_cipher_spec' };

export interface RecordReaderOptions {
  /** Handshake message size limit, per type or for all (the handshake layer's). */
  readonly maxHandshakeMessageSize?: MaxMessageSize;
  /** Consecutive empty records tolerated (default 32). */
  readonly maxEmptyRecords?: number;
  /** Consecutive warning alerts tolerated (default 5). */
  readonly maxWarningAlerts?: number;
}

/**
 * The receiving half of the record layer: deframes, checks, decrypts and
 * sorts incoming records, and joins handshake messages. It owns the read
 * keys, the read sequence number and every receive limit.
 *
 *   reader.push(bytesFromSocket);
 *   for (let ev = reader.read(); ev; ev = reader.read()) {
 *     if (ev.type === 'handshake') state = state.handle(ev.message, ctx);  // may installKeys
 *     ...
 *   }
 *
 * Records are decrypted only when `read()` reaches them, so keys installed
 * between two `read()` calls apply exactly from the next record on: key
 * changes (handshake boundaries, KeyUpdate) are atomic.
 *
 * Every protocol violation throws a `TlsError` naming the alert to send;
 * after one, the reader keeps throwing it. After a received close_notify or
 * fatal alert, nothing more is read (RFC 8446 §6.1: data after a closure alert
 * is ignored).
 */
export class RecordReader {
  readonly #deframer = new Deframer({ maxFragmentLength: MAX_PLAINTEXT_LENGTH });
  readonly #joiner: HandshakeJoiner;
  #cipher: RecordCipher | undefined;
  readonly #seq = new SequenceNumber();
  #version: TlsVersion | undefined;
  #recordSizeLimit: number | undefined;
  #allowCompatCcs = false;
  #compatCcsSeen = false;
  #allowPlaintextAlerts = false;
  #refuseApplicationData = false;
  #emptyRecords = 0;
  #warnings = 0;
  readonly #maxEmptyRecords: number;
  readonly #maxWarnings: number;
  #closed = false;
  /** While skipping rejected 0-RTT data: the bytes that may still be skipped. */
  #earlyDataBudget: number | undefined;
  /** The real content type of the record `#unprotect` last returned. */
  #contentType = 0;
  #failure: TlsError | undefined;

  constructor(options: RecordReaderOptions = {}) {
    this.#joiner = new HandshakeJoiner(
      options.maxHandshakeMessageSize === undefined
        ? {}
        : { maxMessageSize: options.maxHandshakeMessageSize },
    );
    this.#maxEmptyRecords = options.maxEmptyRecords ?? DEFAULT_MAX_EMPTY_RECORDS;
    this.#maxWarnings = options.maxWarningAlerts ?? DEFAULT_MAX_WARNING_ALERTS;
  }

  get version(): TlsVersion | undefined {
    return this.#version;
  }

  /** Sets the negotiated version: it decides the version check, the CCS and the alert rules. */
  setVersion(version: TlsVersion): void {
    this.#version = version;
  }

  setMaxHandshakeMessageSize(limit: MaxMessageSize): void {
    this.#joiner.setMaxMessageSize(limit);
  }

  /**
   * TLS 1.3 middlebox compatibility (RFC 8446 §5, Appendix D.4): while
   * enabled (from the first ClientHello until the peer's Finished), one
   * unprotected change_cipher_spec record holding the single byte 0x01 is
   * dropped. Any other change_cipher_spec is an unexpected_message.
   */
  get allowCompatibilityCcs(): boolean {
    return this.#allowCompatCcs;
  }

  set allowCompatibilityCcs(allow: boolean) {
    this.#allowCompatCcs = allow;
  }

  /**
   * TLS 1.3 server, between its first flight and the client's first
   * protected record: an unprotected alert record is read as plaintext
   * rather than refused, since a client that failed on the ServerHello has
   * no keys to protect it with (OpenSSL's ENC_READ_STATE_ALLOW_PLAIN_ALERTS).
   * Turned off by the first record that opens under the installed keys.
   */
  get allowPlaintextAlerts(): boolean {
    return this.#allowPlaintextAlerts;
  }

  set allowPlaintextAlerts(allow: boolean) {
    this.#allowPlaintextAlerts = allow;
  }

  /**
   * While on (the handshake layer's choice: until its handshake completes),
   * an application_data record, even an empty one, is an
   * unexpected_message, instead of empty ones being dropped unseen.
   */
  get refuseApplicationData(): boolean {
    return this.#refuseApplicationData;
  }

  set refuseApplicationData(refuse: boolean) {
    this.#refuseApplicationData = refuse;
  }

  /**
   * The record_size_limit this endpoint advertised (RFC 8449): a protected
   * record whose plaintext (TLS 1.3: TLSInnerPlaintext) is larger is a
   * record_overflow.
   */
  setRecordSizeLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < MIN_RECORD_SIZE_LIMIT || limit > 0xffff) {
      throw new RangeError(`record_size_limit ${limit} outside [64, 65535]`);
    }
    this.#recordSizeLimit = limit;
  }

  /**
   * A server that rejects 0-RTT skips the client's early data (RFC 8446
   * §4.2.10): after this call, records that fail to decrypt under the current
   * keys are dropped (the sequence number does not advance), and while no
   * keys are installed (after a HelloRetryRequest) application_data records
   * are dropped, up to `maxEarlyDataSize` bytes of content in all (each record
   * counted as its length minus 17, the AEAD tag and the content type), beyond
   * which it is an unexpected_message. Skipping ends with the first record
   * that is processed normally.
   */
  skipEarlyData(maxEarlyDataSize: number): void {
    if (!Number.isSafeInteger(maxEarlyDataSize) || maxEarlyDataSize < 0) {
      throw new RangeError(`maxEarlyDataSize ${maxEarlyDataSize} is not a non-negative integer`);
    }
    this.#earlyDataBudget = maxEarlyDataSize;
    // Without keys (after a HelloRetryRequest) the skipped records are still
    // TLS 1.3 ciphertexts of up to 2^14 + 256 bytes; plaintext records are
    // held to 2^14 by `#plaintext` whatever the deframer lets through.
    if (!this.#cipher) this.#deframer.maxFragmentLength = MAX_CIPHERTEXT_LENGTH_TLS13;
  }

  /** True while rejected early data is being skipped. */
  get skippingEarlyData(): boolean {
    return this.#earlyDataBudget !== undefined;
  }

  get isProtected(): boolean {
    return this.#cipher !== undefined;
  }

  /** The sequence number the next protected record must carry. */
  get sequence(): bigint {
    return this.#seq.exhausted ? MAX_SEQUENCE_NUMBER + 1n : this.#seq.value;
  }

  /**
   * `'update-keys'` once the peer's records under these keys reach the AEAD's
   * confidentiality limit (TLS 1.3: ask for a KeyUpdate with
   * update_requested), `'refuse'` when no further record can be accepted.
   */
  get action(): SequenceAction {
    const cipher = this.#cipher;
    if (!cipher) return 'none';
    if (this.#seq.exhausted) return 'refuse';
    if (this.#seq.atLeast(cipher.limitHi, cipher.limitLo)) {
      return cipher.version === 'TLS1.3' ? 'update-keys' : 'refuse';
    }
    return 'none';
  }

  /** True after a close_notify or a fatal alert was read. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Received bytes not yet turned into events (a clean EOF needs 0 and no partial message). */
  get bufferedBytes(): number {
    return this.#deframer.bufferedBytes;
  }

  /** True while part of a handshake message waits for more records. */
  get hasPartialHandshakeMessage(): boolean {
    return this.#joiner.hasPartialMessage;
  }

  /**
   * Installs new read keys. They apply from the next record `read()` reaches;
   * the sequence number restarts at 0 (`options.sequence` is for tests).
   * Handshake messages must not span a key change and the message before it
   * must end its record (RFC 8446 §5.1): any handshake bytes still held are an
   * unexpected_message.
   */
  installKeys(keys: RecordProtectionKeys, options: { sequence?: bigint } = {}): void {
    this.#rethrow();
    if (!this.#joiner.isEmpty) {
      this.#fail(
        new TlsError(
          'unexpected_message',
          'RECORD_KEY_CHANGE_NOT_ALIGNED',
          'tls: handshake data spans a key change',
        ),
      );
    }
    const cipher = new RecordCipher(keys);
    this.#cipher?.destroy();
    this.#cipher = cipher;
    this.#version = keys.version;
    this.#seq.reset();
    if (options.sequence !== undefined) this.#seq.set(options.sequence);
    this.#deframer.maxFragmentLength =
      keys.version === 'TLS1.3' ? MAX_CIPHERTEXT_LENGTH_TLS13 : MAX_CIPHERTEXT_LENGTH_TLS12;
  }

  /** Lends received bytes (see `Deframer` for the lifetime rule). */
  push(bytes: Uint8Array): void {
    this.#rethrow();
    if (this.#closed) return;
    this.#deframer.push(bytes);
  }

  /** The next event, or `undefined` when more bytes are needed (or the peer has closed). */
  read(): ReadEvent | undefined {
    this.#rethrow();
    try {
      return this.#read();
    } catch (error) {
      if (error instanceof TlsError) this.#fail(error);
      throw error;
    }
  }

  /** Destroys the keys and drops buffered data. */
  destroy(): void {
    this.#cipher?.destroy();
    this.#cipher = undefined;
    this.#joiner.clear();
    this.#closed = true;
  }

  #read(): ReadEvent | undefined {
    for (;;) {
      if (this.#closed) return undefined;
      const message = this.#joiner.next();
      if (message) return { type: 'handshake', message };
      const record = this.#deframer.next();
      if (!record) return undefined;
      const data = this.#unprotect(record);
      if (!data) continue; // skipped early data
      const type = this.#contentType;
      if (type === ContentType.handshake) {
        if (data.length === 0) {
          throw new TlsError(
            'unexpected_message',
            'RECORD_EMPTY_HANDSHAKE',
            'tls: zero-length handshake fragment',
          );
        }
        this.#emptyRecords = 0;
        this.#warnings = 0;
        this.#joiner.push(data);
        continue;
      }
      if (this.#joiner.hasPartialMessage) {
        throw new TlsError(
          'unexpected_message',
          'RECORD_INTERLEAVED_HANDSHAKE',
          `tls: ${ContentType.name(type)} record inside a fragmented handshake message`,
        );
      }
      if (type === ContentType.application_data) {
        if (this.#refuseApplicationData) {
          throw new TlsError(
            'unexpected_message',
            'RECORD_DATA_BEFORE_FINISHED',
            `tls: application data (${data.length} bytes) before the handshake completed`,
          );
        }
        if (data.length === 0) {
          this.#countEmpty();
          continue;
        }
        this.#emptyRecords = 0;
        this.#warnings = 0;
        return { type: 'application_data', data };
      }
      if (type === ContentType.alert) {
        if (data.length === 0) {
          // RFC 8446 §5.4: a Handshake or Alert record with zero-length
          // content is refused with unexpected_message (padding or not).
          throw new TlsError(
            'unexpected_message',
            'RECORD_EMPTY_ALERT',
            'tls: zero-length alert record',
          );
        }
        const alert = classifyAlert(decodeAlert(data), this.#version);
        this.#emptyRecords = 0;
        if (alert.kind === 'close_notify' || alert.kind === 'fatal') {
          this.#closed = true;
        } else if (++this.#warnings > this.#maxWarnings) {
          throw new TlsError(
            'unexpected_message',
            'RECORD_TOO_MANY_WARNINGS',
            `tls: more than ${this.#maxWarnings} warning alerts in a row`,
          );
        }
        return { type: 'alert', alert };
      }
      // change_cipher_spec (only ever unprotected here)
      if (this.#version !== 'TLS1.2' && this.#allowCompatCcs && !this.#compatCcsSeen) {
        if (data.length === 1 && data[0] === 1) {
          this.#compatCcsSeen = true;
          this.#countEmpty();
          continue;
        }
      }
      if (this.#version === 'TLS1.3') {
        throw new TlsError(
          'unexpected_message',
          'RECORD_UNEXPECTED_CCS',
          'tls: unexpected change_cipher_spec in TLS 1.3',
        );
      }
      if (data.length !== 1 || data[0] !== 1) {
        throw new TlsError(
          'decode_error',
          'RECORD_BAD_CCS',
          'tls: change_cipher_spec is not the single byte 0x01',
        );
      }
      this.#emptyRecords = 0;
      return { type: 'change_cipher_spec' };
    }
  }

  #countEmpty(): void {
    if (++this.#emptyRecords > this.#maxEmptyRecords) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_TOO_MANY_EMPTY',
        `tls: more than ${this.#maxEmptyRecords} empty records in a row`,
      );
    }
  }

  /**
   * Checks and decrypts one record: returns the content and sets
   * `#contentType`, or returns undefined for a skipped early data record.
   */
  #unprotect(record: TlsRecord): Uint8Array | undefined {
    const cipher = this.#cipher;
    if (
      !cipher ||
      (cipher.version === 'TLS1.3' &&
        (record.type === ContentType.change_cipher_spec ||
          (record.type === ContentType.alert && this.#allowPlaintextAlerts)))
    ) {
      return this.#plaintext(record);
    }
    return cipher.version === 'TLS1.3'
      ? this.#openTls13(cipher, record)
      : this.#openTls12(cipher, record);
  }

  #plaintext(record: TlsRecord): Uint8Array | undefined {
    if (this.#earlyDataBudget !== undefined) {
      if (record.type === ContentType.application_data) return this.#skip(record);
      // The compatibility CCS may come before the early data; anything else ends it.
      if (record.type !== ContentType.change_cipher_spec) this.#endEarlyData();
    }
    if (record.type === ContentType.application_data) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_UNPROTECTED_DATA',
        'tls: application data before keys are in place',
      );
    }
    if (record.fragment.length > MAX_PLAINTEXT_LENGTH) {
      throw new TlsError(
        'record_overflow',
        'RECORD_OVERFLOW',
        `tls: plaintext record of ${record.fragment.length} bytes`,
      );
    }
    if (this.#version === 'TLS1.2' && record.version !== RecordVersion.TLS1_2) {
      throw wrongVersion('protocol_version', record.version);
    }
    // Our own copy: the deframer's view dies at the next read.
    this.#contentType = record.type;
    return record.fragment.slice();
  }

  #endEarlyData(): void {
    if (this.#earlyDataBudget === undefined) return;
    this.#earlyDataBudget = undefined;
    if (!this.#cipher) this.#deframer.maxFragmentLength = MAX_PLAINTEXT_LENGTH;
  }

  #checkSequence(): void {
    if (this.#seq.exhausted) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_READ_SEQUENCE_EXHAUSTED',
        'tls: peer sent more than 2^64 records under one key',
      );
    }
  }

  /** Drops one early data record, within the budget. */
  #skip(record: TlsRecord): undefined {
    const budget = (this.#earlyDataBudget ?? 0) - Math.max(0, record.fragment.length - 17);
    if (budget < 0) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_TOO_MUCH_EARLY_DATA',
        'tls: more early data than max_early_data_size',
      );
    }
    this.#earlyDataBudget = budget;
    return undefined;
  }

  #openTls13(cipher: RecordCipher, record: TlsRecord): Uint8Array | undefined {
    if (record.type !== ContentType.application_data) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_UNPROTECTED_IN_TLS13',
        `tls: unprotected ${ContentType.name(record.type)} record after keys were installed`,
      );
    }
    if (record.version !== RecordVersion.TLS1_2) {
      throw wrongVersion('decode_error', record.version);
    }
    const fragment = record.fragment;
    if (fragment.length < cipher.tagLength + 1) {
      if (this.#earlyDataBudget !== undefined) return this.#skip(record);
      throw badRecordMac();
    }
    this.#checkSequence();
    const aad = cipher.aad;
    aad[0] = ContentType.application_data;
    aad[1] = 3;
    aad[2] = 3;
    aad[3] = fragment.length >>> 8;
    aad[4] = fragment.length & 0xff;
    cipher.setNonce(this.#seq);
    const inner = cipher.open(fragment);
    if (!inner) {
      if (this.#earlyDataBudget !== undefined) return this.#skip(record);
      throw badRecordMac();
    }
    this.#endEarlyData();
    this.#allowPlaintextAlerts = false;
    this.#seq.increment();
    const limit = Math.min(MAX_INNER_PLAINTEXT_LENGTH, this.#recordSizeLimit ?? Infinity);
    if (inner.length > limit) {
      throw new TlsError(
        'record_overflow',
        'RECORD_OVERFLOW',
        `tls: TLSInnerPlaintext of ${inner.length} bytes exceeds ${limit}`,
      );
    }
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_NO_CONTENT_TYPE',
        'tls: protected record without a content type (all zeros)',
      );
    }
    const type = inner[end]!;
    if (
      type !== ContentType.handshake &&
      type !== ContentType.alert &&
      type !== ContentType.application_data
    ) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_BAD_INNER_TYPE',
        `tls: protected record of content type ${ContentType.name(type)}`,
      );
    }
    if (end > MAX_PLAINTEXT_LENGTH) {
      throw new TlsError('record_overflow', 'RECORD_OVERFLOW', `tls: ${end} bytes of content`);
    }
    this.#contentType = type;
    return inner.subarray(0, end);
  }

  #openTls12(cipher: RecordCipher, record: TlsRecord): Uint8Array {
    if (record.version !== RecordVersion.TLS1_2) {
      throw wrongVersion('protocol_version', record.version);
    }
    const fragment = record.fragment;
    const explicit = cipher.explicitNonceLength;
    const length = fragment.length - explicit - cipher.tagLength;
    if (length < 0) throw badRecordMac();
    const limit = Math.min(MAX_PLAINTEXT_LENGTH, this.#recordSizeLimit ?? Infinity);
    if (length > limit) {
      throw new TlsError(
        'record_overflow',
        'RECORD_OVERFLOW',
        `tls: protected record of ${length} plaintext bytes exceeds ${limit}`,
      );
    }
    this.#checkSequence();
    const aad = cipher.aad;
    this.#seq.writeTo(aad, 0);
    aad[8] = record.type;
    aad[9] = record.version >>> 8;
    aad[10] = record.version & 0xff;
    aad[11] = length >>> 8;
    aad[12] = length & 0xff;
    if (explicit === 8) cipher.setExplicitNonce(fragment.subarray(0, 8));
    else cipher.setNonce(this.#seq);
    const data = cipher.open(explicit === 0 ? fragment : fragment.subarray(explicit));
    if (!data) throw badRecordMac();
    this.#seq.increment();
    this.#contentType = record.type;
    return data;
  }

  #rethrow(): void {
    if (this.#failure) throw this.#failure;
  }

  #fail(error: TlsError): never {
    this.#failure = error;
    this.#joiner.clear();
    throw error;
  }
}

function badRecordMac(): TlsError {
  return new TlsError('bad_record_mac', 'RECORD_BAD_MAC', 'tls: record failed authentication');
}

function wrongVersion(alert: 'decode_error' | 'protocol_version', version: number): TlsError {
  return new TlsError(
    alert,
    'RECORD_WRONG_VERSION',
    `tls: record version 0x${version.toString(16).padStart(4, '0')}, expected 0x0303`,
  );
}
