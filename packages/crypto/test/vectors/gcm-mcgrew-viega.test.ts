/**
 * "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega, Appendix B:
 * the test cases with a 96-bit IV for AES-128 (1–4) and AES-256 (13–16).
 */
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { nobleAeads } from '../../src/aead/noble-aeads.js';
import type { AeadAlgorithm } from '../../src/types.js';

const K = 'feffe9928665731c6d6a8f9467308308';
const P64 =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const P60 = P64.slice(0, 120);
const A = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
const IV = 'cafebabefacedbaddecaf888';
const Z96 = '000000000000000000000000';

interface GcmCase {
  readonly name: string;
  readonly aead: AeadAlgorithm;
  readonly key: string;
  readonly iv: string;
  readonly plaintext: string;
  readonly aad: string;
  readonly ciphertext: string;
  readonly tag: string;
}

const cases: GcmCase[] = [
  {
    name: 'test case 1 (AES-128, empty)',
    aead: nobleAeads.AES_128_GCM,
    key: '00000000000000000000000000000000',
    iv: Z96,
    plaintext: '',
    aad: '',
    ciphertext: '',
    tag: '58e2fccefa7e3061367f1d57a4e7455a',
  },
  {
    name: 'test case 2 (AES-128, one zero block)',
    aead: nobleAeads.AES_128_GCM,
    key: '00000000000000000000000000000000',
    iv: Z96,
    plaintext: '00000000000000000000000000000000',
    aad: '',
    ciphertext: '0388dace60b6a392f328c2b971b2fe78',
    tag: 'ab6e47d42cec13bdf53a67b21257bddf',
  },
  {
    name: 'test case 3 (AES-128, 64 bytes, no AAD)',
    aead: nobleAeads.AES_128_GCM,
    key: K,
    iv: IV,
    plaintext: P64,
    aad: '',
    ciphertext:
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e' +
      '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985',
    tag: '4d5c2af327cd64a62cf35abd2ba6fab4',
  },
  {
    name: 'test case 4 (AES-128, 60 bytes, 20 bytes AAD)',
    aead: nobleAeads.AES_128_GCM,
    key: K,
    iv: IV,
    plaintext: P60,
    aad: A,
    ciphertext:
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e' +
      '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
    tag: '5bc94fbc3221a5db94fae95ae7121a47',
  },
  {
    name: 'test case 13 (AES-256, empty)',
    aead: nobleAeads.AES_256_GCM,
    key: '00'.repeat(32),
    iv: Z96,
    plaintext: '',
    aad: '',
    ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14 (AES-256, one zero block)',
    aead: nobleAeads.AES_256_GCM,
    key: '00'.repeat(32),
    iv: Z96,
    plaintext: '00000000000000000000000000000000',
    aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 15 (AES-256, 64 bytes, no AAD)',
    aead: nobleAeads.AES_256_GCM,
    key: K + K,
    iv: IV,
    plaintext: P64,
    aad: '',
    ciphertext:
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
      '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
    tag: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    name: 'test case 16 (AES-256, 60 bytes, 20 bytes AAD)',
    aead: nobleAeads.AES_256_GCM,
    key: K + K,
    iv: IV,
    plaintext: P60,
    aad: A,
    ciphertext:
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
      '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('GCM, McGrew & Viega test vectors (96-bit IV)', () => {
  for (const c of cases) {
    it(`${c.name}: seal and open`, () => {
      const key = c.aead.create(fromHex(c.key));
      const sealed = key.seal(fromHex(c.iv), fromHex(c.plaintext), fromHex(c.aad));
      expect(toHex(sealed)).toBe(c.ciphertext + c.tag);
      expect(
        toHex(
          key.open(fromHex(c.iv), fromHex(c.ciphertext + c.tag), fromHex(c.aad)) ?? fromHex('ff'),
        ),
      ).toBe(c.plaintext);
    });

    it(`${c.name}: a wrong tag or truncated input opens to undefined`, () => {
      const key = c.aead.create(fromHex(c.key));
      const sealed = fromHex(c.ciphertext + c.tag);
      const forged = sealed.slice();
      forged[forged.length - 16] = (forged[forged.length - 16] as number) ^ 0x01;
      expect(key.open(fromHex(c.iv), forged, fromHex(c.aad))).toBeUndefined();
      expect(
        key.open(fromHex(c.iv), sealed.subarray(0, sealed.length - 1), fromHex(c.aad)),
      ).toBeUndefined();
    });
  }

  it('refuses keys of the wrong length for each AES variant', () => {
    expect(() => nobleAeads.AES_128_GCM.create(new Uint8Array(32))).toThrow(RangeError);
    expect(() => nobleAeads.AES_256_GCM.create(new Uint8Array(16))).toThrow(RangeError);
    expect(() => nobleAeads.AES_128_GCM.create(new Uint8Array(24))).toThrow(RangeError);
  });
});
