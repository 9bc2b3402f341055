/**
 * The shape of a TLS variable-length vector, RFC 8446 §3.4:
 *
 *   opaque data<min..max>;
 *
 * `prefix` is the size of the length field in bytes; it follows from `max`
 * (1 byte up to 255, 2 up to 65535, 3 up to 2^24-1) but is spelled out so the
 * wire layout reads directly from the declaration.
 */
export interface VectorSpec {
  readonly prefix: 1 | 2 | 3 | 4;
  readonly min: number;
  readonly max: number;
}

const PREFIX_LIMIT = [0, 0xff, 0xffff, 0xffffff, 0xffffffff] as const;

/** Declares a vector's bounds once: `vector(2, 1, 0xffff)` for `<1..2^16-1>`. */
export function vector(prefix: 1 | 2 | 3 | 4, min: number, max: number): VectorSpec {
  if (prefix !== 1 && prefix !== 2 && prefix !== 3 && prefix !== 4) {
    throw new RangeError(`vector: a length prefix is 1, 2, 3 or 4 bytes, not ${String(prefix)}`);
  }
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    throw new RangeError(`vector: invalid bounds <${min}..${max}>`);
  }
  if (max > PREFIX_LIMIT[prefix]) {
    throw new RangeError(`vector: max ${max} does not fit a ${prefix}-byte length`);
  }
  return Object.freeze({ prefix, min, max });
}

/** The largest length a prefix of this many bytes can carry. */
export function prefixLimit(prefix: 1 | 2 | 3 | 4): number {
  return PREFIX_LIMIT[prefix];
}
