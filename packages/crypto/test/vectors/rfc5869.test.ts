/**
 * RFC 5869 Appendix A, the SHA-256 test cases (A.1–A.3): HKDF-Extract and
 * HKDF-Expand through the provider's `sha256`.
 */
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { nobleHashes } from '../../src/hash/noble-hashes.js';

const sha256 = nobleHashes.sha256;
const range = (length: number, start: number) => Uint8Array.from({ length }, (_, i) => start + i);

const cases = [
  {
    name: 'A.1 basic test case',
    ikm: new Uint8Array(22).fill(0x0b),
    salt: fromHex('000102030405060708090a0b0c'),
    info: fromHex('f0f1f2f3f4f5f6f7f8f9'),
    length: 42,
    prk: '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
    okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
  },
  {
    name: 'A.2 longer inputs and outputs',
    ikm: range(80, 0x00),
    salt: range(80, 0x60),
    info: range(80, 0xb0),
    length: 82,
    prk: '06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244',
    okm:
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c' +
      '59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71' +
      'cc30c58179ec3e87c14c01d5c1f3434f1d87',
  },
  {
    name: 'A.3 zero-length salt and info',
    ikm: new Uint8Array(22).fill(0x0b),
    salt: new Uint8Array(0),
    info: new Uint8Array(0),
    length: 42,
    prk: '19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04',
    okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
  },
];

describe('RFC 5869 HKDF-SHA-256', () => {
  for (const c of cases) {
    it(`${c.name}: extract gives the PRK, expand gives the OKM`, () => {
      const prk = sha256.hkdfExtract(c.salt, c.ikm);
      expect(toHex(prk)).toBe(c.prk);
      expect(toHex(sha256.hkdfExpand(prk, c.info, c.length))).toBe(c.okm);
    });
  }

  it('an empty salt is the same as HashLen zero bytes (RFC 5869 §2.2)', () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    expect(toHex(sha256.hkdfExtract(new Uint8Array(32), ikm))).toBe(cases[2]?.prk);
  });

  it('a shorter output is a prefix of a longer one', () => {
    const prk = fromHex(cases[0]?.prk ?? '');
    const info = cases[0]?.info ?? new Uint8Array(0);
    expect(toHex(sha256.hkdfExpand(prk, info, 10))).toBe(cases[0]?.okm.slice(0, 20));
    expect(sha256.hkdfExpand(prk, info, 0)).toHaveLength(0);
  });

  it('refuses an output longer than 255 * HashLen and a PRK shorter than HashLen', () => {
    const prk = new Uint8Array(32);
    expect(sha256.hkdfExpand(prk, new Uint8Array(0), 255 * 32)).toHaveLength(255 * 32);
    expect(() => sha256.hkdfExpand(prk, new Uint8Array(0), 255 * 32 + 1)).toThrow(RangeError);
    expect(() => sha256.hkdfExpand(new Uint8Array(31), new Uint8Array(0), 32)).toThrow(RangeError);
    expect(() => sha256.hkdfExpand(prk, new Uint8Array(0), -1)).toThrow(RangeError);
  });
});
