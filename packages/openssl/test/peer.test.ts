/**
 * The getters s_client/s_server print from, against OpenSSL 3.0.19's answers
 * for the same configuration (test/c/peer-getters.c, in-memory pair; client:
 * TLS 1.3 only, ciphersuites CHACHA20:AES_128, groups P-384:X25519, sigalgs
 * rsa_pss_rsae_sha384:ECDSA+SHA256; server groups X25519:P-256:P-384):
 *
 *   server shared_ciphers=TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256
 *   client shared_ciphers=(null)
 *   server groups n=2: 715 1034          client groups n=0
 *   server shared n=2: 715 1034          client shared n=0
 *   ECDSA cert: client peer sig nid ok=1 nid=672, type ok=1 nid=408
 *   RSA cert:   client peer sig nid ok=1 nid=673, type ok=1 nid=912
 *   server peer sig nid ok=0 (no client certificate)
 *   client and server tmp key ok=1 id=408 bits=384 group=secp384r1
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  EVP_PKEY_get_bits,
  EVP_PKEY_get_group_name,
  EVP_PKEY_get_id,
  OBJ_nid2sn,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  type SSL,
  SSL_CTX_new,
  SSL_CTX_set_ciphersuites,
  SSL_CTX_set_min_proto_version,
  SSL_CTX_set1_groups_list,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_get_negotiated_group,
  SSL_get_peer_signature_nid,
  SSL_get_peer_signature_type_nid,
  SSL_get_peer_tmp_key,
  SSL_get_shared_ciphers,
  SSL_get_shared_group,
  SSL_get1_groups,
  SSL_new,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  TLS_client_method,
  TLS_server_method,
  TLS1_3_VERSION,
} from '../src/index.js';

const pem = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));

function run(
  certName: string,
  keyName: string,
  groups = { server: 'X25519:P-256:P-384', client: 'P-384:X25519' },
): [SSL, SSL] {
  const sctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate(sctx, PEM_read_bio_X509(pem(certName))!);
  SSL_CTX_use_PrivateKey(sctx, PEM_read_bio_PrivateKey(pem(keyName))!);
  expect(SSL_CTX_set1_groups_list(sctx, groups.server)).toBe(1);
  const cctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION);
  expect(
    SSL_CTX_set_ciphersuites(cctx, 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256'),
  ).toBe(1);
  expect(SSL_CTX_set1_groups_list(cctx, groups.client)).toBe(1);
  expect(SSL_CTX_set1_sigalgs_list(cctx, 'rsa_pss_rsae_sha384:ECDSA+SHA256')).toBe(1);
  const c = SSL_new(cctx);
  const s = SSL_new(sctx);
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_bio(s, b, b);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  let rc = 0;
  let rs = 0;
  for (let i = 0; i < 10 && (rc !== 1 || rs !== 1); i++) {
    if (rc !== 1) rc = SSL_do_handshake(c);
    if (rs !== 1) rs = SSL_do_handshake(s);
  }
  expect([rc, rs]).toEqual([1, 1]);
  return [c, s];
}

function tmpKey(ssl: SSL) {
  const k = SSL_get_peer_tmp_key(ssl);
  return k ? [EVP_PKEY_get_id(k), EVP_PKEY_get_bits(k), EVP_PKEY_get_group_name(k)] : null;
}

describe('peer getters (OpenSSL 3.0 ground truth)', () => {
  it('before a handshake: nothing', () => {
    const ssl = SSL_new(SSL_CTX_new(TLS_client_method()));
    expect(SSL_get_peer_signature_nid(ssl)).toEqual([0, 0]);
    expect(SSL_get_peer_signature_type_nid(ssl)).toEqual([0, 0]);
    expect(SSL_get_peer_tmp_key(ssl)).toBeNull();
  });

  it('ECDSA server certificate', () => {
    const [c, s] = run('server.pem', 'server.key');
    expect(SSL_get_shared_ciphers(s)).toBe('TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256');
    expect(SSL_get_shared_ciphers(c)).toBeNull();
    expect(SSL_get1_groups(s)).toEqual([715, 1034]);
    expect(SSL_get1_groups(c)).toEqual([]);
    expect(SSL_get_shared_group(s, -1)).toBe(2);
    expect([SSL_get_shared_group(s, 0), SSL_get_shared_group(s, 1)]).toEqual([715, 1034]);
    expect(SSL_get_shared_group(c, -1)).toBe(0);
    expect(SSL_get_peer_signature_nid(c)).toEqual([1, 672]);
    expect(SSL_get_peer_signature_type_nid(c)).toEqual([1, 408]);
    expect(SSL_get_peer_signature_nid(s)[0]).toBe(0);
    expect(tmpKey(c)).toEqual([408, 384, 'secp384r1']);
    expect(tmpKey(s)).toEqual([408, 384, 'secp384r1']);
    expect(OBJ_nid2sn(672)).toBe('SHA256');
  });

  it('RSA server certificate: RSA-PSS with SHA-384', () => {
    const [c] = run('server-rsa.pem', 'server-rsa.key');
    expect(SSL_get_peer_signature_nid(c)).toEqual([1, 673]);
    expect(SSL_get_peer_signature_type_nid(c)).toEqual([1, 912]);
    expect(OBJ_nid2sn(673)).toBe('SHA384');
  });
});

describe('group NIDs of x448, P-521 and the RFC 7919 groups', () => {
  it('are the NIDs libssl 3.0 hands out (obj_mac.h: NID_ffdhe2048 = 1126 … NID_ffdhe8192 = 1130)', () => {
    const [c, s] = run('server.pem', 'server.key', {
      server: 'ffdhe3072:X448',
      client: 'ffdhe3072:X448:P-521:ffdhe8192',
    });
    expect(SSL_get1_groups(s)).toEqual([1127, 1035, 716, 1130]);
    expect(SSL_get_shared_group(s, -1)).toBe(2);
    expect([SSL_get_shared_group(s, 0), SSL_get_shared_group(s, 1)]).toEqual([1127, 1035]);
    expect(SSL_get_negotiated_group(c)).toBe(1127);
    expect(SSL_get_negotiated_group(s)).toBe(1127);
    expect([1126, 1127, 1128, 1129, 1130].map(OBJ_nid2sn)).toEqual([
      'ffdhe2048',
      'ffdhe3072',
      'ffdhe4096',
      'ffdhe6144',
      'ffdhe8192',
    ]);
  });
});
