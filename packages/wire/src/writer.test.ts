import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';
import { Reader } from './reader.js';
import { TlsError } from './tls-error.js';
import { vector } from './vector.js';
import { encode, Writer } from './writer.js';

const EXTENSIONS = vector(2, 0, 0xffff);
const EXTENSION_DATA = vector(2, 0, 0xffff);
const PROTOCOLS = vector(2, 2, 0xffff);
const PROTOCOL_NAME = vector(1, 1, 0xff);

describe('Writer', () => {
  it('writes integers big-endian', () => {
    const bytes = encode((w) =>
      w
        .u8(1)
        .u16(0x0203)
        .u24(0x040506)
        .u32(0xfffffffe)
        .u64(2n ** 64n - 1n),
    );
    expect(toHex(bytes)).toBe('010203040506fffffffeffffffffffffffff');
  });

  it('patches nested length prefixes', () => {
    // An ALPN extension: extension_type, extension_data<0..2^16-1>{ ProtocolNameList }.
    const bytes = encode((w) =>
      w.prefixed(EXTENSIONS, (w) =>
        w.u16(16).prefixed(EXTENSION_DATA, (w) =>
          w.prefixed(PROTOCOLS, (w) => {
            w.vector(PROTOCOL_NAME, new TextEncoder().encode('h2'));
            w.vector(PROTOCOL_NAME, new TextEncoder().encode('http/1.1'));
          }),
        ),
      ),
    );
    expect(toHex(bytes)).toBe('0012 0010 000e 000c 02 6832 08 687474702f312e31'.replace(/ /g, ''));
  });

  it('grows past its initial capacity', () => {
    const w = new Writer(16);
    const big = new Uint8Array(100_000).fill(7);
    w.u24Prefixed((w) => w.bytes(big));
    const out = w.finish();
    expect(out.length).toBe(100_003);
    expect(new Reader(out).u24('len')).toBe(100_000);
  });

  it('refuses a vector outside its bounds with internal_error', () => {
    expect(() => encode((w) => w.vector(PROTOCOL_NAME, new Uint8Array(0)))).toThrowError(
      expect.objectContaining({ alert: 'internal_error', code: 'WIRE_ENCODE_BOUNDS' }),
    );
    expect(() =>
      encode((w) => w.prefixed(vector(1, 0, 4), (w) => w.bytes(new Uint8Array(5)))),
    ).toThrow(TlsError);
  });

  it('refuses integers that do not fit their field', () => {
    expect(() => encode((w) => w.u8(256))).toThrow(TlsError);
    expect(() => encode((w) => w.u16(-1))).toThrow(TlsError);
    expect(() => encode((w) => w.u24(1.5))).toThrow(TlsError);
    expect(() => encode((w) => w.u64(-1n))).toThrow(TlsError);
  });
});

/** A small TLS-like structure to round-trip: a list of extensions. */
interface Extension {
  type: number;
  data: Uint8Array;
}

function encodeExtensions(extensions: Extension[]): Uint8Array {
  return encode((w) =>
    w.prefixed(EXTENSIONS, (w) => {
      for (const e of extensions) w.u16(e.type).vector(EXTENSION_DATA, e.data);
    }),
  );
}

function decodeExtensions(bytes: Uint8Array): Extension[] {
  const r = new Reader(bytes);
  const list = r.list(EXTENSIONS, 'extensions', (r) => ({
    type: r.u16('extension_type'),
    data: Uint8Array.from(r.vector(EXTENSION_DATA, 'extension_data')),
  }));
  r.expectEnd('extensions');
  return list;
}

const extensionsArb = fc.array(
  fc.record({ type: fc.integer({ min: 0, max: 0xffff }), data: fc.uint8Array({ maxLength: 64 }) }),
  { maxLength: 8 },
);

describe('codec properties', () => {
  it('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(extensionsArb, (extensions) => {
        expect(decodeExtensions(encodeExtensions(extensions))).toEqual(extensions);
      }),
    );
  });

  it('no strict prefix of a valid encoding decodes', () => {
    fc.assert(
      fc.property(extensionsArb, fc.nat(), (extensions, cut) => {
        const bytes = encodeExtensions(extensions);
        const prefix = bytes.subarray(0, cut % bytes.length);
        expect(() => decodeExtensions(prefix)).toThrow(TlsError);
      }),
    );
  });

  it('random bytes give a TlsError or a value, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          decodeExtensions(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(TlsError);
        }
      }),
    );
  });

  it('round-trips every integer width', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (a, b, c, d, e) => {
          const r = new Reader(encode((w) => w.u8(a).u16(b).u24(c).u32(d).u64(e)));
          expect([r.u8('a'), r.u16('b'), r.u24('c'), r.u32('d'), r.u64('e')]).toEqual([
            a,
            b,
            c,
            d,
            e,
          ]);
          r.expectEnd('integers');
        },
      ),
    );
  });
});

describe('hex', () => {
  it('ignores whitespace and rejects odd input', () => {
    expect(toHex(fromHex('de ad\nbe ef'))).toBe('deadbeef');
    expect(() => fromHex('abc')).toThrow(TypeError);
  });
});
