import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqual } from './constant-time.js';

describe('timingSafeEqual', () => {
  it('is true exactly for equal bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(timingSafeEqual(a, b)).toBe(same);
        expect(timingSafeEqual(a, a.slice())).toBe(true);
      }),
    );
  });

  it('notices a difference at any position, including the last byte', () => {
    const a = new Uint8Array(48).fill(0xaa);
    for (let i = 0; i < a.length; i++) {
      const b = a.slice();
      b[i] = 0xab;
      expect(timingSafeEqual(a, b)).toBe(false);
    }
  });

  it('different lengths are unequal; two empty arrays are equal', () => {
    expect(timingSafeEqual(new Uint8Array(3), new Uint8Array(4))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
