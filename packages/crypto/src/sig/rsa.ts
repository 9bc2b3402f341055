import type { HashName, PrivateKey, PublicKey, Random } from '../types.js';
import { hashByName } from './hash.js';
import { emsaPkcs1Encode, emsaPssEncode, emsaPssVerify, equalBytesCt } from './rsa-emsa.js';
import { bitLength, i2osp, modInverse, modPow, modPowPublic, os2ip } from './rsa-math.js';

/** Smallest modulus we sign with. */
export const RSA_MIN_SIGNING_BITS = 2048;
/** Smallest modulus we verify with: 1024-bit keys still sign old certificates and CRLs. */
export const RSA_MIN_VERIFY_BITS = 1024;
/** Largest modulus accepted at all (OpenSSL's OPENSSL_RSA_MAX_MODULUS_BITS). */
export const RSA_MAX_BITS = 16384;
/** Above this modulus size the public exponent may have at most 64 bits (as OpenSSL). */
const RSA_SMALL_MODULUS_BITS = 3072;
/** Random bits added to the CRT exponents per signature (exponent blinding). */
const EXPONENT_BLINDING_BITS = 64;

type RsaPrivateKey = Extract<PrivateKey, { kind: 'rsa' }>;
type RsaPublicKey = Extract<PublicKey, { kind: 'rsa' }>;

function randomBigInt(random: Random, bytes: number): bigint {
  const r = random(bytes);
  if (!(r instanceof Uint8Array) || r.length !== bytes) {
    throw new TypeError(`random(${bytes}) must return ${bytes} bytes`);
  }
  return os2ip(r);
}

/** A public key we are willing to compute with; the bound keeps verification cheap. */
function usablePublicKey(key: RsaPublicKey, minBits: number): boolean {
  const { n, e } = key;
  if (typeof n !== 'bigint' || typeof e !== 'bigint') return false;
  const bits = bitLength(n);
  if (bits < minBits || bits > RSA_MAX_BITS || (n & 1n) === 0n) return false;
  if (e < 3n || (e & 1n) === 0n || e >= n) return false;
  if (bits > RSA_SMALL_MODULUS_BITS && bitLength(e) > 64) return false;
  return true;
}

/**
 * RSASP1 with the CRT and blinding, then a check that the result verifies
 * (a fault in the CRT half-exponentiations would otherwise leak a factor of
 * n, the Bellcore attack). Per call:
 * - base blinding: a random r coprime to n; the input becomes m·r^e, the
 *   output is multiplied by r^-1;
 * - exponent blinding: d_p + k₁(p−1) and d_q + k₂(q−1) with 64-bit random k;
 * - Garner's recombination s = s₂ + q·(qInv·(s₁ − s₂) mod p).
 */
export function rsaPrivate(key: RsaPrivateKey, m: bigint, random: Random): bigint {
  const { n, e, p, q, dp, dq, qi } = key;
  const k = Math.ceil(bitLength(n) / 8);
  let r = 0n;
  let rInv: bigint | undefined;
  for (let tries = 0; rInv === undefined; tries++) {
    if (tries === 8) throw new Error('rsa: could not draw a blinding factor (is random() broken?)');
    r = randomBigInt(random, k + 8) % n;
    if (r > 1n) rInv = modInverse(r, n);
  }
  const blinded = (m * modPowPublic(r, e, n)) % n;
  const kp = randomBigInt(random, EXPONENT_BLINDING_BITS / 8);
  const kq = randomBigInt(random, EXPONENT_BLINDING_BITS / 8);
  const s1 = modPow(blinded % p, dp + kp * (p - 1n), p);
  const s2 = modPow(blinded % q, dq + kq * (q - 1n), q);
  let h = (qi * (s1 - s2)) % p;
  if (h < 0n) h += p;
  const s = ((s2 + h * q) * rInv) % n;
  if (modPowPublic(s, e, n) !== m) {
    throw new Error(
      'rsa: private-key operation failed its verification (fault or inconsistent key)',
    );
  }
  return s;
}

function checkSigningKey(key: PrivateKey, what: string): RsaPrivateKey {
  if (key.kind !== 'rsa') throw new TypeError(`${what}: cannot sign with a ${key.kind} key`);
  for (const field of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    if (typeof key[field] !== 'bigint' || key[field] <= 0n) {
      throw new TypeError(`${what}: RSA private key field ${field} must be a positive bigint`);
    }
  }
  const bits = bitLength(key.n);
  if (bits < RSA_MIN_SIGNING_BITS) {
    throw new RangeError(
      `${what}: refusing to sign with a ${bits}-bit RSA key; at least ${RSA_MIN_SIGNING_BITS} bits are required`,
    );
  }
  if (bits > RSA_MAX_BITS)
    throw new RangeError(`${what}: RSA keys above ${RSA_MAX_BITS} bits are not supported`);
  if (key.p * key.q !== key.n)
    throw new TypeError(`${what}: inconsistent RSA private key (p·q ≠ n)`);
  if (!usablePublicKey(key, RSA_MIN_SIGNING_BITS)) {
    throw new TypeError(`${what}: unsupported RSA public exponent`);
  }
  return key;
}

/** RSASSA-PSS-SIGN (RFC 8017 §8.1.1), MGF1 with the same hash, `saltLength` random bytes of salt. */
export function rsaPssSign(
  hash: HashName,
  saltLength: number,
  key: PrivateKey,
  message: Uint8Array,
  random: Random,
): Uint8Array {
  const rsa = checkSigningKey(key, 'rsa-pss');
  if (!Number.isSafeInteger(saltLength) || saltLength < 0) {
    throw new RangeError('rsa-pss: salt length must be a non-negative integer');
  }
  hashByName(hash);
  const modBits = bitLength(rsa.n);
  const salt = saltLength === 0 ? new Uint8Array(0) : random(saltLength);
  if (!(salt instanceof Uint8Array) || salt.length !== saltLength) {
    throw new TypeError(`random(${saltLength}) must return ${saltLength} bytes`);
  }
  const em = emsaPssEncode(hash, message, modBits - 1, salt);
  const s = rsaPrivate(rsa, os2ip(em), random);
  return i2osp(s, Math.ceil(modBits / 8))!;
}

/** RSASSA-PKCS1-V1_5-SIGN (RFC 8017 §8.2.1); deterministic (random only blinds). */
export function rsaPkcs1Sign(
  hash: HashName,
  key: PrivateKey,
  message: Uint8Array,
  random: Random,
): Uint8Array {
  const rsa = checkSigningKey(key, 'rsa-pkcs1');
  const k = Math.ceil(bitLength(rsa.n) / 8);
  const em = emsaPkcs1Encode(hash, message, k);
  const s = rsaPrivate(rsa, os2ip(em), random);
  return i2osp(s, k)!;
}

/** RSAVP1 after the length and range checks of §8.1.2/§8.2.2 step 1–2; undefined if invalid. */
function rsaPublic(
  key: PublicKey,
  signature: Uint8Array,
): { m: bigint; modBits: number } | undefined {
  if (key.kind !== 'rsa' || !usablePublicKey(key, RSA_MIN_VERIFY_BITS)) return undefined;
  if (!(signature instanceof Uint8Array)) return undefined;
  const modBits = bitLength(key.n);
  if (signature.length !== Math.ceil(modBits / 8)) return undefined;
  const s = os2ip(signature);
  if (s >= key.n) return undefined;
  return { m: modPowPublic(s, key.e, key.n), modBits };
}

/**
 * RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with exactly `saltLength` bytes of salt
 * (TLS: the hash length). False for anything that does not verify.
 */
export function rsaPssVerify(
  hash: HashName,
  saltLength: number,
  key: PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const opened = rsaPublic(key, signature);
    if (opened === undefined) return false;
    const emBits = opened.modBits - 1;
    const em = i2osp(opened.m, Math.ceil(emBits / 8));
    if (em === undefined) return false;
    return emsaPssVerify(hash, message, em, emBits, saltLength);
  } catch {
    return false;
  }
}

/** RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2): re-encode and compare. */
export function rsaPkcs1Verify(
  hash: HashName,
  key: PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const opened = rsaPublic(key, signature);
    if (opened === undefined) return false;
    const k = signature.length;
    const em = i2osp(opened.m, k);
    if (em === undefined) return false;
    return equalBytesCt(em, emsaPkcs1Encode(hash, message, k));
  } catch {
    return false;
  }
}
