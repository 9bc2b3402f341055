import type { HashName } from '../types.js';
import { hashByName, type SignatureHash } from './hash.js';

/** MGF1 (RFC 8017 §B.2.1) with the given hash. */
export function mgf1(hash: SignatureHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed, 0);
  for (let counter = 0, offset = 0; offset < length; counter++) {
    input[seed.length] = counter >>> 24;
    input[seed.length + 1] = (counter >>> 16) & 0xff;
    input[seed.length + 2] = (counter >>> 8) & 0xff;
    input[seed.length + 3] = counter & 0xff;
    const block = hash(input);
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

/** Constant-time equality of two byte strings of public length. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with MGF1 over the same hash. `emBits` is
 * modBits − 1; `salt` is the random salt (its length is sLen).
 */
export function emsaPssEncode(
  hashName: HashName,
  message: Uint8Array,
  emBits: number,
  salt: Uint8Array,
): Uint8Array {
  const hash = hashByName(hashName);
  const hLen = hash.outputLen;
  const sLen = salt.length;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + sLen + 2) {
    throw new RangeError(`rsa-pss: modulus too small for ${hashName} with a ${sLen}-byte salt`);
  }
  const mHash = hash(message);
  const mPrime = new Uint8Array(8 + hLen + sLen);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  const h = hash(mPrime);
  // DB = PS ‖ 0x01 ‖ salt, masked in place.
  const dbLen = emLen - hLen - 1;
  const db = new Uint8Array(dbLen);
  db[dbLen - sLen - 1] = 0x01;
  db.set(salt, dbLen - sLen);
  const dbMask = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i]! ^= dbMask[i]!;
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  const em = new Uint8Array(emLen);
  em.set(db, 0);
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  return em;
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2): true for "consistent". */
export function emsaPssVerify(
  hashName: HashName,
  message: Uint8Array,
  em: Uint8Array,
  emBits: number,
  sLen: number,
): boolean {
  const hash = hashByName(hashName);
  const hLen = hash.outputLen;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || !Number.isSafeInteger(sLen) || sLen < 0) return false;
  if (emLen < hLen + sLen + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - hLen - 1;
  const h = em.subarray(dbLen, dbLen + hLen);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((em[0]! & ~topMask) !== 0) return false;
  const db = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i]! ^= em[i]!;
  db[0]! &= topMask;
  const psLen = dbLen - sLen - 1;
  let bad = 0;
  for (let i = 0; i < psLen; i++) bad |= db[i]!;
  bad |= db[psLen]! ^ 0x01;
  if (bad !== 0) return false;
  const mPrime = new Uint8Array(8 + hLen + sLen);
  mPrime.set(hash(message), 8);
  mPrime.set(db.subarray(dbLen - sLen), 8 + hLen);
  return equal(hash(mPrime), h);
}

/** DER of DigestInfo up to the digest itself (RFC 8017 §9.2 note 1), parameters NULL. */
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, readonly number[]>> = {
  sha256: [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
  ],
  sha384: [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
  ],
  sha512: [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
  ],
};

/**
 * EMSA-PKCS1-v1_5-ENCODE (RFC 8017 §9.2): 0x00 ‖ 0x01 ‖ PS (0xff…, at least
 * 8) ‖ 0x00 ‖ DigestInfo. Verification encodes and compares (§8.2.2 step
 * 3–4), so only this exact encoding, with NULL parameters, is accepted.
 */
export function emsaPkcs1Encode(
  hashName: HashName,
  message: Uint8Array,
  emLen: number,
): Uint8Array {
  const hash = hashByName(hashName);
  const prefix = DIGEST_INFO_PREFIX[hashName];
  const tLen = prefix.length + hash.outputLen;
  if (emLen < tLen + 11) throw new RangeError(`rsa-pkcs1: modulus too small for ${hashName}`);
  const em = new Uint8Array(emLen).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[emLen - tLen - 1] = 0x00;
  em.set(prefix, emLen - tLen);
  em.set(hash(message), emLen - hash.outputLen);
  return em;
}

export { equal as equalBytesCt };
