import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { OctetString } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  type CryptoProvider,
  type EcCurve,
  nobleProvider,
  type PrivateKey,
  type PublicKey,
  type SignatureAlgorithm,
  type SignatureScheme,
} from '@strata/crypto';
import { type AlertName, equalBytes } from '@strata/wire';
import { type PssParameters, parsePssParameters } from './algorithms.js';
import { bigintFromBytes, decodeAsn1, fixedLength, guarded, u8 } from './asn1.js';
import { PkiErrorCode, pkiError } from './errors.js';
import { Oid } from './oids.js';
import { decodePem, isPem } from './pem.js';

/** A subjectPublicKeyInfo, decoded. */
export interface PublicKeyInfo {
  /** The exact DER of the SubjectPublicKeyInfo. */
  readonly der: Uint8Array;
  /** Algorithm OID (`rsaEncryption`, `id-RSASSA-PSS`, `id-ecPublicKey`, `id-Ed25519`, …). */
  readonly algorithm: string;
  /** The key in @strata/crypto's shape; undefined for algorithms or curves Strata does not support. */
  readonly key: PublicKey | undefined;
  /** True for an id-RSASSA-PSS key: it may only sign with PSS (RFC 4055, RFC 8446 rsa_pss_pss_*). */
  readonly pssOnly: boolean;
  /** PSS restrictions from the key's parameters, when present. */
  readonly pss: PssParameters | undefined;
  /** Key size in bits as `EVP_PKEY_get_bits` (RSA modulus, curve size, 256 for Ed25519); 0 if unknown. */
  readonly bits: number;
}

/** Named curves: field size in bytes, and the order's size in bits (`EVP_PKEY_get_bits`: 521 for P-521). */
const CURVES: Readonly<Record<string, { curve: EcCurve; size: number; bits: number }>> = {
  [Oid.prime256v1]: { curve: 'P-256', size: 32, bits: 256 },
  [Oid.secp384r1]: { curve: 'P-384', size: 48, bits: 384 },
  [Oid.secp521r1]: { curve: 'P-521', size: 66, bits: 521 },
};

function rsaPublic(bytes: Uint8Array, alert: AlertName): PublicKey & { kind: 'rsa' } {
  const k = decodeAsn1(bytes, RSAPublicKey, alert, 'RSA public key');
  const n = bigintFromBytes(u8(k.modulus));
  const e = bigintFromBytes(u8(k.publicExponent));
  if (n <= 0n || e <= 1n)
    throw pkiError(alert, PkiErrorCode.KeyInvalid, 'tls: invalid RSA public key');
  return { kind: 'rsa', n, e };
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Decodes a SubjectPublicKeyInfo (DER). Unsupported algorithms give `key: undefined`; malformed ones throw. */
export function parsePublicKeyInfo(
  der: Uint8Array,
  alert: AlertName = 'bad_certificate',
): PublicKeyInfo {
  const spki = decodeAsn1(der, SubjectPublicKeyInfo, alert, 'SubjectPublicKeyInfo');
  return publicKeyInfoFromAsn1(spki, der, alert);
}

export function publicKeyInfoFromAsn1(
  spki: SubjectPublicKeyInfo,
  der: Uint8Array,
  alert: AlertName,
): PublicKeyInfo {
  const algorithm = spki.algorithm.algorithm;
  const bits = u8(spki.subjectPublicKey);
  const base = { der, algorithm, pssOnly: false, pss: undefined };
  switch (algorithm) {
    case Oid.rsaEncryption: {
      const key = rsaPublic(bits, alert);
      return { ...base, key, bits: bitLength(key.n) };
    }
    case Oid.rsassaPss: {
      const key = rsaPublic(bits, alert);
      const params = spki.algorithm.parameters;
      const pss = params ? parsePssParameters(params, alert) : undefined;
      return { ...base, key, pssOnly: true, pss, bits: bitLength(key.n) };
    }
    case Oid.ecPublicKey: {
      const params = spki.algorithm.parameters;
      if (!params) return { ...base, key: undefined, bits: 0 };
      const ecp = decodeAsn1(u8(params), ECParameters, alert, 'EC parameters');
      const c = ecp.namedCurve === undefined ? undefined : CURVES[ecp.namedCurve];
      if (c === undefined) return { ...base, key: undefined, bits: 0 };
      if (bits.length !== 1 + 2 * c.size || bits[0] !== 0x04) {
        throw pkiError(
          alert,
          PkiErrorCode.KeyUnsupported,
          'tls: EC public key is not an uncompressed point of its curve',
        );
      }
      return { ...base, key: { kind: 'ec', curve: c.curve, point: bits }, bits: c.bits };
    }
    case Oid.ed25519: {
      if (bits.length !== 32) {
        throw pkiError(alert, PkiErrorCode.KeyInvalid, 'tls: Ed25519 public key is not 32 bytes');
      }
      return { ...base, key: { kind: 'ed25519', key: bits }, bits: 256 };
    }
    default:
      return { ...base, key: undefined, bits: 0 };
  }
}

/** A private key loaded from a file, in @strata/crypto's shape. */
export interface LoadedPrivateKey {
  readonly key: PrivateKey;
  /** The public half when the file carries it or it follows from the private key (RSA). */
  readonly publicKey: PublicKey | undefined;
  /** The container: PKCS#8 `PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`. */
  readonly format: 'pkcs8' | 'sec1' | 'pkcs1';
  /** True for an id-RSASSA-PSS PKCS#8 key: PSS signatures only. */
  readonly pssOnly: boolean;
}

const KEY_ALERT: AlertName = 'decode_error';

function rsaPrivate(bytes: Uint8Array): { key: PrivateKey; publicKey: PublicKey } {
  const k = decodeAsn1(bytes, RSAPrivateKey, KEY_ALERT, 'RSA private key');
  if (k.version !== 0) {
    throw pkiError(
      KEY_ALERT,
      PkiErrorCode.KeyUnsupported,
      'tls: multi-prime RSA keys are not supported',
    );
  }
  const n = bigintFromBytes(u8(k.modulus));
  const e = bigintFromBytes(u8(k.publicExponent));
  const key: PrivateKey = {
    kind: 'rsa',
    n,
    e,
    d: bigintFromBytes(u8(k.privateExponent)),
    p: bigintFromBytes(u8(k.prime1)),
    q: bigintFromBytes(u8(k.prime2)),
    dp: bigintFromBytes(u8(k.exponent1)),
    dq: bigintFromBytes(u8(k.exponent2)),
    qi: bigintFromBytes(u8(k.coefficient)),
  };
  if (n <= 0n || key.p * key.q !== n) {
    throw pkiError(KEY_ALERT, PkiErrorCode.KeyInvalid, 'tls: inconsistent RSA private key');
  }
  return { key, publicKey: { kind: 'rsa', n, e } };
}

function ecPrivate(
  bytes: Uint8Array,
  outerCurve: string | undefined,
): { key: PrivateKey; publicKey: PublicKey | undefined } {
  const k = decodeAsn1(bytes, ECPrivateKey, KEY_ALERT, 'EC private key');
  const curveOid = k.parameters?.namedCurve ?? outerCurve;
  if (outerCurve !== undefined && curveOid !== outerCurve) {
    throw pkiError(KEY_ALERT, PkiErrorCode.KeyInvalid, 'tls: EC private key names two curves');
  }
  const c = curveOid === undefined ? undefined : CURVES[curveOid];
  if (c === undefined) {
    throw pkiError(
      KEY_ALERT,
      PkiErrorCode.KeyUnsupported,
      'tls: EC private key on an unsupported curve',
    );
  }
  const d = fixedLength(u8(k.privateKey.buffer), c.size);
  if (d === undefined || d.every((b) => b === 0)) {
    throw pkiError(KEY_ALERT, PkiErrorCode.KeyInvalid, 'tls: invalid EC private scalar');
  }
  let publicKey: PublicKey | undefined;
  if (k.publicKey !== undefined) {
    const point = u8(k.publicKey);
    if (point.length === 1 + 2 * c.size && point[0] === 0x04) {
      publicKey = { kind: 'ec', curve: c.curve, point };
    }
  }
  return { key: { kind: 'ec', curve: c.curve, d }, publicKey };
}

function pkcs8(der: Uint8Array): LoadedPrivateKey {
  const info = decodeAsn1(der, PrivateKeyInfo, KEY_ALERT, 'PKCS#8 PrivateKeyInfo');
  const alg = info.privateKeyAlgorithm;
  const inner = u8(info.privateKey.buffer);
  switch (alg.algorithm) {
    case Oid.rsaEncryption:
    case Oid.rsassaPss: {
      const { key, publicKey } = rsaPrivate(inner);
      return { key, publicKey, format: 'pkcs8', pssOnly: alg.algorithm === Oid.rsassaPss };
    }
    case Oid.ecPublicKey: {
      let curve: string | undefined;
      if (alg.parameters) {
        curve = decodeAsn1(u8(alg.parameters), ECParameters, KEY_ALERT, 'EC parameters').namedCurve;
      }
      const { key, publicKey } = ecPrivate(inner, curve);
      return { key, publicKey, format: 'pkcs8', pssOnly: false };
    }
    case Oid.ed25519: {
      const seed = u8(decodeAsn1(inner, OctetString, KEY_ALERT, 'Ed25519 private key').buffer);
      if (seed.length !== 32) {
        throw pkiError(
          KEY_ALERT,
          PkiErrorCode.KeyInvalid,
          'tls: Ed25519 private key is not 32 bytes',
        );
      }
      return {
        key: { kind: 'ed25519', seed: seed.slice() },
        publicKey: undefined,
        format: 'pkcs8',
        pssOnly: false,
      };
    }
    default:
      throw pkiError(
        KEY_ALERT,
        PkiErrorCode.KeyUnsupported,
        `tls: unsupported private key algorithm ${alg.algorithm}`,
      );
  }
}

const LABELS: Readonly<Record<string, (der: Uint8Array) => LoadedPrivateKey>> = {
  'PRIVATE KEY': pkcs8,
  'RSA PRIVATE KEY': (der) => ({ ...rsaPrivate(der), format: 'pkcs1', pssOnly: false }),
  'EC PRIVATE KEY': (der) => ({ ...ecPrivate(der, undefined), format: 'sec1', pssOnly: false }),
};

/**
 * Loads an unencrypted private key: PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`,
 * `EC PRIVATE KEY`; other blocks such as certificates or `EC PARAMETERS` are
 * skipped) or DER (PKCS#8, then PKCS#1, then SEC1 are tried). Encrypted keys
 * and unsupported algorithms throw a `TlsError` (`decode_error`).
 */
export function parsePrivateKey(input: string | Uint8Array): LoadedPrivateKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parsePrivateKey: expected PEM text or DER bytes');
  }
  return guarded(KEY_ALERT, 'private key', () => {
    if (isPem(input)) {
      for (const block of decodePem(input)) {
        if (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers['Proc-Type'] !== undefined) {
          throw pkiError(
            KEY_ALERT,
            PkiErrorCode.KeyEncrypted,
            'tls: encrypted private keys are not supported',
          );
        }
        const load = LABELS[block.label];
        if (load) return load(block.der);
      }
      throw pkiError(KEY_ALERT, PkiErrorCode.PemNoBlock, 'tls: no private key block found');
    }
    const der = input as Uint8Array;
    let first: unknown;
    for (const load of [pkcs8, LABELS['RSA PRIVATE KEY']!, LABELS['EC PRIVATE KEY']!]) {
      try {
        return load(der);
      } catch (error) {
        first ??= error;
      }
    }
    throw first;
  });
}

/** Loads a public key: PEM `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1), or SPKI DER. */
export function parsePublicKey(input: string | Uint8Array): PublicKeyInfo {
  return guarded(KEY_ALERT, 'public key', () => {
    if (isPem(input)) {
      for (const block of decodePem(input)) {
        if (block.label === 'PUBLIC KEY') return parsePublicKeyInfo(block.der, KEY_ALERT);
        if (block.label === 'RSA PUBLIC KEY') {
          const key = rsaPublic(block.der, KEY_ALERT);
          return {
            der: block.der,
            algorithm: Oid.rsaEncryption,
            key,
            pssOnly: false,
            pss: undefined,
            bits: bitLength(key.n),
          };
        }
      }
      throw pkiError(KEY_ALERT, PkiErrorCode.PemNoBlock, 'tls: no public key block found');
    }
    return parsePublicKeyInfo(input as Uint8Array, KEY_ALERT);
  });
}

function samePublicKey(a: PublicKey, b: PublicKey): boolean {
  if (a.kind === 'rsa' && b.kind === 'rsa') return a.n === b.n && a.e === b.e;
  if (a.kind === 'ec' && b.kind === 'ec')
    return a.curve === b.curve && equalBytes(a.point, b.point);
  if (a.kind === 'ed25519' && b.kind === 'ed25519') return equalBytes(a.key, b.key);
  return false;
}

/**
 * Whether `privateKey` is the private half of `publicKey`, like
 * `SSL_CTX_check_private_key`: public parts are compared where the key file
 * carries them (RSA always, EC when the file includes the point); otherwise a
 * signature made with the private key must verify under the public key.
 */
export function privateKeyMatches(
  privateKey: LoadedPrivateKey | PrivateKey,
  publicKey: PublicKey,
  provider: CryptoProvider = nobleProvider,
): boolean {
  const loaded: LoadedPrivateKey =
    'format' in privateKey
      ? privateKey
      : { key: privateKey, publicKey: undefined, format: 'pkcs8', pssOnly: false };
  const key = loaded.key;
  if (key.kind !== publicKey.kind) return false;
  if (key.kind === 'ec' && publicKey.kind === 'ec' && key.curve !== publicKey.curve) return false;
  if (loaded.publicKey !== undefined) return samePublicKey(loaded.publicKey, publicKey);
  if (key.kind === 'rsa' && publicKey.kind === 'rsa') {
    return key.n === publicKey.n && key.e === publicKey.e;
  }
  const algorithm: SignatureAlgorithm =
    key.kind === 'ed25519' ? { kind: 'ed25519' } : { kind: 'ecdsa', hash: 'sha256' };
  const probe = new TextEncoder().encode('strata pki key match probe');
  try {
    const signature = provider.sign(algorithm, key, probe, provider.random);
    return provider.verify(algorithm, publicKey, probe, signature);
  } catch {
    return false;
  }
}

/**
 * `SSL_CTX_check_private_key`: whether `key` is the private half of the
 * certificate's public key (an id-RSASSA-PSS key only matches a certificate
 * whose key is id-RSASSA-PSS too).
 */
export function checkPrivateKey(
  cert: { readonly publicKey: PublicKeyInfo },
  key: LoadedPrivateKey,
  provider: CryptoProvider = nobleProvider,
): boolean {
  const pub = cert.publicKey.key;
  if (pub === undefined) return false;
  if (key.pssOnly && !cert.publicKey.pssOnly) return false;
  return privateKeyMatches(key, pub, provider);
}

/**
 * Whether a TLS signature scheme may be used with this certificate key:
 * the key kind must match; rsa_pss_pss_* needs an id-RSASSA-PSS key and
 * rsa_pss_rsae_* / rsa_pkcs1_* an rsaEncryption key (RFC 8446 §4.2.3), with
 * the hash a PSS key's parameters impose; in TLS 1.3 an ECDSA scheme also
 * binds the curve.
 */
export function keyFitsScheme(
  info: PublicKeyInfo,
  scheme: Pick<SignatureScheme, 'keyKind' | 'curve' | 'hash' | 'padding' | 'pssKeyOnly'>,
  version: 'TLS1.2' | 'TLS1.3',
): boolean {
  const key = info.key;
  if (key === undefined || key.kind !== scheme.keyKind) return false;
  if (key.kind === 'rsa') {
    if (info.pssOnly !== (scheme.pssKeyOnly === true)) return false;
    if (info.pssOnly && info.pss?.hash !== undefined && info.pss.hash !== scheme.hash) return false;
    return true;
  }
  if (key.kind === 'ec' && version === 'TLS1.3') return scheme.curve === key.curve;
  return true;
}
