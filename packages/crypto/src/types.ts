/**
 * The capabilities a crypto provider offers. Strata's protocol layers only
 * ever reach cryptography through these interfaces, so a provider backed by
 * another library (or by node:crypto, or hardware) can replace the default
 * one, wholesale or piece by piece: `{ ...nobleProvider, random: fixed }`.
 *
 * Conventions:
 * - bytes are `Uint8Array`; nothing here keeps a reference to an input;
 * - a caller's mistake (wrong key length, wrong nonce length) throws a
 *   `TypeError`/`RangeError`; bad bytes from a peer (an invalid point, a
 *   forged tag) give `undefined`/`false` or a `TlsError` with the alert
 *   named on the method.
 */

/** A source of cryptographically secure random bytes: returns `length` fresh bytes. */
export type Random = (length: number) => Uint8Array;

export type HashName = 'sha256' | 'sha384' | 'sha512';

/** An incremental hash whose state can be copied (transcript hashes fork at every message). */
export interface HashState {
  update(data: Uint8Array): this;
  /** The digest of everything so far; the state must not be used afterwards. */
  digest(): Uint8Array;
  /** An independent copy of the current state. */
  clone(): HashState;
}

export interface HashAlgorithm {
  readonly name: HashName;
  /** Digest size in bytes (32, 48, 64). */
  readonly outputLength: number;
  /** Block size in bytes (64 for SHA-256, 128 for SHA-384/512). */
  readonly blockLength: number;
  create(): HashState;
  digest(data: Uint8Array): Uint8Array;
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HKDF-Extract(salt, IKM), RFC 5869 §2.2. */
  hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array;
  /** HKDF-Expand(PRK, info, L), RFC 5869 §2.3. */
  hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}

export type AeadName = 'AES_128_GCM' | 'AES_256_GCM' | 'CHACHA20_POLY1305';

/** An AEAD algorithm, RFC 5116. */
export interface AeadAlgorithm {
  readonly name: AeadName;
  readonly keyLength: number;
  /** 12 for every AEAD TLS uses. */
  readonly nonceLength: number;
  /** 16 for every AEAD TLS uses. */
  readonly tagLength: number;
  /** A keyed instance; the key is copied. */
  create(key: Uint8Array): AeadKey;
}

export interface AeadKey {
  readonly algorithm: AeadAlgorithm;
  /** ciphertext ‖ tag. */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /**
   * The plaintext, or `undefined` when the tag does not verify or the input is
   * shorter than a tag. Never returns a partial plaintext.
   */
  open(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
  /** Zeroes the key material this instance holds, where the platform allows. */
  destroy(): void;
}

/** One side of a key exchange in progress; single use. */
export interface KeyExchange {
  /** The key share to send (TLS encoding: uncompressed point, raw x25519 key, or hybrid). */
  readonly publicKey: Uint8Array;
  /**
   * The shared secret with the peer's key share. A share of the wrong length,
   * an invalid point or an all-zero x25519 result throws a `TlsError` with
   * `illegal_parameter`. Calling it twice is a bug and throws.
   */
  complete(peerShare: Uint8Array): Uint8Array;
}

/** A key exchange group (RFC 8446 §4.2.7 NamedGroup). */
export interface KeyExchangeGroup {
  readonly code: number;
  /** IANA name: `x25519`, `secp256r1`, `secp384r1`, `X25519MLKEM768`. */
  readonly name: string;
  /** OpenSSL's name for `-groups` lists: `X25519`, `P-256`, `P-384`, `X25519MLKEM768`. */
  readonly opensslName: string;
  /** Initiator (TLS client): a fresh ephemeral key pair drawn from `random`. */
  start(random: Random): KeyExchange;
  /**
   * Responder (TLS server): answers the initiator's share. For Diffie-Hellman
   * groups this is start + complete; for KEM-based groups it encapsulates.
   * Invalid shares throw a `TlsError` with `illegal_parameter`.
   */
  respond(
    peerShare: Uint8Array,
    random: Random,
  ): { publicKey: Uint8Array; sharedSecret: Uint8Array };
}

export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/** Private keys in the shape the signature schemes use; @strata/pki parses files into these. */
export type PrivateKey =
  | { readonly kind: 'ec'; readonly curve: EcCurve; readonly d: Uint8Array }
  | { readonly kind: 'ed25519'; readonly seed: Uint8Array }
  | {
      readonly kind: 'rsa';
      readonly n: bigint;
      readonly e: bigint;
      readonly d: bigint;
      readonly p: bigint;
      readonly q: bigint;
      readonly dp: bigint;
      readonly dq: bigint;
      readonly qi: bigint;
    };

/** Public keys: EC points uncompressed (0x04 ‖ x ‖ y). */
export type PublicKey =
  | { readonly kind: 'ec'; readonly curve: EcCurve; readonly point: Uint8Array }
  | { readonly kind: 'ed25519'; readonly key: Uint8Array }
  | { readonly kind: 'rsa'; readonly n: bigint; readonly e: bigint };

export type KeyKind = PublicKey['kind'];

/**
 * A signature algorithm by its parts. X.509 needs this level: a certificate
 * signed `ecdsa-with-SHA256` may carry a P-384 key, which no TLS 1.3
 * SignatureScheme describes. RSA-PSS uses MGF1 with the same hash.
 */
export type SignatureAlgorithm =
  | { readonly kind: 'ecdsa'; readonly hash: HashName }
  | { readonly kind: 'ed25519' }
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly hash: HashName; readonly saltLength: number };

/** A signature scheme (RFC 8446 §4.2.3 SignatureScheme). */
export interface SignatureScheme {
  readonly code: number;
  /** IANA name: `ecdsa_secp256r1_sha256`, `rsa_pss_rsae_sha256`, … */
  readonly name: string;
  /** OpenSSL's name for `-sigalgs` lists: `ECDSA+SHA256`, `rsa_pss_rsae_sha256`, `ed25519`, `RSA+SHA256`. */
  readonly opensslName: string;
  readonly keyKind: KeyKind;
  /** For ECDSA: the curve the key must be on (TLS 1.3 binds curve to scheme). */
  readonly curve?: EcCurve;
  /** Undefined for Ed25519, which hashes internally. */
  readonly hash?: HashName;
  /** RSA padding. `pss` schemes serve both rsa_pss_rsae_* and rsa_pss_pss_*. */
  readonly padding?: 'pss' | 'pkcs1';
  /** rsa_pss_pss_*: the key must be an id-RSASSA-PSS key (RFC 8446 §4.2.3); pki enforces it. */
  readonly pssKeyOnly?: boolean;
  /** False for schemes TLS 1.3 forbids in CertificateVerify (rsa_pkcs1_*, sha1). */
  readonly tls13: boolean;
  /** The algorithm this scheme signs with (PSS salt = hash length, RFC 8446 §4.2.3). */
  readonly algorithm: SignatureAlgorithm;
  /**
   * ECDSA signatures are DER, as TLS and X.509 carry them. A key of the wrong
   * kind or curve is a caller mistake and throws a `TypeError`.
   */
  sign(key: PrivateKey, message: Uint8Array, random: Random): Uint8Array;
  /**
   * False for a wrong signature, a malformed one (bad DER), a key of the wrong
   * kind, or (ECDSA) a key on another curve than the scheme's.
   */
  verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean;
}

/** A TLS cipher suite, with what each layer needs to run it. */
export type CipherSuite =
  | {
      readonly version: 'TLS1.3';
      readonly code: number;
      /** IANA and OpenSSL name, e.g. `TLS_AES_128_GCM_SHA256`. */
      readonly name: string;
      readonly opensslName: string;
      readonly aead: AeadAlgorithm;
      readonly hash: HashAlgorithm;
    }
  | {
      readonly version: 'TLS1.2';
      readonly code: number;
      /** IANA name, e.g. `TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256`. */
      readonly name: string;
      /** OpenSSL name, e.g. `ECDHE-ECDSA-AES128-GCM-SHA256`. */
      readonly opensslName: string;
      readonly aead: AeadAlgorithm;
      /** The PRF hash. */
      readonly hash: HashAlgorithm;
      readonly keyExchange: 'ECDHE';
      readonly authentication: 'ECDSA' | 'RSA';
      /** Implicit part of the nonce from the key block: 4 for GCM, 12 for ChaCha20-Poly1305. */
      readonly fixedIvLength: number;
      /** Explicit nonce carried in each record: 8 for GCM, 0 for ChaCha20-Poly1305 (RFC 7905). */
      readonly explicitNonceLength: number;
    };

/** Everything Strata needs from cryptography, as one overridable object. */
export interface CryptoProvider {
  readonly name: string;
  readonly random: Random;
  readonly hashes: Readonly<Record<HashName, HashAlgorithm>>;
  readonly aeads: Readonly<Record<AeadName, AeadAlgorithm>>;
  /** In default preference order. */
  readonly groups: readonly KeyExchangeGroup[];
  /** In default preference order. */
  readonly signatureSchemes: readonly SignatureScheme[];
  /** In default preference order (TLS 1.3 first). */
  readonly cipherSuites: readonly CipherSuite[];
  /** Signs with any supported algorithm and key (ECDSA output is DER). */
  sign(
    algorithm: SignatureAlgorithm,
    key: PrivateKey,
    message: Uint8Array,
    random: Random,
  ): Uint8Array;
  /**
   * Verifies with any supported algorithm: ECDSA accepts DER with high or low S
   * (TLS peers do not normalise S); false for anything that does not verify.
   */
  verify(
    algorithm: SignatureAlgorithm,
    key: PublicKey,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean;
  /** Equality in time independent of where the inputs differ (lengths are public). */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}
