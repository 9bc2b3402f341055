/**
 * RFC 8448 §2 "Private Keys" (the server's 1024-bit RSA key) and the §3
 * ephemeral inputs, plus the test-only RSA-PSS signer the trace needs:
 * @strata/crypto refuses to sign with RSA keys under 2048 bits, so the test
 * provider signs PSS itself (RFC 8017 §9.1.1 + RSASP1), drawing the salt from
 * the provider's random like the real one.
 */
import type { HashAlgorithm, PrivateKey, PublicKey } from '@strata/crypto';
import { concatBytes, fromHex } from '@strata/wire';

const h = (s: string) => fromHex(s.replace(/\s+/g, ''));

export const clientRandom = h(
  'cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7',
);
export const clientX25519Private = h(
  '49 af 42 ba 7f 79 94 85 2d 71 3e f2 78 4b cb ca a7 91 1d e2 6a dc 56 42 cb 63 45 40 e7 ea 50 05',
);
export const serverRandom = h(
  'a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28',
);
export const serverX25519Private = h(
  'b1 58 0e ea df 6d d5 89 b8 ef 4f 2d 56 52 57 8c c8 10 e9 98 01 91 ec 8d 05 83 08 ce a2 16 a2 1e',
);
/** §3 traffic secrets, for decrypting and building the trace's protected records. */
export const clientHandshakeTrafficSecret = h(
  'b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21',
);
export const serverHandshakeTrafficSecret = h(
  'b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38',
);

const big = (s: string) => BigInt(`0x${s.replace(/\s+/g, '')}`);
const n = big(`b4 bb 49 8f 82 79 30 3d 98 08 36 39 9b 36 c6 98 8c
  0c 68 de 55 e1 bd b8 26 d3 90 1a 24 61 ea fd 2d e4 9a 91 d0 15 ab
  bc 9a 95 13 7a ce 6c 1a f1 9e aa 6a f9 8c 7c ed 43 12 09 98 e1 87
  a8 0e e0 cc b0 52 4b 1b 01 8c 3e 0b 63 26 4d 44 9a 6d 38 e2 2a 5f
  da 43 08 46 74 80 30 53 0e f0 46 1c 8c a9 d9 ef bf ae 8e a6 d1 d0
  3e 2b d1 93 ef f0 ab 9a 80 02 c4 74 28 a6 d3 5a 8d 88 d7 9f 7f 1e 3f`);
const e = 0x10001n;
const d = big(`04 de a7 05 d4 3a 6e a7 20 9d d8 07 21 11 a8 3c 81
  e3 22 a5 92 78 b3 34 80 64 1e af 7c 0a 69 85 b8 e3 1c 44 f6 de 62
  e1 b4 c2 30 9f 61 26 e7 7b 7c 41 e9 23 31 4b bf a3 88 13 05 dc 12
  17 f1 6c 81 9c e5 38 e9 22 f3 69 82 8d 0e 57 19 5d 8c 84 88 46 02
  07 b2 fa a7 26 bc f7 08 bb d7 db 7f 67 9f 89 34 92 fc 2a 62 2e 08
  97 0a ac 44 1c e4 e0 c3 08 8d f2 5a e6 79 23 3d f8 a3 bd a2 ff 99 41`);

function modPow(b: bigint, x: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (x > 0n) {
    if (x & 1n) r = (r * b) % m;
    b = (b * b) % m;
    x >>= 1n;
  }
  return r;
}
function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** p and q from n, e, d (RFC 8017 leaves them out of §2 of RFC 8448's presentation order). */
function factor(): [bigint, bigint] {
  const k = d * e - 1n;
  let t = k;
  let s = 0n;
  while ((t & 1n) === 0n) {
    t >>= 1n;
    s++;
  }
  for (let g = 2n; g < 100n; g++) {
    let x = modPow(g, t, n);
    for (let i = 0n; i < s; i++) {
      const y = (x * x) % n;
      if (y === 1n && x !== 1n && x !== n - 1n) {
        const p = gcd(x - 1n, n);
        return [p, n / p];
      }
      x = y;
    }
  }
  throw new Error('could not factor the RFC 8448 modulus');
}

const [p, q] = factor();
export const rsaPrivateKey: PrivateKey = {
  kind: 'rsa',
  n,
  e,
  d,
  p,
  q,
  dp: d % (p - 1n),
  dq: d % (q - 1n),
  qi: modInverse(q, p),
};
export const rsaPublicKey: PublicKey = { kind: 'rsa', n, e };

const toBytes = (x: bigint, len: number) => {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};
const toBig = (b: Uint8Array) => b.reduce((acc, v) => (acc << 8n) | BigInt(v), 0n);

function mgf1(hash: HashAlgorithm, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let c = 0, at = 0; at < length; c++) {
    const block = hash.digest(concatBytes(seed, toBytes(BigInt(c), 4)));
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

const EM_LEN = 128; // ceil((1024 - 1) / 8)

/** RSASSA-PSS-SIGN for the 1024-bit RFC 8448 key, salt = random(hLen). */
export function pssSign(hash: HashAlgorithm, message: Uint8Array, salt: Uint8Array): Uint8Array {
  const mHash = hash.digest(message);
  const H = hash.digest(concatBytes(new Uint8Array(8), mHash, salt));
  const db = new Uint8Array(EM_LEN - hash.outputLength - 1);
  db[db.length - salt.length - 1] = 1;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0x7f;
  const em = concatBytes(db, H, new Uint8Array([0xbc]));
  return toBytes(modPow(toBig(em), d, n), 128);
}

/** The salt a PSS signature by the RFC 8448 key was made with (RFC 8017 §9.1.2 steps 7-10). */
export function pssSalt(hash: HashAlgorithm, signature: Uint8Array): Uint8Array {
  const em = toBytes(modPow(toBig(signature), e, n), EM_LEN);
  const dbLen = EM_LEN - hash.outputLength - 1;
  const db = em.slice(0, dbLen);
  const mask = mgf1(hash, em.subarray(dbLen, dbLen + hash.outputLength), dbLen);
  for (let i = 0; i < dbLen; i++) db[i]! ^= mask[i]!;
  return db.slice(dbLen - hash.outputLength);
}
