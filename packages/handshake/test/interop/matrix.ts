// What the interop tests exercise against every real peer: each TLS 1.3 suite,
// each group OpenSSL 3.0 has (X25519MLKEM768 needs OpenSSL 3.5 and is tested in
// memory only), each signature scheme with the fixture certificate that makes it.

/** [OpenSSL/IANA name, code point] */
export const SUITES: readonly [string, number][] = [
  ['TLS_AES_128_GCM_SHA256', 0x1301],
  ['TLS_AES_256_GCM_SHA384', 0x1302],
  ['TLS_CHACHA20_POLY1305_SHA256', 0x1303],
];

/** [OpenSSL group name, code point] */
export const GROUPS: readonly [string, number][] = [
  ['X25519', 0x001d],
  ['P-256', 0x0017],
  ['P-384', 0x0018],
  ['X448', 0x001e],
  ['P-521', 0x0019],
  ['ffdhe2048', 0x0100],
  ['ffdhe3072', 0x0101],
  ['ffdhe4096', 0x0102],
  ['ffdhe6144', 0x0103],
  ['ffdhe8192', 0x0104],
];

/** [scheme, code point, fixture certificate] */
export const SCHEMES: readonly [string, number, string][] = [
  ['ecdsa_secp256r1_sha256', 0x0403, 'server-p256'],
  ['ecdsa_secp384r1_sha384', 0x0503, 'server-p384'],
  ['ecdsa_secp521r1_sha512', 0x0603, 'server-p521'],
  ['ed25519', 0x0807, 'server-ed25519'],
  ['rsa_pss_rsae_sha256', 0x0804, 'server-rsa'],
  ['rsa_pss_rsae_sha384', 0x0805, 'server-rsa'],
  ['rsa_pss_rsae_sha512', 0x0806, 'server-rsa'],
  ['rsa_pss_pss_sha256', 0x0809, 'server-rsa-pss'],
  ['rsa_pss_pss_sha384', 0x080a, 'server-rsa-pss'],
  ['rsa_pss_pss_sha512', 0x080b, 'server-rsa-pss'],
];
