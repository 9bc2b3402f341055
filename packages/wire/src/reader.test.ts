import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes.js';
import { Reader } from './reader.js';
import { TlsError } from './tls-error.js';
import { vector } from './vector.js';

function decodeErrorOf(fn: () => unknown): TlsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TlsError);
    return error as TlsError;
  }
  throw new Error('expected a TlsError');
}

describe('Reader', () => {
  it('reads big-endian integers of every width', () => {
    const r = new Reader(fromHex('01 0203 040506 0708090a ffffffffffffffff'));
    expect(r.u8('a')).toBe(0x01);
    expect(r.u16('b')).toBe(0x0203);
    expect(r.u24('c')).toBe(0x040506);
    expect(r.u32('d')).toBe(0x0708090a);
    expect(r.u64('e')).toBe(0xffffffffffffffffn);
    expect(r.atEnd).toBe(true);
  });

  it('reads u32 values with the top bit set as unsigned', () => {
    expect(new Reader(fromHex('ffffffff')).u32('x')).toBe(0xffffffff);
  });

  it('names the field when reading past the end', () => {
    const error = decodeErrorOf(() => new Reader(fromHex('00')).u16('cipher_suite'));
    expect(error.alert).toBe('decode_error');
    expect(error.code).toBe('WIRE_TRUNCATED');
    expect(error.message).toMatch(/^tls: truncated cipher_suite/);
  });

  it('returns zero-copy views for byte strings', () => {
    const input = fromHex('03 aabbcc 00');
    const r = new Reader(input);
    const v = r.vector(vector(1, 0, 255), 'opaque');
    expect(v.buffer).toBe(input.buffer);
    expect([...v]).toEqual([0xaa, 0xbb, 0xcc]);
  });

  it('refuses a vector shorter than its minimum', () => {
    const error = decodeErrorOf(() =>
      new Reader(fromHex('0000')).vector(vector(2, 1, 0xffff), 'cipher_suites'),
    );
    expect(error.code).toBe('WIRE_VECTOR_BOUNDS');
    expect(error.message).toContain('cipher_suites');
  });

  it('refuses a vector longer than its maximum even when the bytes are there', () => {
    const error = decodeErrorOf(() =>
      new Reader(fromHex('03 010203')).vector(vector(1, 0, 2), 'legacy_session_id'),
    );
    expect(error.alert).toBe('decode_error');
    expect(error.code).toBe('WIRE_VECTOR_BOUNDS');
  });

  it('refuses a vector whose length runs past the input', () => {
    const error = decodeErrorOf(() =>
      new Reader(fromHex('0005 0102')).vector(vector(2, 0, 0xffff), 'extension_data'),
    );
    expect(error.code).toBe('WIRE_TRUNCATED');
    expect(error.message).toContain('extension_data');
  });

  it('decodes lists item by item and keeps items inside the vector', () => {
    const list = new Reader(fromHex('0004 1301 1302')).list(vector(2, 2, 0xfffe), 'suites', (r) =>
      r.u16('suite'),
    );
    expect(list).toEqual([0x1301, 0x1302]);
    // An odd-length list of u16 ends mid-item: the item read fails inside the vector.
    const error = decodeErrorOf(() =>
      new Reader(fromHex('0003 130113 02')).list(vector(2, 2, 0xfffe), 'suites', (r) =>
        r.u16('suite'),
      ),
    );
    expect(error.code).toBe('WIRE_TRUNCATED');
  });

  it('rejects trailing bytes by name', () => {
    const r = new Reader(fromHex('0102'));
    r.u8('x');
    const error = decodeErrorOf(() => r.expectEnd('ServerHello'));
    expect(error.code).toBe('WIRE_TRAILING_BYTES');
    expect(error.message).toContain('ServerHello');
  });

  it('sub() consumes exactly the bytes it covers', () => {
    const r = new Reader(fromHex('aabb cc'));
    const inner = r.sub(2, 'inner');
    expect(inner.u16('x')).toBe(0xaabb);
    expect(() => inner.u8('y')).toThrow(TlsError);
    expect(r.u8('z')).toBe(0xcc);
  });

  it('treats a negative length as a caller mistake', () => {
    expect(() => new Reader(new Uint8Array(4)).bytes(-1, 'x')).toThrow(RangeError);
  });
});
