/** RFC 8032 §7.1 Ed25519 test vectors through the ed25519 signature scheme. */
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKey } from '../../src/sig/ed25519.js';
import { ed25519Scheme, nobleVerify } from '../../src/sig/schemes.js';
import { fixedRandom } from '../keys.js';

const vectors = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3 (two bytes)',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

describe('RFC 8032 §7.1 Ed25519', () => {
  it.each(vectors)('$name: public key, signature and verification', (v) => {
    const seed = fromHex(v.secret);
    const message = fromHex(v.message);
    expect(toHex(ed25519PublicKey(seed))).toBe(v.public);
    const signature = ed25519Scheme.sign({ kind: 'ed25519', seed }, message, fixedRandom());
    expect(toHex(signature)).toBe(v.signature);
    const key = { kind: 'ed25519', key: fromHex(v.public) } as const;
    expect(ed25519Scheme.verify(key, message, signature)).toBe(true);
    expect(nobleVerify({ kind: 'ed25519' }, key, message, signature)).toBe(true);
  });

  it.each(vectors)('$name: a flipped bit in signature or message does not verify', (v) => {
    const key = { kind: 'ed25519', key: fromHex(v.public) } as const;
    const signature = fromHex(v.signature);
    for (const index of [0, 31, 32, 63]) {
      const bad = signature.slice();
      bad[index]! ^= 0x01;
      expect(ed25519Scheme.verify(key, fromHex(v.message), bad)).toBe(false);
    }
    const longer = new Uint8Array([...fromHex(v.message), 0]);
    expect(ed25519Scheme.verify(key, longer, signature)).toBe(false);
  });

  it('rejects S ≥ L (non-canonical scalar, RFC 8032 §5.1.7 step 1)', () => {
    const v = vectors[0]!;
    const signature = fromHex(v.signature);
    // Add L = 2^252 + 27742317777372353535851937790883648493 to S (little-endian).
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
    s += L;
    const forged = signature.slice();
    for (let i = 32; i < 64; i++) {
      forged[i] = Number(s & 0xffn);
      s >>= 8n;
    }
    const key = { kind: 'ed25519', key: fromHex(v.public) } as const;
    expect(ed25519Scheme.verify(key, new Uint8Array(0), forged)).toBe(false);
  });
});
