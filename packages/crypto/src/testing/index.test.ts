import { toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { replayRandom, seededRandom, zeroRandom } from './index.js';

describe('seededRandom', () => {
  it('is deterministic for a seed and a sequence of calls', () => {
    const a = seededRandom('client');
    const b = seededRandom('client');
    expect(toHex(a(32))).toBe(toHex(b(32)));
    expect(toHex(a(5))).toBe(toHex(b(5)));
  });

  it('is one stream: the chunking of the calls does not change the bytes', () => {
    const whole = seededRandom('s')(100);
    const parts = seededRandom('s');
    const joined = [parts(1), parts(31), parts(33), parts(0), parts(35)].flatMap((p) => [...p]);
    expect(joined).toEqual([...whole]);
  });

  it('different seeds give different streams, and successive calls differ', () => {
    const r = seededRandom('a');
    const first = toHex(r(32));
    expect(toHex(r(32))).not.toBe(first);
    expect(toHex(seededRandom('b')(32))).not.toBe(first);
  });

  it('is HMAC-SHA-256 in counter mode under HKDF-Extract of the seed', async () => {
    const { createHmac } = await import('node:crypto');
    const prk = createHmac('sha256', 'strata seededRandom v1').update('x').digest();
    const block0 = createHmac('sha256', prk).update(new Uint8Array(8)).digest('hex');
    expect(toHex(seededRandom('x')(32))).toBe(block0);
  });
});

describe('replayRandom', () => {
  it('returns the chunks in order, as copies', () => {
    const chunk = new Uint8Array([9, 9]);
    const r = replayRandom([new Uint8Array([1, 2, 3]), chunk]);
    expect(r.remaining()).toBe(2);
    expect(r(3)).toEqual(new Uint8Array([1, 2, 3]));
    const second = r(2);
    second[0] = 0;
    expect(chunk[0]).toBe(9);
    expect(r.remaining()).toBe(0);
  });

  it('throws when asked for another length or for more chunks than given', () => {
    const r = replayRandom([new Uint8Array(32)]);
    expect(() => r(31)).toThrow(/chunk 0 has 32 bytes, asked for 31/);
    expect(r(32)).toHaveLength(32);
    expect(() => r(32)).toThrow(/after all 1 chunks/);
  });
});

describe('zeroRandom', () => {
  it('returns zeros of the requested length', () => {
    expect(zeroRandom(4)).toEqual(new Uint8Array(4));
  });
});
