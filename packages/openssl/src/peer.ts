/**
 * What `openssl s_client`/`s_server` print about a handshake: the peer's
 * signature (`SSL_get_peer_signature_nid`, `SSL_get_peer_signature_type_nid`),
 * its ephemeral key (`SSL_get_peer_tmp_key`), and the server's view of the
 * client's offer (`SSL_get_shared_ciphers`, `SSL_get1_groups`,
 * `SSL_get_shared_group`), with OpenSSL 3.0's NIDs and short names.
 */
import type { KeyExchangeGroup, SignatureScheme } from '@strata/crypto';
import { SSL_OP_CIPHER_SERVER_PREFERENCE } from './constants.js';
import type { SSL } from './ssl.js';
import type { EVP_PKEY } from './x509.js';

export const NID_undef = 0;
export const NID_sha1 = 64;
export const NID_sha256 = 672;
export const NID_sha384 = 673;
export const NID_sha512 = 674;
export const NID_rsaEncryption = 6;
export const NID_rsassaPss = 912;
export const NID_X9_62_id_ecPublicKey = 408;
export const NID_X9_62_prime256v1 = 415;
export const NID_secp384r1 = 715;
export const NID_secp521r1 = 716;
export const NID_X25519 = 1034;
export const NID_X448 = 1035;
export const NID_ED25519 = 1087;
export const NID_ED448 = 1088;
export const NID_ffdhe2048 = 1126;
export const NID_ffdhe3072 = 1127;
export const NID_ffdhe4096 = 1128;
export const NID_ffdhe6144 = 1129;
export const NID_ffdhe8192 = 1130;
export const EVP_PKEY_NONE = NID_undef;
export const EVP_PKEY_RSA = NID_rsaEncryption;
export const EVP_PKEY_RSA_PSS = NID_rsassaPss;
export const EVP_PKEY_EC = NID_X9_62_id_ecPublicKey;
export const EVP_PKEY_X25519 = NID_X25519;
export const EVP_PKEY_X448 = NID_X448;
export const EVP_PKEY_ED25519 = NID_ED25519;
export const EVP_PKEY_ED448 = NID_ED448;
/** libssl's NID for a group without one (`TLSEXT_nid_unknown | group id`). */
export const TLSEXT_nid_unknown = 0x1000000;

const SHORT_NAMES = new Map<number, string>([
  [NID_undef, 'UNDEF'],
  [NID_sha1, 'SHA1'],
  [NID_sha256, 'SHA256'],
  [NID_sha384, 'SHA384'],
  [NID_sha512, 'SHA512'],
  [NID_rsaEncryption, 'rsaEncryption'],
  [NID_rsassaPss, 'RSASSA-PSS'],
  [NID_X9_62_id_ecPublicKey, 'id-ecPublicKey'],
  [NID_X9_62_prime256v1, 'prime256v1'],
  [NID_secp384r1, 'secp384r1'],
  [NID_secp521r1, 'secp521r1'],
  [NID_X25519, 'X25519'],
  [NID_X448, 'X448'],
  [NID_ED25519, 'ED25519'],
  [NID_ED448, 'ED448'],
  [NID_ffdhe2048, 'ffdhe2048'],
  [NID_ffdhe3072, 'ffdhe3072'],
  [NID_ffdhe4096, 'ffdhe4096'],
  [NID_ffdhe6144, 'ffdhe6144'],
  [NID_ffdhe8192, 'ffdhe8192'],
]);

/** `OBJ_nid2sn`: the short name of the NIDs this package hands out, else null. */
export function OBJ_nid2sn(nid: number): string | null {
  return SHORT_NAMES.get(nid) ?? null;
}

const HASH_NIDS: Readonly<Record<string, number>> = {
  sha1: NID_sha1,
  sha256: NID_sha256,
  sha384: NID_sha384,
  sha512: NID_sha512,
};

/** TLS group code point → OpenSSL NID (`TLSEXT_nid_unknown | code` for groups without one). */
export function groupNid(code: number): number {
  switch (code) {
    case 0x0017:
      return NID_X9_62_prime256v1;
    case 0x0018:
      return NID_secp384r1;
    case 0x0019:
      return NID_secp521r1;
    case 0x001d:
      return NID_X25519;
    case 0x001e:
      return NID_X448;
    case 0x0100:
      return NID_ffdhe2048;
    case 0x0101:
      return NID_ffdhe3072;
    case 0x0102:
      return NID_ffdhe4096;
    case 0x0103:
      return NID_ffdhe6144;
    case 0x0104:
      return NID_ffdhe8192;
    default:
      return TLSEXT_nid_unknown | code;
  }
}

/** The scheme of the peer's CertificateVerify, or undefined before it (or in a resumption). */
function peerScheme(ssl: SSL): SignatureScheme | undefined {
  const n = ssl.engine?.negotiated;
  if (!n) return undefined;
  return ssl.server ? n.clientSignatureScheme : n.signatureScheme;
}

/** `SSL_get_peer_signature_nid(s, &nid)` → `[ok, nid]`: the digest NID of the peer's signature (0 for Ed25519, as libssl). */
export function SSL_get_peer_signature_nid(ssl: SSL): [number, number] {
  const s = peerScheme(ssl);
  const nid = s?.hash !== undefined ? HASH_NIDS[s.hash] : undefined;
  return nid === undefined ? [0, NID_undef] : [1, nid];
}

/** `SSL_get_peer_signature_type_nid(s, &nid)` → `[ok, nid]`: EVP_PKEY_RSA_PSS, EVP_PKEY_EC, EVP_PKEY_ED25519, EVP_PKEY_RSA. */
export function SSL_get_peer_signature_type_nid(ssl: SSL): [number, number] {
  const s = peerScheme(ssl);
  if (!s) return [0, NID_undef];
  switch (s.keyKind) {
    case 'rsa':
      return [1, s.padding === 'pss' ? EVP_PKEY_RSA_PSS : EVP_PKEY_RSA];
    case 'ec':
      return [1, EVP_PKEY_EC];
    case 'ed25519':
      return [1, EVP_PKEY_ED25519];
    default:
      return [0, NID_undef];
  }
}

/** What `SSL_get_peer_tmp_key` hands out: the peer's key share as a public key (type, size, group). */
export class EVP_PKEY_PEER_TMP {
  /** @internal */ refs = 1;
  constructor(
    readonly id: number,
    readonly bits: number,
    /** OpenSSL's group name (`prime256v1`, `X25519`), as `EVP_PKEY_get_group_name`. */
    readonly groupName: string,
  ) {}
}

function tmpKeyOf(group: KeyExchangeGroup): EVP_PKEY_PEER_TMP | null {
  switch (group.code) {
    case 0x001d:
      return new EVP_PKEY_PEER_TMP(EVP_PKEY_X25519, 253, 'X25519');
    case 0x001e:
      return new EVP_PKEY_PEER_TMP(EVP_PKEY_X448, 448, 'X448');
    case 0x0017:
      return new EVP_PKEY_PEER_TMP(EVP_PKEY_EC, 256, 'prime256v1');
    case 0x0018:
      return new EVP_PKEY_PEER_TMP(EVP_PKEY_EC, 384, 'secp384r1');
    case 0x0019:
      return new EVP_PKEY_PEER_TMP(EVP_PKEY_EC, 521, 'secp521r1');
    default:
      // Hybrid/KEM groups have no EVP_PKEY in OpenSSL 3.0.
      return null;
  }
}

/**
 * `SSL_get_peer_tmp_key(s, &key)`: the peer's ephemeral key of the (EC)DHE
 * exchange, or null (before the ServerHello, after a psk_ke resumption, or
 * for a group OpenSSL 3.0 has no key type for).
 */
export function SSL_get_peer_tmp_key(ssl: SSL): EVP_PKEY_PEER_TMP | null {
  const g = ssl.engine?.negotiated.group;
  return g ? tmpKeyOf(g) : null;
}
/** `SSL_get_server_tmp_key`: the client's name for it. */
export const SSL_get_server_tmp_key = SSL_get_peer_tmp_key;

/** `EVP_PKEY_get_id` (alias `EVP_PKEY_id`). */
export function EVP_PKEY_get_id(k: EVP_PKEY | EVP_PKEY_PEER_TMP): number {
  if (k instanceof EVP_PKEY_PEER_TMP) return k.id;
  const key = k.key.key;
  if (key.kind === 'rsa') return k.key.pssOnly ? EVP_PKEY_RSA_PSS : EVP_PKEY_RSA;
  if (key.kind === 'ec') return EVP_PKEY_EC;
  return EVP_PKEY_ED25519;
}
export const EVP_PKEY_id = EVP_PKEY_get_id;

/** `EVP_PKEY_get_bits` (alias `EVP_PKEY_bits`): modulus or curve size; 253 for X25519/Ed25519. */
export function EVP_PKEY_get_bits(k: EVP_PKEY | EVP_PKEY_PEER_TMP): number {
  if (k instanceof EVP_PKEY_PEER_TMP) return k.bits;
  const key = k.key.key;
  if (key.kind === 'rsa') return key.n.toString(2).length;
  if (key.kind === 'ec') return { 'P-256': 256, 'P-384': 384, 'P-521': 521 }[key.curve] ?? 0;
  return 253;
}
export const EVP_PKEY_bits = EVP_PKEY_get_bits;

/** `EVP_PKEY_get_group_name(k, buf, size, &len)` → the name, or null for keys without a group (RSA, Ed25519). */
export function EVP_PKEY_get_group_name(k: EVP_PKEY | EVP_PKEY_PEER_TMP): string | null {
  if (k instanceof EVP_PKEY_PEER_TMP) return k.id === EVP_PKEY_EC ? k.groupName : null;
  const key = k.key.key;
  if (key.kind !== 'ec') return null;
  return { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[key.curve] ?? null;
}

/**
 * `SSL_get_shared_ciphers(s, buf, size)`: on a server, the client's suites
 * that this side also has enabled, in the client's order, ':'-separated
 * (OpenSSL names); null on a client or before the ClientHello, as libssl.
 */
export function SSL_get_shared_ciphers(ssl: SSL): string | null {
  const offered = ssl.peerCiphers;
  if (!ssl.server || !offered) return null;
  const ctx = ssl.ctx;
  const ours = new Set([...ctx.cipherSuites, ...ctx.cipherList]);
  const names: string[] = [];
  for (const code of offered) {
    if (!ours.has(code)) continue;
    const suite = ctx.provider.cipherSuites.find((s) => s.code === code);
    if (suite) names.push(suite.opensslName);
  }
  return names.join(':');
}

/**
 * `SSL_get1_groups(s, NULL)` → the peer's supported_groups as NIDs
 * (`TLSEXT_nid_unknown | id` for groups without one); on a server the
 * client's list, on a client empty (Strata's server sends none).
 */
export function SSL_get1_groups(ssl: SSL): number[] {
  return (ssl.peerGroups ?? []).map(groupNid);
}
export const SSL_get1_curves = SSL_get1_groups;

/**
 * `SSL_get_negotiated_group(s)` (a `SSL_ctrl` macro in libssl 3.0): the NID
 * of the group the key exchange used, `TLSEXT_nid_unknown | id` for one
 * without a NID (X25519MLKEM768), 0 before it or when none was used
 * (psk_ke resumption).
 */
export function SSL_get_negotiated_group(ssl: SSL): number {
  const code = ssl.engine?.negotiated.group?.code;
  return code === undefined ? 0 : groupNid(code);
}

/**
 * `SSL_get_shared_group(s, n)`: the n-th group both sides support (the
 * client's order unless SSL_OP_CIPHER_SERVER_PREFERENCE), as a NID; n = -1
 * gives their number. Servers only; 0 when there is no n-th.
 */
export function SSL_get_shared_group(ssl: SSL, n: number): number {
  if (!ssl.server) return 0;
  const peer = ssl.peerGroups ?? [];
  const ours = ssl.ctx.groups ?? ssl.ctx.provider.groups.map((g) => g.code);
  const serverPref = (ssl.options & SSL_OP_CIPHER_SERVER_PREFERENCE) !== 0;
  const shared = serverPref
    ? ours.filter((c) => peer.includes(c))
    : peer.filter((c) => ours.includes(c));
  if (n === -1) return shared.length;
  const code = shared[n];
  return code === undefined ? 0 : groupNid(code);
}
export const SSL_get_shared_curve = SSL_get_shared_group;
