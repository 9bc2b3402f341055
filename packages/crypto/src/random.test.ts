import { describe, expect, it } from 'vitest';
import { systemRandom } from './random.js';

describe('systemRandom', () => {
  it('returns the requested number of bytes, fresh each time', () => {
    expect(systemRandom(0)).toHaveLength(0);
    const a = systemRandom(32);
    const b = systemRandom(32);
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
  });

  it('fills requests above the 65,536-byte WebCrypto limit completely', () => {
    const big = systemRandom(200_000);
    expect(big).toHaveLength(200_000);
    // each 64 KiB chunk, including the short last one, was filled (all-zero 4 KiB is 2^-32768 likely)
    for (const offset of [0, 65_536, 131_072, 196_608]) {
      expect(big.subarray(offset, offset + 3392).some((x) => x !== 0)).toBe(true);
    }
  });

  it('refuses negative and fractional lengths', () => {
    expect(() => systemRandom(-1)).toThrow(RangeError);
    expect(() => systemRandom(1.5)).toThrow(RangeError);
  });
});
