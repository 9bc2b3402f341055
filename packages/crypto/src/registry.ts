import { openEnum } from '@strata/wire';
import type { CipherSuite, CryptoProvider, KeyExchangeGroup, SignatureScheme } from './types.js';

/**
 * TLS cipher suite code points Strata implements (IANA names). Other code
 * points stay plain numbers; `CipherSuiteCode.name(x)` gives `unknown(0x....)`.
 */
export const CipherSuiteCode = /* @__PURE__ */ openEnum(
  {
    TLS_AES_128_GCM_SHA256: 0x1301,
    TLS_AES_256_GCM_SHA384: 0x1302,
    TLS_CHACHA20_POLY1305_SHA256: 0x1303,
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 0xc02b,
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 0xc02c,
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 0xc02f,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 0xc030,
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca8,
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca9,
    /** RFC 5746 §3.3 signalling value (not a real suite). */
    TLS_EMPTY_RENEGOTIATION_INFO_SCSV: 0x00ff,
    /** RFC 7507 §6 signalling value (not a real suite). */
    TLS_FALLBACK_SCSV: 0x5600,
  },
  { hex: true },
);

/**
 * NamedGroup, RFC 8446 §4.2.7 (plus RFC 7919 FFDHE and the ML-KEM hybrids of
 * draft-ietf-tls-ecdhe-mlkem). Known by name even where Strata has no
 * implementation, so logs and errors can name what a peer offered.
 */
export const NamedGroup = /* @__PURE__ */ openEnum(
  {
    secp256r1: 0x0017,
    secp384r1: 0x0018,
    secp521r1: 0x0019,
    x25519: 0x001d,
    x448: 0x001e,
    ffdhe2048: 0x0100,
    ffdhe3072: 0x0101,
    ffdhe4096: 0x0102,
    ffdhe6144: 0x0103,
    ffdhe8192: 0x0104,
    SecP256r1MLKEM768: 0x11eb,
    X25519MLKEM768: 0x11ec,
    SecP384r1MLKEM1024: 0x11ed,
  },
  { hex: true },
);

/**
 * SignatureScheme, RFC 8446 §4.2.3 (all values, including the legacy SHA-1
 * ones TLS 1.2 peers still send) and the RFC 8734 brainpool schemes.
 */
export const SignatureSchemeCode = /* @__PURE__ */ openEnum(
  {
    rsa_pkcs1_sha1: 0x0201,
    ecdsa_sha1: 0x0203,
    rsa_pkcs1_sha256: 0x0401,
    ecdsa_secp256r1_sha256: 0x0403,
    rsa_pkcs1_sha384: 0x0501,
    ecdsa_secp384r1_sha384: 0x0503,
    rsa_pkcs1_sha512: 0x0601,
    ecdsa_secp521r1_sha512: 0x0603,
    rsa_pss_rsae_sha256: 0x0804,
    rsa_pss_rsae_sha384: 0x0805,
    rsa_pss_rsae_sha512: 0x0806,
    ed25519: 0x0807,
    ed448: 0x0808,
    rsa_pss_pss_sha256: 0x0809,
    rsa_pss_pss_sha384: 0x080a,
    rsa_pss_pss_sha512: 0x080b,
    ecdsa_brainpoolP256r1tls13_sha256: 0x081a,
    ecdsa_brainpoolP384r1tls13_sha384: 0x081b,
    ecdsa_brainpoolP512r1tls13_sha512: 0x081c,
  },
  { hex: true },
);

type Provider = Pick<CryptoProvider, 'cipherSuites'>;

/** The provider's cipher suite with this code point, or undefined. */
export function cipherSuiteByCode(provider: Provider, code: number): CipherSuite | undefined {
  return provider.cipherSuites.find((s) => s.code === code);
}

/**
 * The provider's cipher suite by IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`)
 * or OpenSSL name (`ECDHE-RSA-AES128-GCM-SHA256`), case-insensitive; undefined when unknown.
 */
export function cipherSuiteByName(provider: Provider, name: string): CipherSuite | undefined {
  const key = name.trim().toLowerCase();
  return provider.cipherSuites.find(
    (s) => s.name.toLowerCase() === key || s.opensslName.toLowerCase() === key,
  );
}

/** The provider's key exchange group with this code point, or undefined. */
export function groupByCode(
  provider: Pick<CryptoProvider, 'groups'>,
  code: number,
): KeyExchangeGroup | undefined {
  return provider.groups.find((g) => g.code === code);
}

/**
 * Names OpenSSL accepts for a group (`-groups`, `SSL_CTX_set1_groups_list`)
 * besides the IANA name, lower-cased, mapped to the code point.
 */
const GROUP_ALIASES: ReadonlyMap<string, number> = /* @__PURE__ */ new Map([
  ['prime256v1', 0x0017],
  ['p-256', 0x0017],
  ['p256', 0x0017],
  ['p-384', 0x0018],
  ['p384', 0x0018],
  ['p-521', 0x0019],
  ['p521', 0x0019],
  ['secp256r1mlkem768', 0x11eb],
  ['x25519mlkem768', 0x11ec],
  ['secp384r1mlkem1024', 0x11ed],
]);

/**
 * The provider's key exchange group by IANA name (`secp256r1`, `x25519`),
 * OpenSSL name (`P-256`, `X25519`) or OpenSSL alias (`prime256v1`),
 * case-insensitive; undefined when unknown or not offered by the provider.
 */
export function groupByName(
  provider: Pick<CryptoProvider, 'groups'>,
  name: string,
): KeyExchangeGroup | undefined {
  const key = name.trim().toLowerCase();
  const byName = provider.groups.find(
    (g) => g.name.toLowerCase() === key || g.opensslName.toLowerCase() === key,
  );
  if (byName) return byName;
  const code = GROUP_ALIASES.get(key) ?? codeOfName(NamedGroup, key);
  return code === undefined ? undefined : groupByCode(provider, code);
}

/** The provider's signature scheme with this code point, or undefined. */
export function signatureSchemeByCode(
  provider: Pick<CryptoProvider, 'signatureSchemes'>,
  code: number,
): SignatureScheme | undefined {
  return provider.signatureSchemes.find((s) => s.code === code);
}

/**
 * OpenSSL's `SIG+HASH` sigalg names (`-sigalgs`, `SSL_CTX_set1_sigalgs_list`),
 * upper-cased, mapped to the code point. As in OpenSSL, `RSA-PSS+SHAx` and
 * `PSS+SHAx` mean the rsa_pss_rsae_* scheme, and `ECDSA+SHAx` the curve TLS 1.3
 * pairs with that hash.
 */
const SIGALG_ALIASES: ReadonlyMap<string, number> = /* @__PURE__ */ new Map([
  ['RSA+SHA1', 0x0201],
  ['ECDSA+SHA1', 0x0203],
  ['RSA+SHA256', 0x0401],
  ['RSA+SHA384', 0x0501],
  ['RSA+SHA512', 0x0601],
  ['ECDSA+SHA256', 0x0403],
  ['ECDSA+SHA384', 0x0503],
  ['ECDSA+SHA512', 0x0603],
  ['RSA-PSS+SHA256', 0x0804],
  ['RSA-PSS+SHA384', 0x0805],
  ['RSA-PSS+SHA512', 0x0806],
  ['PSS+SHA256', 0x0804],
  ['PSS+SHA384', 0x0805],
  ['PSS+SHA512', 0x0806],
]);

/**
 * The provider's signature scheme by IANA name (`rsa_pss_rsae_sha256`,
 * `ed25519`) or OpenSSL sigalg name (`ECDSA+SHA256`, `RSA-PSS+SHA256`,
 * `RSA+SHA256`), case-insensitive; undefined when unknown or not offered.
 */
export function signatureSchemeByName(
  provider: Pick<CryptoProvider, 'signatureSchemes'>,
  name: string,
): SignatureScheme | undefined {
  const trimmed = name.trim();
  const key = trimmed.toLowerCase();
  const byName = provider.signatureSchemes.find(
    (s) => s.name.toLowerCase() === key || s.opensslName.toLowerCase() === key,
  );
  if (byName) return byName;
  const code = SIGALG_ALIASES.get(trimmed.toUpperCase()) ?? codeOfName(SignatureSchemeCode, key);
  return code === undefined ? undefined : signatureSchemeByCode(provider, code);
}

/** The code point of a lower-cased name in an open enum table, if any. */
function codeOfName(
  table: Readonly<Record<string, unknown>>,
  lowerName: string,
): number | undefined {
  for (const [name, value] of Object.entries(table)) {
    if (typeof value === 'number' && name.toLowerCase() === lowerName) return value;
  }
  return undefined;
}
