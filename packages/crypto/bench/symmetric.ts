import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { expand } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { nobleAeads } from '../src/aead/noble-aeads.js';
import { nobleHashes } from '../src/hash/noble-hashes.js';
import { hkdfExpandLabel } from '../src/kdf/tls13.js';
import type { AeadName } from '../src/types.js';
import type { BenchCase } from './harness-types.js';

type NobleAead = (
  key: Uint8Array,
  nonce: Uint8Array,
  aad?: Uint8Array,
) => { encrypt(data: Uint8Array): Uint8Array; decrypt(data: Uint8Array): Uint8Array };

const AEADS: readonly { name: AeadName; label: string; node: string; noble: NobleAead }[] = [
  { name: 'AES_128_GCM', label: 'AES-128-GCM', node: 'aes-128-gcm', noble: gcm },
  { name: 'AES_256_GCM', label: 'AES-256-GCM', node: 'aes-256-gcm', noble: gcm },
  {
    name: 'CHACHA20_POLY1305',
    label: 'ChaCha20-Poly1305',
    node: 'chacha20-poly1305',
    noble: chacha20poly1305,
  },
];

/** Deterministic filler bytes (benchmarks must not depend on the CSPRNG). */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 17) & 0xff;
  return out;
}

function aeadCases(size: number): BenchCase[] {
  const group = `AEAD ${size >= 1024 ? `${size / 1024} KiB` : `${size} B`}`;
  const cases: BenchCase[] = [];
  for (const { name, label, node, noble } of AEADS) {
    const algorithm = nobleAeads[name];
    const key = bytes(algorithm.keyLength, 1);
    const nonce = bytes(12, 2);
    const aad = bytes(13, 3); // a TLS 1.2 AAD / TLS 1.3 record header is 5..13 bytes
    const plaintext = bytes(size, 4);
    const strataKey = algorithm.create(key);
    const sealed = strataKey.seal(nonce, plaintext, aad);
    const ciphertext = sealed.subarray(0, size);
    const tag = sealed.subarray(size);
    const nodeOptions = { authTagLength: 16 } as const;

    cases.push({
      group,
      name: `${label} seal`,
      bytesPerOp: size,
      strata: () => strataKey.seal(nonce, plaintext, aad),
      noble: () => noble(key, nonce, aad).encrypt(plaintext),
      node: () => {
        const c = createCipheriv(node as 'aes-128-gcm', key, nonce, nodeOptions);
        c.setAAD(aad);
        const out = c.update(plaintext);
        c.final();
        return [out, c.getAuthTag()];
      },
    });
    cases.push({
      group,
      name: `${label} open`,
      bytesPerOp: size,
      strata: () => {
        if (strataKey.open(nonce, sealed, aad) === undefined) throw new Error('bench: open failed');
      },
      noble: () => noble(key, nonce, aad).decrypt(sealed),
      node: () => {
        const d = createDecipheriv(node as 'aes-128-gcm', key, nonce, nodeOptions);
        d.setAAD(aad);
        d.setAuthTag(tag);
        const out = d.update(ciphertext);
        d.final();
        return out;
      },
    });
  }
  return cases;
}

function hashCases(): BenchCase[] {
  const data = bytes(16_384, 5);
  const key = bytes(32, 6);
  const small = bytes(64, 7);
  const secret = bytes(32, 8);
  const empty = new Uint8Array(0);
  // The HkdfLabel for ("key", 16) that hkdfExpandLabel builds, precomputed for
  // the direct noble and node:crypto calls: the difference is the label encoding.
  const keyInfo = Uint8Array.from([
    0x00,
    0x10,
    0x09,
    ...new TextEncoder().encode('tls13 key'),
    0x00,
  ]);
  const keyInfoBlock = Uint8Array.from([...keyInfo, 0x01]);
  return [
    {
      group: 'Hashes',
      name: 'SHA-256 16 KiB',
      bytesPerOp: data.length,
      strata: () => nobleHashes.sha256.digest(data),
      noble: () => sha256(data),
      node: () => createHash('sha256').update(data).digest(),
    },
    {
      group: 'Hashes',
      name: 'SHA-384 16 KiB',
      bytesPerOp: data.length,
      strata: () => nobleHashes.sha384.digest(data),
      noble: () => sha384(data),
      node: () => createHash('sha384').update(data).digest(),
    },
    {
      group: 'Hashes',
      name: 'HMAC-SHA256 64 B',
      strata: () => nobleHashes.sha256.hmac(key, small),
      noble: () => hmac(sha256, key, small),
      node: () => createHmac('sha256', key).update(small).digest(),
    },
    {
      group: 'Hashes',
      name: 'HKDF-Expand-Label key/16',
      strata: () => hkdfExpandLabel(nobleHashes.sha256, secret, 'key', empty, 16),
      noble: () => expand(sha256, secret, keyInfo, 16),
      // HKDF-Expand for one block is HMAC(PRK, info ‖ 0x01), truncated.
      node: () => createHmac('sha256', secret).update(keyInfoBlock).digest().subarray(0, 16),
    },
  ];
}

/** The symmetric primitives: AEADs at 16 KiB (full TLS records) and 1 KiB, hashes, HMAC, HKDF. */
export function symmetricCases(): BenchCase[] {
  return [...aeadCases(16_384), ...aeadCases(1024), ...hashCases()];
}
