import { TlsError } from '@strata/wire';
import { ContentType, RECORD_HEADER_LENGTH, type TlsRecord } from './content-type.js';
import { MAX_CIPHERTEXT_LENGTH_TLS12 } from './limits.js';

/**
 * Cuts a byte stream into whole records (RFC 8446 §5.1, RFC 5246 §6.2.1).
 *
 * Bytes may arrive in any chunking, one byte at a time or many records at
 * once. `push(bytes)` lends the bytes; `next()` returns the next whole record
 * or `undefined` when more bytes are needed. A record lying whole inside a
 * pushed chunk is returned as a view of it (no copy); a record split across
 * chunks is gathered in an internal buffer bounded by the record size limit.
 *
 * Lifetimes: a returned record's fragment is valid until the next call to
 * `next()` or `push()`; the caller's chunk must stay unchanged until `next()`
 * has returned `undefined` (at which point any unconsumed tail has been
 * copied).
 *
 * Checks, in order, on each header as soon as its 5 bytes are in:
 * - the content type is change_cipher_spec, alert, handshake or
 *   application_data, else `unexpected_message`;
 * - the version's major byte is 3 (TLS 1.x), else `protocol_version`;
 * - the length is at most `maxFragmentLength`, else `record_overflow`.
 * Rules that depend on the connection's state (exact version, protected or
 * not, empty fragments) belong to `RecordReader`.
 */
export class Deframer {
  /** Largest TLSPlaintext/TLSCiphertext length accepted (default 2^14 + 2048). */
  maxFragmentLength: number;

  #buf: Uint8Array = new Uint8Array(0);
  #start = 0;
  #end = 0;
  #chunk: Uint8Array | undefined;
  #pos = 0;

  constructor(options: { maxFragmentLength?: number } = {}) {
    this.maxFragmentLength = options.maxFragmentLength ?? MAX_CIPHERTEXT_LENGTH_TLS12;
  }

  /** Bytes received and not yet returned as records. */
  get bufferedBytes(): number {
    return this.#end - this.#start + (this.#chunk ? this.#chunk.length - this.#pos : 0);
  }

  /** True while received bytes wait to be returned as records (a clean end of stream needs false). */
  get hasPartialRecord(): boolean {
    return this.bufferedBytes > 0;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#chunk) {
      // The caller pushed again before draining: keep the old tail ourselves.
      this.#append(this.#chunk, this.#pos, this.#chunk.length);
      this.#chunk = undefined;
    }
    this.#chunk = bytes;
    this.#pos = 0;
  }

  next(): TlsRecord | undefined {
    if (this.#end > this.#start) return this.#nextBuffered();
    const chunk = this.#chunk;
    if (!chunk) return undefined;
    const pos = this.#pos;
    const available = chunk.length - pos;
    if (available >= RECORD_HEADER_LENGTH) {
      const length = this.#checkHeader(chunk, pos);
      const total = RECORD_HEADER_LENGTH + length;
      if (available >= total) {
        this.#pos = pos + total;
        if (this.#pos === chunk.length) this.#chunk = undefined;
        return {
          type: chunk[pos]!,
          version: (chunk[pos + 1]! << 8) | chunk[pos + 2]!,
          fragment: chunk.subarray(pos + RECORD_HEADER_LENGTH, pos + total),
        };
      }
    }
    // Not a whole record: keep the tail (bounded by the header check above).
    this.#start = 0;
    this.#end = 0;
    this.#append(chunk, pos, chunk.length);
    this.#chunk = undefined;
    return undefined;
  }

  #nextBuffered(): TlsRecord | undefined {
    if (!this.#fill(RECORD_HEADER_LENGTH)) return undefined;
    const length = this.#checkHeader(this.#buf, this.#start);
    const total = RECORD_HEADER_LENGTH + length;
    if (!this.#fill(total)) return undefined;
    const buf = this.#buf;
    const s = this.#start;
    this.#start = s + total;
    if (this.#start === this.#end) {
      this.#start = 0;
      this.#end = 0;
    }
    return {
      type: buf[s]!,
      version: (buf[s + 1]! << 8) | buf[s + 2]!,
      fragment: buf.subarray(s + RECORD_HEADER_LENGTH, s + total),
    };
  }

  /** Moves bytes from the chunk until `n` are buffered; false if the chunk ran out first. */
  #fill(n: number): boolean {
    const have = this.#end - this.#start;
    if (have >= n) return true;
    const chunk = this.#chunk;
    if (!chunk) return false;
    const take = Math.min(n - have, chunk.length - this.#pos);
    this.#append(chunk, this.#pos, this.#pos + take);
    this.#pos += take;
    if (this.#pos === chunk.length) this.#chunk = undefined;
    return this.#end - this.#start >= n;
  }

  #append(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    if (this.#end + n > this.#buf.length) {
      const live = this.#end - this.#start;
      if (live + n <= this.#buf.length) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        const grown = new Uint8Array(Math.max(live + n, 2 * this.#buf.length, 1024));
        grown.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = grown;
      }
      this.#start = 0;
      this.#end = live;
    }
    this.#buf.set(src.subarray(from, to), this.#end);
    this.#end += n;
  }

  /** Validates the header at `at`; returns its length field. */
  #checkHeader(bytes: Uint8Array, at: number): number {
    const type = bytes[at]!;
    if (type < ContentType.change_cipher_spec || type > ContentType.application_data) {
      throw new TlsError(
        'unexpected_message',
        'RECORD_UNKNOWN_CONTENT_TYPE',
        `tls: record of unknown content type ${ContentType.name(type)}`,
      );
    }
    if (bytes[at + 1] !== 3) {
      throw new TlsError(
        'protocol_version',
        'RECORD_BAD_VERSION',
        `tls: record version 0x${((bytes[at + 1]! << 8) | bytes[at + 2]!).toString(16).padStart(4, '0')} is not TLS`,
      );
    }
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (length > this.maxFragmentLength) {
      throw new TlsError(
        'record_overflow',
        'RECORD_OVERFLOW',
        `tls: record of ${length} bytes exceeds the limit of ${this.maxFragmentLength}`,
      );
    }
    return length;
  }
}
