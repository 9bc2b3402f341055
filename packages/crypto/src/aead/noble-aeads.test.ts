import { createCipheriv } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { AeadName } from '../types.js';
import { nobleAeads } from './noble-aeads.js';

const names = Object.keys(nobleAeads) as AeadName[];

const sealInput = (name: AeadName) =>
  fc.record({
    key: fc.uint8Array({
      minLength: nobleAeads[name].keyLength,
      maxLength: nobleAeads[name].keyLength,
    }),
    nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
    plaintext: fc.uint8Array({ maxLength: 300 }),
    aad: fc.uint8Array({ maxLength: 40 }),
  });

describe('nobleAeads', () => {
  it('declares the TLS parameters', () => {
    expect(
      names.map((n) => [
        n,
        nobleAeads[n].keyLength,
        nobleAeads[n].nonceLength,
        nobleAeads[n].tagLength,
      ]),
    ).toEqual([
      ['AES_128_GCM', 16, 12, 16],
      ['AES_256_GCM', 32, 12, 16],
      ['CHACHA20_POLY1305', 32, 12, 16],
    ]);
  });

  for (const name of names) {
    describe(name, () => {
      it('round-trips: open(seal(p)) = p, and the output is ciphertext ‖ 16-byte tag', () => {
        fc.assert(
          fc.property(sealInput(name), ({ key, nonce, plaintext, aad }) => {
            const k = nobleAeads[name].create(key);
            const sealed = k.seal(nonce, plaintext, aad);
            expect(sealed).toHaveLength(plaintext.length + 16);
            expect(k.open(nonce, sealed, aad)).toEqual(plaintext);
          }),
          { numRuns: 100 },
        );
      });

      it('refuses any single bit flip in ciphertext, tag, AAD or nonce', () => {
        fc.assert(
          fc.property(
            sealInput(name),
            fc.constantFrom('sealed' as const, 'aad' as const, 'nonce' as const),
            fc.nat(),
            fc.integer({ min: 0, max: 7 }),
            ({ key, nonce, plaintext, aad }, where, index, bit) => {
              const k = nobleAeads[name].create(key);
              const sealed = k.seal(nonce, plaintext, aad);
              const inputs = { sealed: sealed.slice(), aad: aad.slice(), nonce: nonce.slice() };
              const target = inputs[where];
              fc.pre(target.length > 0);
              const i = index % target.length;
              target[i] = (target[i] as number) ^ (1 << bit);
              expect(k.open(inputs.nonce, inputs.sealed, inputs.aad)).toBeUndefined();
            },
          ),
          { numRuns: 150 },
        );
      });

      it('refuses every strict prefix of a sealed message', () => {
        const k = nobleAeads[name].create(new Uint8Array(nobleAeads[name].keyLength).fill(3));
        const nonce = new Uint8Array(12).fill(9);
        const aad = new Uint8Array([1, 2, 3]);
        const sealed = k.seal(nonce, new Uint8Array(40).fill(0x55), aad);
        for (let n = 0; n < sealed.length; n++) {
          expect(k.open(nonce, sealed.subarray(0, n), aad)).toBeUndefined();
        }
      });

      it('treats a wrong key or nonce length as a caller mistake (RangeError)', () => {
        const algorithm = nobleAeads[name];
        expect(() => algorithm.create(new Uint8Array(algorithm.keyLength - 1))).toThrow(RangeError);
        expect(() => algorithm.create(new Uint8Array(algorithm.keyLength + 1))).toThrow(RangeError);
        expect(() => algorithm.create(new Uint8Array(0))).toThrow(RangeError);
        const k = algorithm.create(new Uint8Array(algorithm.keyLength));
        expect(() => k.seal(new Uint8Array(11), new Uint8Array(1), new Uint8Array(0))).toThrow(
          RangeError,
        );
        expect(() => k.seal(new Uint8Array(16), new Uint8Array(1), new Uint8Array(0))).toThrow(
          RangeError,
        );
        expect(() => k.open(new Uint8Array(8), new Uint8Array(32), new Uint8Array(0))).toThrow(
          RangeError,
        );
      });

      it('copies the key: changing the caller array afterwards changes nothing', () => {
        const key = new Uint8Array(nobleAeads[name].keyLength).fill(1);
        const k = nobleAeads[name].create(key);
        const nonce = new Uint8Array(12);
        const before = toHex(k.seal(nonce, new Uint8Array(5), new Uint8Array(0)));
        key.fill(2);
        expect(toHex(k.seal(nonce, new Uint8Array(5), new Uint8Array(0)))).toBe(before);
      });

      it('destroy() zeroes the key and makes the instance unusable', () => {
        const k = nobleAeads[name].create(new Uint8Array(nobleAeads[name].keyLength).fill(7));
        k.destroy();
        expect(() => k.seal(new Uint8Array(12), new Uint8Array(1), new Uint8Array(0))).toThrow(
          TypeError,
        );
        expect(() => k.open(new Uint8Array(12), new Uint8Array(17), new Uint8Array(0))).toThrow(
          TypeError,
        );
      });

      it('destroy() overwrites the key copy it holds with zeros', () => {
        // Catch the private copy create() makes (key.slice()) to look at it afterwards.
        const copies: Uint8Array[] = [];
        const slice = Uint8Array.prototype.slice;
        const spy = vi.spyOn(Uint8Array.prototype, 'slice').mockImplementation(function (
          this: Uint8Array,
          ...args: [number?, number?]
        ) {
          const copy = slice.apply(this, args);
          copies.push(copy);
          return copy;
        });
        let k: ReturnType<(typeof nobleAeads)[typeof name]['create']>;
        try {
          k = nobleAeads[name].create(new Uint8Array(nobleAeads[name].keyLength).fill(7));
        } finally {
          spy.mockRestore();
        }
        const held = copies.filter((c) => c.length === nobleAeads[name].keyLength && c[0] === 7);
        expect(held.length).toBe(1);
        k.destroy();
        expect(held[0]!.every((b) => b === 0)).toBe(true);
      });

      it('a key instance seals many records with distinct nonces (noble ciphers are single-use)', () => {
        const k = nobleAeads[name].create(new Uint8Array(nobleAeads[name].keyLength));
        const outputs = new Set<string>();
        for (let seq = 0; seq < 5; seq++) {
          const nonce = new Uint8Array(12);
          nonce[11] = seq;
          outputs.add(toHex(k.seal(nonce, new Uint8Array(8), new Uint8Array(0))));
        }
        expect(outputs.size).toBe(5);
      });
    });
  }

  it('agrees with node:crypto (OpenSSL) on random keys, nonces, plaintexts and AADs', () => {
    const nodeName = {
      AES_128_GCM: 'aes-128-gcm',
      AES_256_GCM: 'aes-256-gcm',
      CHACHA20_POLY1305: 'chacha20-poly1305',
    };
    for (const name of names) {
      fc.assert(
        fc.property(sealInput(name), ({ key, nonce, plaintext, aad }) => {
          const cipher = createCipheriv(nodeName[name] as 'aes-128-gcm', key, nonce, {
            authTagLength: 16,
          });
          cipher.setAAD(aad);
          const expected = Buffer.concat([
            cipher.update(plaintext),
            cipher.final(),
            cipher.getAuthTag(),
          ]);
          expect(toHex(nobleAeads[name].create(key).seal(nonce, plaintext, aad))).toBe(
            expected.toString('hex'),
          );
        }),
        { numRuns: 50 },
      );
    }
  });

  it('gives exactly what noble gives (the wrapper adds nothing to the bytes)', () => {
    const key = new Uint8Array(32).fill(0x42);
    const nonce = new Uint8Array(12).fill(0x24);
    const plaintext = new Uint8Array(100).fill(0x11);
    const aad = new Uint8Array(13).fill(0x17);
    const ours = nobleAeads.CHACHA20_POLY1305.create(key).seal(nonce, plaintext, aad);
    expect(toHex(ours)).toBe(toHex(chacha20poly1305(key, nonce, aad).encrypt(plaintext)));
  });
});
