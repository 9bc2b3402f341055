import { AlertDescription, TlsError } from '@strata/wire';
import { alertLevelFor } from './alert.js';
import { ByteQueue } from './byte-queue.js';
import {
  ContentType,
  RECORD_HEADER_LENGTH,
  RecordVersion,
  type TlsVersion,
} from './content-type.js';
import {
  MAX_INNER_PLAINTEXT_LENGTH,
  MAX_PLAINTEXT_LENGTH,
  MIN_RECORD_SIZE_LIMIT,
} from './limits.js';
import { RecordCipher, type RecordProtectionKeys } from './protection.js';
import {
  MAX_SEQUENCE_NUMBER,
  type SequenceAction,
  SequenceNumber,
  splitLimit,
} from './sequence.js';

/**
 * How much zero padding a TLS 1.3 record gets (RFC 8446 §5.4):
 * - `{ kind: 'none' }` (the default);
 * - `{ kind: 'block', blockSize }`: the TLSInnerPlaintext is padded to a
 *   multiple of `blockSize` (never beyond the record size limit);
 * - a function of the content type, the content length and the most padding
 *   the record can take, returning the padding length.
 */
export type PaddingPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'block'; readonly blockSize: number }
  | ((contentType: number, contentLength: number, maxPadding: number) => number);

export interface RecordWriterOptions {
  /** TLS 1.3 padding policy; default none. */
  readonly padding?: PaddingPolicy;
  /** Initial capacity of the output queue in bytes; default 0 (allocated on the first record, then grown). */
  readonly outputCapacity?: number;
}

const [HARD_HI, HARD_LO] = splitLimit(MAX_SEQUENCE_NUMBER);

/**
 * The sending half of the record layer (Go's halfConn, rustls' record
 * layer): it owns the write keys, the write sequence number and the limits,
 * fragments and protects what the handshake and the application hand it, and
 * queues the resulting records for the transport.
 *
 *   const writer = new RecordWriter();
 *   writer.writeHandshake(clientHello);              // plaintext record
 *   writer.installKeys(tls13Keys(suite, clientHandshakeSecret));
 *   writer.writeHandshake(finished);                 // protected record
 *   socket.write(writer.takeOutput());
 *
 * Before every write of application data the caller consults `action`:
 * `'update-keys'` means send a KeyUpdate (TLS 1.3) now, `'refuse'` means the
 * keys may not protect another data record (TLS 1.2 must close). A write
 * that would go past 2^64 - 1 records throws instead of wrapping.
 */
export class RecordWriter {
  #cipher: RecordCipher | undefined;
  readonly #seq = new SequenceNumber();
  #version: TlsVersion | undefined;
  #recordSizeLimit: number | undefined;
  #padding: PaddingPolicy;
  /**
   * TLS 1.3 inner plaintext (and TLS 1.2 gathered payload) is built here.
   * It grows on demand (doubling, up to one full record) instead of starting
   * at 16 KiB: a handshake writes records of a few hundred bytes, and an idle
   * connection should not hold a record's worth of zeros per direction.
   */
  #scratch: Uint8Array = EMPTY;
  readonly #out: ByteQueue;
  #recordVersion: number = RecordVersion.TLS1_2;

  constructor(options: RecordWriterOptions = {}) {
    this.#padding = options.padding ?? { kind: 'none' };
    checkPadding(this.#padding);
    this.#out = new ByteQueue(options.outputCapacity ?? 0);
  }

  /** The negotiated version, once known. */
  get version(): TlsVersion | undefined {
    return this.#version;
  }

  /** Sets the negotiated version (it decides the alert levels and the limit arithmetic). */
  setVersion(version: TlsVersion): void {
    this.#version = version;
  }

  /**
   * legacy_record_version of plaintext records: 0x0303 by default; a client
   * may set 0x0301 for its first ClientHello (RFC 8446 §5.1). Protected
   * records always carry 0x0303.
   */
  get recordVersion(): number {
    return this.#recordVersion;
  }

  set recordVersion(version: number) {
    if (version !== RecordVersion.TLS1_0 && version !== RecordVersion.TLS1_2) {
      throw new RangeError(`recordVersion must be 0x0301 or 0x0303, got ${version}`);
    }
    this.#recordVersion = version;
  }

  setPadding(policy: PaddingPolicy): void {
    checkPadding(policy);
    this.#padding = policy;
  }

  /** True once keys are installed. */
  get isProtected(): boolean {
    return this.#cipher !== undefined;
  }

  /** The sequence number of the next protected record. */
  get sequence(): bigint {
    return this.#seq.exhausted ? MAX_SEQUENCE_NUMBER + 1n : this.#seq.value;
  }

  /**
   * Installs new write keys, atomically: every record written before this
   * call used the old keys, every record after it uses the new ones. The
   * sequence number restarts at 0 (`options.sequence` exists for tests and
   * must never be used to reuse a nonce). The previous keys are destroyed.
   * Also fixes the version to the keys' version.
   */
  installKeys(keys: RecordProtectionKeys, options: { sequence?: bigint } = {}): void {
    const cipher = new RecordCipher(keys);
    this.#cipher?.destroy();
    this.#cipher = cipher;
    this.#version = keys.version;
    this.#seq.reset();
    if (options.sequence !== undefined) this.#seq.set(options.sequence);
  }

  /**
   * The peer's record_size_limit (RFC 8449): the largest protected plaintext
   * it accepts, content type and padding included in TLS 1.3. Values above
   * the protocol maximum are clamped; values below 64 are the peer's error.
   */
  setRecordSizeLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < MIN_RECORD_SIZE_LIMIT || limit > 0xffff) {
      throw new TlsError(
        'illegal_parameter',
        'RECORD_BAD_SIZE_LIMIT',
        `tls: record_size_limit ${limit} outside [64, 65535]`,
      );
    }
    this.#recordSizeLimit = limit;
  }

  /** Largest content a record written now may carry. */
  get maxFragmentLength(): number {
    const cipher = this.#cipher;
    if (!cipher) return MAX_PLAINTEXT_LENGTH;
    const limit = this.#recordSizeLimit;
    if (limit === undefined) return MAX_PLAINTEXT_LENGTH;
    return cipher.version === 'TLS1.3'
      ? Math.min(MAX_PLAINTEXT_LENGTH, limit - 1)
      : Math.min(MAX_PLAINTEXT_LENGTH, limit);
  }

  /**
   * What to do before writing more data: `'none'`; `'update-keys'` once the
   * AEAD's confidentiality limit (or 2^64 - 2^16) is reached under TLS 1.3;
   * `'refuse'` when TLS 1.2 reaches it (no rekeying; close the connection) or
   * when no data record may be written at all any more.
   */
  get action(): SequenceAction {
    const cipher = this.#cipher;
    if (!cipher) return 'none';
    if (this.#seq.atLeast(HARD_HI, HARD_LO)) return 'refuse';
    if (this.#seq.atLeast(cipher.limitHi, cipher.limitLo)) {
      return cipher.version === 'TLS1.3' ? 'update-keys' : 'refuse';
    }
    return 'none';
  }

  /** Bytes of finished records waiting for the transport. */
  get pendingBytes(): number {
    return this.#out.length;
  }

  /** All pending output as one new array; the queue is emptied. */
  takeOutput(): Uint8Array {
    return this.#out.take();
  }

  /** Copies pending output into `into` (no allocation); returns the count. */
  readOutput(into: Uint8Array): number {
    return this.#out.readInto(into);
  }

  /**
   * Handshake messages, coalesced: their bytes are laid end to end and cut
   * into as few records as the fragment limit allows.
   */
  writeHandshake(messages: Uint8Array | readonly Uint8Array[]): void {
    const parts = messages instanceof Uint8Array ? [messages] : messages;
    this.#write(ContentType.handshake, parts, false);
  }

  /** Application data, fragmented. Writing nothing sends nothing. */
  writeApplicationData(data: Uint8Array): void {
    if (!this.#cipher) {
      throw new TlsError(
        'internal_error',
        'RECORD_UNPROTECTED_DATA',
        'tls: application data cannot be sent before keys are installed',
      );
    }
    this.#single[0] = data;
    try {
      this.#write(ContentType.application_data, this.#single, false);
    } finally {
      this.#single[0] = EMPTY;
    }
  }

  /**
   * An alert record. The level defaults to the version's rule (TLS 1.3:
   * warning for close_notify/user_canceled, fatal otherwise). An alert may use
   * the very last sequence number (2^64 - 1), so a close_notify always fits.
   */
  writeAlert(description: number, level?: number): void {
    const lvl = level ?? alertLevelFor(description, this.#version);
    const alert = this.#scratchAlert;
    alert[0] = lvl;
    alert[1] = description;
    this.#single[0] = alert;
    try {
      this.#write(ContentType.alert, this.#single, true);
    } finally {
      this.#single[0] = EMPTY;
    }
  }

  /** Shortcut for the closure alert. */
  writeCloseNotify(): void {
    this.writeAlert(AlertDescription.close_notify);
  }

  /**
   * The change_cipher_spec record: `14 03 03 00 01 01`, always unprotected.
   * TLS 1.2 sends it before switching its write keys; TLS 1.3 sends it once
   * for middlebox compatibility (RFC 8446 Appendix D.4).
   */
  writeChangeCipherSpec(): void {
    const at = this.#out.reserve(RECORD_HEADER_LENGTH + 1);
    const buf = this.#out.buffer;
    buf[at] = ContentType.change_cipher_spec;
    buf[at + 1] = 3;
    buf[at + 2] = 3;
    buf[at + 3] = 0;
    buf[at + 4] = 1;
    buf[at + 5] = 1;
    this.#out.commit(RECORD_HEADER_LENGTH + 1);
  }

  /** Destroys the keys; the writer is unusable for protected records afterwards. */
  destroy(): void {
    this.#cipher?.destroy();
    this.#cipher = undefined;
    this.#scratch.fill(0);
  }

  /** The scratch buffer, at least `n` bytes long. */
  #scratchOf(n: number): Uint8Array {
    if (this.#scratch.length < n) {
      this.#scratch.fill(0);
      this.#scratch = new Uint8Array(
        Math.min(MAX_INNER_PLAINTEXT_LENGTH, Math.max(n, 2 * this.#scratch.length, 256)),
      );
    }
    return this.#scratch;
  }

  readonly #scratchAlert = new Uint8Array(2);
  /** Reused per write: the parts being written and the position in them. */
  readonly #cursor: Cursor = { parts: [], index: 0, pos: 0 };
  readonly #single: Uint8Array[] = [new Uint8Array(0)];

  #write(type: number, parts: readonly Uint8Array[], isAlert: boolean): void {
    let total = 0;
    for (const p of parts) total += p.length;
    if (total === 0) return;
    const cipher = this.#cipher;
    const maxFragment = this.maxFragmentLength;
    if (cipher) this.#checkSequence(Math.ceil(total / maxFragment), isAlert);
    const cursor = this.#cursor;
    cursor.parts = parts;
    cursor.index = 0;
    cursor.pos = 0;
    let remaining = total;
    while (remaining > 0) {
      const n = Math.min(maxFragment, remaining);
      if (!cipher) this.#writePlaintext(type, cursor, n);
      else if (cipher.version === 'TLS1.3') this.#sealTls13(cipher, type, cursor, n);
      else this.#sealTls12(cipher, type, cursor, n);
      remaining -= n;
    }
    cursor.parts = NO_PARTS; // keep no reference to the caller's bytes
  }

  #checkSequence(records: number, isAlert: boolean): void {
    // The last number (2^64 - 1) is kept for an alert; nothing ever wraps.
    // Without BigInt: below 2^64 - 2^32 there is room for any write (a write
    // is far fewer than 2^32 records); above, compare the low halves.
    const seq = this.#seq;
    const lastLo = isAlert ? 0xffff_ffff : 0xffff_fffe;
    if (seq.exhausted || (seq.hi === 0xffff_ffff && seq.lo + records - 1 > lastLo)) {
      throw new TlsError(
        'internal_error',
        'RECORD_SEQUENCE_EXHAUSTED',
        'tls: write sequence number exhausted; keys must be updated or the connection closed',
      );
    }
  }

  #writePlaintext(type: number, cursor: Cursor, n: number): void {
    const at = this.#out.reserve(RECORD_HEADER_LENGTH + n);
    const buf = this.#out.buffer;
    writeHeader(buf, at, type, this.#recordVersion, n);
    gather(cursor, n, buf, at + RECORD_HEADER_LENGTH);
    this.#out.commit(RECORD_HEADER_LENGTH + n);
  }

  #sealTls13(cipher: RecordCipher, type: number, cursor: Cursor, n: number): void {
    const maxInner = Math.min(MAX_INNER_PLAINTEXT_LENGTH, this.#recordSizeLimit ?? Infinity);
    const padding = this.#paddingFor(type, n, maxInner - n - 1);
    const innerLength = n + 1 + padding;
    const scratch = this.#scratchOf(innerLength);
    gather(cursor, n, scratch, 0);
    scratch[n] = type;
    if (padding > 0) scratch.fill(0, n + 1, innerLength);
    const length = innerLength + cipher.tagLength;
    writeHeader(cipher.aad, 0, ContentType.application_data, RecordVersion.TLS1_2, length);
    cipher.setNonce(this.#seq);
    const sealed = cipher.seal(scratch.subarray(0, innerLength));
    this.#seq.increment();
    const at = this.#out.reserve(RECORD_HEADER_LENGTH + sealed.length);
    const buf = this.#out.buffer;
    buf.set(cipher.aad, at);
    buf.set(sealed, at + RECORD_HEADER_LENGTH);
    this.#out.commit(RECORD_HEADER_LENGTH + sealed.length);
  }

  #sealTls12(cipher: RecordCipher, type: number, cursor: Cursor, n: number): void {
    const payload = contiguous(cursor, n) ?? gatherInto(cursor, n, this.#scratchOf(n));
    const aad = cipher.aad;
    const seq = this.#seq;
    seq.writeTo(aad, 0);
    writeHeader(aad, 8, type, RecordVersion.TLS1_2, n);
    cipher.setNonce(seq);
    const sealed = cipher.seal(payload);
    const explicit = cipher.explicitNonceLength;
    const length = explicit + sealed.length;
    const at = this.#out.reserve(RECORD_HEADER_LENGTH + length);
    const buf = this.#out.buffer;
    writeHeader(buf, at, type, RecordVersion.TLS1_2, length);
    if (explicit === 8) seq.writeTo(buf, at + RECORD_HEADER_LENGTH);
    buf.set(sealed, at + RECORD_HEADER_LENGTH + explicit);
    this.#out.commit(RECORD_HEADER_LENGTH + length);
    seq.increment();
  }

  #paddingFor(type: number, n: number, maxPadding: number): number {
    const policy = this.#padding;
    if (maxPadding <= 0) return 0;
    if (typeof policy === 'function') {
      const padding = policy(type, n, maxPadding);
      if (!Number.isInteger(padding) || padding < 0 || padding > maxPadding) {
        throw new RangeError(`padding policy returned ${padding}, not in [0, ${maxPadding}]`);
      }
      return padding;
    }
    if (policy.kind === 'none') return 0;
    const inner = n + 1;
    const padded = Math.ceil(inner / policy.blockSize) * policy.blockSize;
    return Math.min(padded - inner, maxPadding);
  }
}

const EMPTY = /* @__PURE__ */ new Uint8Array(0);
const NO_PARTS: readonly Uint8Array[] = [];

interface Cursor {
  parts: readonly Uint8Array[];
  index: number;
  pos: number;
}

function writeHeader(buf: Uint8Array, at: number, type: number, version: number, length: number) {
  buf[at] = type;
  buf[at + 1] = version >>> 8;
  buf[at + 2] = version & 0xff;
  buf[at + 3] = length >>> 8;
  buf[at + 4] = length & 0xff;
}

/** Copies the next `n` bytes of the parts to `dest[offset..]`. */
function gather(cursor: Cursor, n: number, dest: Uint8Array, offset: number): void {
  while (n > 0) {
    const part = cursor.parts[cursor.index]!;
    const take = Math.min(n, part.length - cursor.pos);
    dest.set(part.subarray(cursor.pos, cursor.pos + take), offset);
    offset += take;
    n -= take;
    cursor.pos += take;
    if (cursor.pos === part.length) {
      cursor.index++;
      cursor.pos = 0;
    }
  }
}

function gatherInto(cursor: Cursor, n: number, scratch: Uint8Array): Uint8Array {
  gather(cursor, n, scratch, 0);
  return scratch.subarray(0, n);
}

/** The next `n` bytes as a view when they lie in one part (no copy), else undefined. */
function contiguous(cursor: Cursor, n: number): Uint8Array | undefined {
  let part = cursor.parts[cursor.index]!;
  while (part.length === cursor.pos) {
    cursor.index++;
    cursor.pos = 0;
    part = cursor.parts[cursor.index]!;
  }
  if (part.length - cursor.pos < n) return undefined;
  const view = part.subarray(cursor.pos, cursor.pos + n);
  cursor.pos += n;
  if (cursor.pos === part.length) {
    cursor.index++;
    cursor.pos = 0;
  }
  return view;
}

function checkPadding(policy: PaddingPolicy): void {
  if (typeof policy === 'function' || policy.kind === 'none') return;
  if (!Number.isInteger(policy.blockSize) || policy.blockSize < 1 || policy.blockSize > 16385) {
    throw new RangeError(`padding block size ${policy.blockSize} not in [1, 16385]`);
  }
}
