import { TlsError } from './tls-error.js';
import { prefixLimit, type VectorSpec, vector } from './vector.js';

const U8_ANY = /* @__PURE__ */ vector(1, 0, 0xff);
const U16_ANY = /* @__PURE__ */ vector(2, 0, 0xffff);
const U24_ANY = /* @__PURE__ */ vector(3, 0, 0xffffff);

/**
 * A growable byte builder for TLS structures.
 *
 * Length prefixes are written only by nesting: `w.prefixed(spec, w => …)`
 * reserves the length field, runs the body and patches the length in, so the
 * shape of the code is the shape on the wire and no length is computed by
 * hand. A value or vector that does not fit its field is a bug of ours, not of
 * the peer, and throws a `TlsError` with `internal_error`.
 */
export class Writer {
  #buffer: Uint8Array;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  u8(value: number): this {
    checkInteger(value, 0xff, 'u8');
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
    return this;
  }

  u16(value: number): this {
    checkInteger(value, 0xffff, 'u16');
    this.#reserve(2);
    const b = this.#buffer;
    const o = this.#length;
    b[o] = value >>> 8;
    b[o + 1] = value;
    this.#length = o + 2;
    return this;
  }

  u24(value: number): this {
    checkInteger(value, 0xffffff, 'u24');
    this.#reserve(3);
    const b = this.#buffer;
    const o = this.#length;
    b[o] = value >>> 16;
    b[o + 1] = value >>> 8;
    b[o + 2] = value;
    this.#length = o + 3;
    return this;
  }

  u32(value: number): this {
    checkInteger(value, 0xffffffff, 'u32');
    this.#reserve(4);
    const b = this.#buffer;
    const o = this.#length;
    b[o] = value >>> 24;
    b[o + 1] = value >>> 16;
    b[o + 2] = value >>> 8;
    b[o + 3] = value;
    this.#length = o + 4;
    return this;
  }

  u64(value: bigint): this {
    if (value < 0n || value > 0xffffffffffffffffn) {
      throw encodeError(`u64 value ${value} out of range`);
    }
    return this.u32(Number(value >> 32n)).u32(Number(value & 0xffffffffn));
  }

  /** Raw bytes, no length prefix. */
  bytes(data: Uint8Array): this {
    this.#reserve(data.length);
    this.#buffer.set(data, this.#length);
    this.#length += data.length;
    return this;
  }

  /** An opaque vector: its length prefix, then the bytes. */
  vector(spec: VectorSpec, data: Uint8Array): this {
    checkBounds(spec, data.length);
    return this.#prefix(spec.prefix, data.length).bytes(data);
  }

  /** A length-prefixed block whose contents `body` writes into this writer. */
  prefixed(spec: VectorSpec, body: (w: this) => void): this {
    this.#reserve(spec.prefix);
    const lengthAt = this.#length;
    this.#length += spec.prefix;
    body(this);
    const length = this.#length - lengthAt - spec.prefix;
    checkBounds(spec, length);
    let shift = (spec.prefix - 1) * 8;
    for (let i = 0; i < spec.prefix; i++, shift -= 8) {
      this.#buffer[lengthAt + i] = Math.floor(length / 2 ** shift) & 0xff;
    }
    return this;
  }

  /** `prefixed` with a 1-byte length and no bounds but the field's own. */
  u8Prefixed(body: (w: this) => void): this {
    return this.prefixed(U8_ANY, body);
  }

  /** `prefixed` with a 2-byte length and no bounds but the field's own. */
  u16Prefixed(body: (w: this) => void): this {
    return this.prefixed(U16_ANY, body);
  }

  /** `prefixed` with a 3-byte length and no bounds but the field's own. */
  u24Prefixed(body: (w: this) => void): this {
    return this.prefixed(U24_ANY, body);
  }

  /**
   * The bytes written, as a view of the writer's buffer (no copy). The writer
   * must not be used afterwards.
   */
  finish(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  #prefix(prefix: 1 | 2 | 3 | 4, length: number): this {
    switch (prefix) {
      case 1:
        return this.u8(length);
      case 2:
        return this.u16(length);
      case 3:
        return this.u24(length);
      case 4:
        return this.u32(length);
    }
  }

  #reserve(n: number): void {
    const needed = this.#length + n;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}

/** Encodes a structure in one expression: `encode(w => w.u16(0x0303))`. */
export function encode(body: (w: Writer) => void, initialCapacity?: number): Uint8Array {
  const w = new Writer(initialCapacity);
  body(w);
  return w.finish();
}

function checkInteger(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw encodeError(`${field} value ${value} out of range`);
  }
}

function checkBounds(spec: VectorSpec, length: number): void {
  if (length < spec.min || length > spec.max || length > prefixLimit(spec.prefix)) {
    throw encodeError(`vector of length ${length} outside <${spec.min}..${spec.max}>`);
  }
}

function encodeError(detail: string): TlsError {
  return new TlsError('internal_error', 'WIRE_ENCODE_BOUNDS', `tls: cannot encode: ${detail}`);
}
