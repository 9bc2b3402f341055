import { TlsError } from './tls-error.js';
import type { VectorSpec } from './vector.js';

/**
 * A bounds-checked cursor over bytes received from a peer.
 *
 * Every read names the field it is reading; reading past the end, or a vector
 * whose length is outside its declared bounds, throws a `TlsError` with
 * `decode_error` that says which field. Reads of byte strings are zero-copy
 * `subarray` views of the input.
 */
export class Reader {
  readonly #bytes: Uint8Array;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes not yet consumed. */
  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  /** True once every byte has been consumed. */
  get atEnd(): boolean {
    return this.#offset === this.#bytes.length;
  }

  u8(field: string): number {
    this.#need(1, field);
    return this.#bytes[this.#offset++]!;
  }

  u16(field: string): number {
    this.#need(2, field);
    const b = this.#bytes;
    const o = this.#offset;
    this.#offset = o + 2;
    return (b[o]! << 8) | b[o + 1]!;
  }

  u24(field: string): number {
    this.#need(3, field);
    const b = this.#bytes;
    const o = this.#offset;
    this.#offset = o + 3;
    return (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
  }

  u32(field: string): number {
    this.#need(4, field);
    const b = this.#bytes;
    const o = this.#offset;
    this.#offset = o + 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u64(field: string): bigint {
    const high = this.u32(field);
    const low = this.u32(field);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** The next `n` bytes, as a view of the input. */
  bytes(n: number, field: string): Uint8Array {
    this.#need(n, field);
    const start = this.#offset;
    this.#offset = start + n;
    return this.#bytes.subarray(start, start + n);
  }

  /** A reader over the next `n` bytes, which it consumes from this one. */
  sub(n: number, field: string): Reader {
    return new Reader(this.bytes(n, field));
  }

  /** A length-prefixed opaque vector, `opaque field<min..max>`. */
  vector(spec: VectorSpec, field: string): Uint8Array {
    const length = this.#length(spec, field);
    return this.bytes(length, field);
  }

  /** A reader over the contents of a length-prefixed vector. */
  vectorReader(spec: VectorSpec, field: string): Reader {
    return new Reader(this.vector(spec, field));
  }

  /**
   * A length-prefixed list, `Item field<min..max>`: decodes items with
   * `item` until the vector is consumed. An item that runs past the vector's
   * end fails like any truncated read.
   */
  list<T>(spec: VectorSpec, field: string, item: (r: Reader) => T): T[] {
    const r = this.vectorReader(spec, field);
    const items: T[] = [];
    while (!r.atEnd) {
      const before = r.offset;
      items.push(item(r));
      // An item decoder that consumes nothing would loop forever on peer bytes.
      if (r.offset === before) {
        throw new TlsError(
          'internal_error',
          'WIRE_LIST_NO_PROGRESS',
          `tls: decoding an item of ${field} consumed no bytes`,
        );
      }
    }
    return items;
  }

  /** Everything not yet consumed. */
  rest(): Uint8Array {
    const start = this.#offset;
    this.#offset = this.#bytes.length;
    return this.#bytes.subarray(start);
  }

  /** The next byte without consuming it. */
  peekU8(field: string): number {
    this.#need(1, field);
    return this.#bytes[this.#offset]!;
  }

  /** Fails with `decode_error` if any byte is left: `r.expectEnd('ClientHello')`. */
  expectEnd(field: string): void {
    if (!this.atEnd) {
      throw new TlsError(
        'decode_error',
        'WIRE_TRAILING_BYTES',
        `tls: ${this.remaining} unexpected trailing byte(s) after ${field}`,
      );
    }
  }

  #length(spec: VectorSpec, field: string): number {
    let length: number;
    switch (spec.prefix) {
      case 1:
        length = this.u8(field);
        break;
      case 2:
        length = this.u16(field);
        break;
      case 3:
        length = this.u24(field);
        break;
      case 4:
        length = this.u32(field);
        break;
    }
    if (length < spec.min || length > spec.max) {
      throw new TlsError(
        'decode_error',
        'WIRE_VECTOR_BOUNDS',
        `tls: ${field} has length ${length}, outside <${spec.min}..${spec.max}>`,
      );
    }
    return length;
  }

  #need(n: number, field: string): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Reader: invalid length ${n} for ${field}`);
    }
    if (n > this.#bytes.length - this.#offset) {
      throw new TlsError(
        'decode_error',
        'WIRE_TRUNCATED',
        `tls: truncated ${field}: needed ${n} byte(s), ${this.remaining} left`,
      );
    }
  }
}
