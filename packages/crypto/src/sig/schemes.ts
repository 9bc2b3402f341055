import type {
  EcCurve,
  HashName,
  KeyKind,
  PrivateKey,
  PublicKey,
  Random,
  SignatureAlgorithm,
  SignatureScheme,
} from '../types.js';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './ed25519.js';
import { rsaPkcs1Sign, rsaPkcs1Verify, rsaPssSign, rsaPssVerify } from './rsa.js';

const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha256: 32, sha384: 48, sha512: 64 };

function checkAlgorithm(algorithm: SignatureAlgorithm): void {
  if (algorithm === null || typeof algorithm !== 'object') {
    throw new TypeError('signature algorithm must be an object');
  }
  if ('hash' in algorithm && !(algorithm.hash in HASH_LENGTH)) {
    throw new TypeError(`unsupported hash: ${String(algorithm.hash)}`);
  }
}

/**
 * Signs `message` with any supported algorithm: ECDSA (DER output, any hash on
 * any supported curve), Ed25519, RSA-PSS (salt of `saltLength` random bytes),
 * RSA PKCS#1 v1.5. A key of the wrong kind, an unsupported algorithm or an
 * RSA key under 2048 bits throws (`TypeError`/`RangeError`).
 */
export function nobleSign(
  algorithm: SignatureAlgorithm,
  key: PrivateKey,
  message: Uint8Array,
  random: Random,
): Uint8Array {
  checkAlgorithm(algorithm);
  if (!(message instanceof Uint8Array)) throw new TypeError('message must be a Uint8Array');
  switch (algorithm.kind) {
    case 'ecdsa':
      return ecdsaSign(algorithm.hash, key, message, random);
    case 'ed25519':
      return ed25519Sign(key, message);
    case 'rsa-pss':
      return rsaPssSign(algorithm.hash, algorithm.saltLength, key, message, random);
    case 'rsa-pkcs1':
      return rsaPkcs1Sign(algorithm.hash, key, message, random);
    default:
      throw new TypeError(
        `unsupported signature algorithm: ${String((algorithm as { kind: unknown }).kind)}`,
      );
  }
}

/**
 * Verifies with any supported algorithm. ECDSA takes DER with high or low S,
 * on any supported curve. False, never an exception, for a signature that
 * does not verify, malformed bytes, a key of another kind, an unsupported
 * algorithm or an unusable key (RSA under 1024 bits, …).
 */
export function nobleVerify(
  algorithm: SignatureAlgorithm,
  key: PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    checkAlgorithm(algorithm);
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (key === null || typeof key !== 'object') return false;
    switch (algorithm.kind) {
      case 'ecdsa':
        return ecdsaVerify(algorithm.hash, key, message, signature);
      case 'ed25519':
        return ed25519Verify(key, message, signature);
      case 'rsa-pss':
        return rsaPssVerify(algorithm.hash, algorithm.saltLength, key, message, signature);
      case 'rsa-pkcs1':
        return rsaPkcs1Verify(algorithm.hash, key, message, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

interface SchemeSpec {
  readonly code: number;
  readonly name: string;
  readonly opensslName: string;
  readonly keyKind: KeyKind;
  readonly curve?: EcCurve;
  readonly hash?: HashName;
  readonly padding?: 'pss' | 'pkcs1';
  readonly pssKeyOnly?: boolean;
  readonly tls13: boolean;
  readonly algorithm: SignatureAlgorithm;
}

function scheme(spec: SchemeSpec): SignatureScheme {
  const { keyKind, curve, algorithm } = spec;
  return Object.freeze({
    ...spec,
    sign(key: PrivateKey, message: Uint8Array, random: Random): Uint8Array {
      if (key === null || typeof key !== 'object' || key.kind !== keyKind) {
        throw new TypeError(`${spec.name}: needs a ${keyKind} key, got ${String(key?.kind)}`);
      }
      if (curve !== undefined && key.kind === 'ec' && key.curve !== curve) {
        throw new TypeError(`${spec.name}: needs a ${curve} key, got ${key.curve}`);
      }
      return nobleSign(algorithm, key, message, random);
    },
    verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
      if (key === null || typeof key !== 'object' || key.kind !== keyKind) return false;
      if (curve !== undefined && (key.kind !== 'ec' || key.curve !== curve)) return false;
      return nobleVerify(algorithm, key, message, signature);
    },
  });
}

function ecdsaScheme(code: number, name: string, curve: EcCurve, hash: HashName): SignatureScheme {
  return scheme({
    code,
    name,
    opensslName: `ECDSA+${hash.toUpperCase()}`,
    keyKind: 'ec',
    curve,
    hash,
    tls13: true,
    algorithm: Object.freeze({ kind: 'ecdsa', hash }),
  });
}

function rsaPssScheme(code: number, hash: HashName, pssKeyOnly: boolean): SignatureScheme {
  const name = `rsa_pss_${pssKeyOnly ? 'pss' : 'rsae'}_${hash}`;
  return scheme({
    code,
    name,
    opensslName: name,
    keyKind: 'rsa',
    hash,
    padding: 'pss',
    pssKeyOnly,
    tls13: true,
    // RFC 8446 §4.2.3: salt length equal to the digest length.
    algorithm: Object.freeze({ kind: 'rsa-pss', hash, saltLength: HASH_LENGTH[hash] }),
  });
}

function rsaPkcs1Scheme(code: number, hash: HashName): SignatureScheme {
  return scheme({
    code,
    name: `rsa_pkcs1_${hash}`,
    opensslName: `RSA+${hash.toUpperCase()}`,
    keyKind: 'rsa',
    hash,
    padding: 'pkcs1',
    // RFC 8446 §4.2.3: only for certificates and TLS 1.2, never CertificateVerify.
    tls13: false,
    algorithm: Object.freeze({ kind: 'rsa-pkcs1', hash }),
  });
}

export const ecdsaSecp256r1Sha256 = /* @__PURE__ */ ecdsaScheme(
  0x0403,
  'ecdsa_secp256r1_sha256',
  'P-256',
  'sha256',
);
export const ecdsaSecp384r1Sha384 = /* @__PURE__ */ ecdsaScheme(
  0x0503,
  'ecdsa_secp384r1_sha384',
  'P-384',
  'sha384',
);
/**
 * ecdsa_secp521r1_sha512 (0x0603): P-521 keys, SHA-512, DER signatures whose
 * integers are up to 66 bytes (a signature is at most 139 bytes).
 */
export const ecdsaSecp521r1Sha512 = /* @__PURE__ */ ecdsaScheme(
  0x0603,
  'ecdsa_secp521r1_sha512',
  'P-521',
  'sha512',
);
export const ed25519Scheme = /* @__PURE__ */ scheme({
  code: 0x0807,
  name: 'ed25519',
  opensslName: 'ed25519',
  keyKind: 'ed25519',
  tls13: true,
  algorithm: Object.freeze({ kind: 'ed25519' }),
});
export const rsaPssRsaeSha256 = /* @__PURE__ */ rsaPssScheme(0x0804, 'sha256', false);
export const rsaPssRsaeSha384 = /* @__PURE__ */ rsaPssScheme(0x0805, 'sha384', false);
export const rsaPssRsaeSha512 = /* @__PURE__ */ rsaPssScheme(0x0806, 'sha512', false);
export const rsaPssPssSha256 = /* @__PURE__ */ rsaPssScheme(0x0809, 'sha256', true);
export const rsaPssPssSha384 = /* @__PURE__ */ rsaPssScheme(0x080a, 'sha384', true);
export const rsaPssPssSha512 = /* @__PURE__ */ rsaPssScheme(0x080b, 'sha512', true);
export const rsaPkcs1Sha256 = /* @__PURE__ */ rsaPkcs1Scheme(0x0401, 'sha256');
export const rsaPkcs1Sha384 = /* @__PURE__ */ rsaPkcs1Scheme(0x0501, 'sha384');
export const rsaPkcs1Sha512 = /* @__PURE__ */ rsaPkcs1Scheme(0x0601, 'sha512');

/**
 * The signature schemes of the noble provider in default preference order:
 * ECDSA (P-256, P-384, P-521), Ed25519, RSA-PSS with rsaEncryption keys, RSA-PSS
 * with id-RSASSA-PSS keys, then PKCS#1 v1.5 (TLS 1.2 and certificates only).
 */
export const nobleSignatureSchemes: readonly SignatureScheme[] = /* @__PURE__ */ Object.freeze([
  ecdsaSecp256r1Sha256,
  ecdsaSecp384r1Sha384,
  ecdsaSecp521r1Sha512,
  ed25519Scheme,
  rsaPssRsaeSha256,
  rsaPssRsaeSha384,
  rsaPssRsaeSha512,
  rsaPssPssSha256,
  rsaPssPssSha384,
  rsaPssPssSha512,
  rsaPkcs1Sha256,
  rsaPkcs1Sha384,
  rsaPkcs1Sha512,
]);
