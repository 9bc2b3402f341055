import { type AlertName, Reader } from '@strata/wire';
import { PkiErrorCode, pkiError } from './errors.js';

/**
 * A bounded DER walker over the wire `Reader`. It checks the framing of every
 * element (definite lengths that fit, tags, nesting depth, element count)
 * before any bytes reach the ASN.1 library, and finds exact byte spans (the
 * TBS part of a certificate) without re-encoding anything.
 */

/** Limits on untrusted DER, applied before decoding. */
export interface DerLimits {
  /** Largest accepted input, in bytes. */
  readonly maxSize: number;
  /** Deepest nesting of constructed elements. */
  readonly maxDepth: number;
  /** Most elements in one input. */
  readonly maxElements: number;
}

export const DEFAULT_DER_LIMITS: DerLimits = {
  maxSize: 1 << 20,
  maxDepth: 24,
  maxElements: 50_000,
};

/** One element: its tag byte(s), the whole encoding and the contents, as views of the input. */
export interface DerElement {
  /** The identifier octet (class, constructed bit, low tag number); high tags are folded to 0x1f|class. */
  readonly tag: number;
  /** The tag number (for high-tag-number form, the decoded number). */
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Header and contents. */
  readonly encoded: Uint8Array;
  readonly contents: Uint8Array;
}

export class DerCursor {
  readonly #bytes: Uint8Array;
  readonly #r: Reader;
  readonly #alert: AlertName;
  readonly #what: string;

  constructor(bytes: Uint8Array, alert: AlertName, what: string) {
    this.#bytes = bytes;
    this.#r = new Reader(bytes);
    this.#alert = alert;
    this.#what = what;
  }

  get atEnd(): boolean {
    return this.#r.atEnd;
  }

  peekTag(): number | undefined {
    return this.#r.atEnd ? undefined : this.#r.peekU8(this.#what);
  }

  /** The next element; fails on bad framing. */
  next(field: string): DerElement {
    const r = this.#r;
    const start = r.offset;
    const fail = (code: PkiErrorCode, why: string) =>
      pkiError(this.#alert, code, `tls: ${this.#what}: ${field}: ${why}`);
    if (r.remaining < 2) throw fail(PkiErrorCode.DerTruncated, 'truncated element header');
    const tag = r.u8(field);
    let tagNumber = tag & 0x1f;
    if (tagNumber === 0x1f) {
      tagNumber = 0;
      for (let i = 0; ; i++) {
        if (i === 4) throw fail(PkiErrorCode.DerTagTooLarge, 'tag number too large');
        if (r.remaining < 1) throw fail(PkiErrorCode.DerTruncated, 'truncated tag');
        const b = r.u8(field);
        tagNumber = tagNumber * 128 + (b & 0x7f);
        if ((b & 0x80) === 0) break;
      }
    }
    if (r.remaining < 1) throw fail(PkiErrorCode.DerTruncated, 'truncated length');
    const first = r.u8(field);
    let length: number;
    if (first < 0x80) {
      length = first;
    } else if (first === 0x80) {
      throw fail(PkiErrorCode.DerIndefiniteLength, 'indefinite length is not DER');
    } else {
      const n = first & 0x7f;
      if (n > 4) throw fail(PkiErrorCode.DerLengthTooLarge, `length of ${n} bytes is too large`);
      if (r.remaining < n) throw fail(PkiErrorCode.DerTruncated, 'truncated length');
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + r.u8(field);
    }
    if (length > r.remaining) {
      throw fail(
        PkiErrorCode.DerTruncated,
        `element of ${length} byte(s) with only ${r.remaining} left`,
      );
    }
    const contents = r.bytes(length, field);
    return {
      tag,
      tagNumber,
      constructed: (tag & 0x20) !== 0,
      encoded: this.#bytes.subarray(start, r.offset),
      contents,
    };
  }

  /** The next element, which must carry `tag`. */
  expect(tag: number, field: string): DerElement {
    const e = this.next(field);
    if (e.tag !== tag) {
      throw pkiError(
        this.#alert,
        PkiErrorCode.DerUnexpected,
        `tls: ${this.#what}: ${field}: expected tag 0x${tag.toString(16)}, got 0x${e.tag.toString(16)}`,
      );
    }
    return e;
  }

  /** Fails if bytes remain. */
  end(field: string): void {
    if (!this.#r.atEnd) {
      throw pkiError(
        this.#alert,
        PkiErrorCode.DerTrailingBytes,
        `tls: ${this.#what}: ${this.#r.remaining} trailing byte(s) after ${field}`,
      );
    }
  }
}

/**
 * Checks that `bytes` is exactly one well-framed DER element whose nested
 * constructed elements all frame correctly within the limits. Returns the element.
 */
export function checkDer(
  bytes: Uint8Array,
  alert: AlertName,
  what: string,
  limits: DerLimits = DEFAULT_DER_LIMITS,
): DerElement {
  if (bytes.length > limits.maxSize) {
    throw pkiError(
      alert,
      PkiErrorCode.DerTooLarge,
      `tls: ${what}: ${bytes.length} bytes exceeds the limit of ${limits.maxSize}`,
    );
  }
  let elements = 0;
  const walk = (cursor: DerCursor, depth: number): void => {
    while (!cursor.atEnd) {
      const e = cursor.next('element');
      if (++elements > limits.maxElements) {
        throw pkiError(alert, PkiErrorCode.DerTooManyElements, `tls: ${what}: too many elements`);
      }
      if (e.constructed) {
        if (depth + 1 > limits.maxDepth) {
          throw pkiError(alert, PkiErrorCode.DerTooDeep, `tls: ${what}: nested too deeply`);
        }
        walk(new DerCursor(e.contents, alert, what), depth + 1);
      }
    }
  };
  const top = new DerCursor(bytes, alert, what);
  const element = top.next('top-level element');
  top.end('top-level element');
  elements = 1;
  if (element.constructed) walk(new DerCursor(element.contents, alert, what), 1);
  return element;
}

/** DER tags used here. */
export const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Utf8String: 0x0c,
  Sequence: 0x30,
  Set: 0x31,
} as const;
