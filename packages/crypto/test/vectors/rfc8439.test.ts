/**
 * RFC 8439 §2.8.2, the AEAD_CHACHA20_POLY1305 example (the block function and
 * Poly1305 vectors of §2.4.2/§2.5.2 are noble's own tests), plus tampering.
 */
import { fromHex, toHex, utf8 } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { nobleAeads } from '../../src/aead/noble-aeads.js';

const plaintext = utf8(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
);
const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
// 32-bit constant 07 00 00 00 ‖ IV 40..47
const nonce = fromHex('070000004041424344454647');
const ciphertext =
  'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6' +
  '3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36' +
  '92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc' +
  '3ff4def08e4b7a9de576d26586cec64b6116';
const tag = '1ae10b594f09e26a7e902ecbd0600691';

describe('RFC 8439 §2.8.2 ChaCha20-Poly1305', () => {
  const aead = nobleAeads.CHACHA20_POLY1305.create(key);

  it('seals to the RFC ciphertext and tag', () => {
    expect(toHex(aead.seal(nonce, plaintext, aad))).toBe(ciphertext + tag);
  });

  it('opens the RFC ciphertext to the plaintext', () => {
    expect(aead.open(nonce, fromHex(ciphertext + tag), aad)).toEqual(plaintext);
  });

  it('refuses a tampered tag, ciphertext, AAD or nonce', () => {
    const sealed = fromHex(ciphertext + tag);
    const badTag = sealed.slice();
    badTag[badTag.length - 1] = (badTag[badTag.length - 1] as number) ^ 0x01;
    expect(aead.open(nonce, badTag, aad)).toBeUndefined();

    const badCiphertext = sealed.slice();
    badCiphertext[0] = (badCiphertext[0] as number) ^ 0x80;
    expect(aead.open(nonce, badCiphertext, aad)).toBeUndefined();

    const badAad = aad.slice();
    badAad[3] = (badAad[3] as number) ^ 0x04;
    expect(aead.open(nonce, sealed, badAad)).toBeUndefined();

    const badNonce = nonce.slice();
    badNonce[11] = (badNonce[11] as number) ^ 0x01;
    expect(aead.open(badNonce, sealed, aad)).toBeUndefined();
  });

  it('refuses a truncated ciphertext and anything shorter than a tag', () => {
    const sealed = fromHex(ciphertext + tag);
    expect(aead.open(nonce, sealed.subarray(0, sealed.length - 1), aad)).toBeUndefined();
    expect(aead.open(nonce, sealed.subarray(1), aad)).toBeUndefined();
    expect(aead.open(nonce, sealed.subarray(0, 15), aad)).toBeUndefined();
    expect(aead.open(nonce, new Uint8Array(0), aad)).toBeUndefined();
  });
});
