import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cUnavailable, runC } from '../test/c/compile.js';
import {
  BIO_free,
  BIO_new_mem_buf,
  ERR_clear_error,
  ERR_GET_LIB,
  ERR_GET_REASON,
  ERR_get_error,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  SSL_alert_desc_string,
  SSL_alert_desc_string_long,
  SSL_alert_type_string,
  SSL_alert_type_string_long,
  SSL_CTX_check_private_key,
  SSL_CTX_free,
  SSL_CTX_get_max_proto_version,
  SSL_CTX_get_mode,
  SSL_CTX_get_num_tickets,
  SSL_CTX_get_options,
  SSL_CTX_get_quiet_shutdown,
  SSL_CTX_get_session_cache_mode,
  SSL_CTX_get_timeout,
  SSL_CTX_get_verify_depth,
  SSL_CTX_get_verify_mode,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  SSL_CTX_sess_get_cache_size,
  SSL_CTX_set_alpn_protos,
  SSL_CTX_set_cipher_list,
  SSL_CTX_set_ciphersuites,
  SSL_CTX_set_max_proto_version,
  SSL_CTX_set_min_proto_version,
  SSL_CTX_set_timeout,
  SSL_CTX_set1_groups_list,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate,
  SSL_CTX_use_certificate_file,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_FILETYPE_PEM,
  SSL_free,
  SSL_get_key_update_type,
  SSL_get_state,
  SSL_get_version,
  SSL_in_before,
  SSL_in_init,
  SSL_is_init_finished,
  SSL_key_update,
  SSL_new,
  SSL_read,
  SSL_state_string,
  SSL_state_string_long,
  SSL_version,
  SSL_write,
  TLS_method,
  TLS1_3_VERSION,
} from './node/index.js';

/** The same calls as test/c/ctx.c, printed the same way. */
function strataLines(): string[] {
  const out: string[] = [];
  const q = (what: string, r: number) => {
    let line = `${what} -> ${r}`;
    for (let e = ERR_get_error(); e !== 0; e = ERR_get_error()) {
      line += ` [${ERR_GET_LIB(e)}:${ERR_GET_REASON(e)}]`;
    }
    out.push(line);
  };
  ERR_clear_error();
  const c = SSL_CTX_new(TLS_method());
  q('ciphersuites FOO', SSL_CTX_set_ciphersuites(c, 'FOO'));
  q(
    'ciphersuites TLS_AES_128_GCM_SHA256:FOO',
    SSL_CTX_set_ciphersuites(c, 'TLS_AES_128_GCM_SHA256:FOO'),
  );
  q('ciphersuites (empty)', SSL_CTX_set_ciphersuites(c, ''));
  q('ciphersuites tls_aes_128_gcm_sha256', SSL_CTX_set_ciphersuites(c, 'tls_aes_128_gcm_sha256'));
  q('cipher_list FOO', SSL_CTX_set_cipher_list(c, 'FOO'));
  q(
    'cipher_list ECDHE-ECDSA-AES128-GCM-SHA256:FOO',
    SSL_CTX_set_cipher_list(c, 'ECDHE-ECDSA-AES128-GCM-SHA256:FOO'),
  );
  q('groups P-256:foo', SSL_CTX_set1_groups_list(c, 'P-256:foo'));
  q('groups X25519:P-256', SSL_CTX_set1_groups_list(c, 'X25519:P-256'));
  q(
    'groups x25519:prime256v1:secp384r1',
    SSL_CTX_set1_groups_list(c, 'x25519:prime256v1:secp384r1'),
  );
  q('groups (empty)', SSL_CTX_set1_groups_list(c, ''));
  q('sigalgs ECDSA+SHA256:foo', SSL_CTX_set1_sigalgs_list(c, 'ECDSA+SHA256:foo'));
  q(
    'sigalgs ECDSA+SHA256:ed25519:rsa_pss_rsae_sha256',
    SSL_CTX_set1_sigalgs_list(c, 'ECDSA+SHA256:ed25519:rsa_pss_rsae_sha256'),
  );
  q('sigalgs ecdsa_secp256r1_sha256', SSL_CTX_set1_sigalgs_list(c, 'ecdsa_secp256r1_sha256'));
  q('min_proto 0x305', SSL_CTX_set_min_proto_version(c, 0x305));
  q('min_proto 0', SSL_CTX_set_min_proto_version(c, 0));
  q('max_proto TLS1_3', SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION));
  q('get max_proto', SSL_CTX_get_max_proto_version(c));
  q('alpn_protos good', SSL_CTX_set_alpn_protos(c, Uint8Array.of(2, 0x68, 0x32), 3));
  q('alpn_protos bad', SSL_CTX_set_alpn_protos(c, Uint8Array.of(5, 0x68, 0x32), 3));
  q('options', SSL_CTX_get_options(c));
  q('mode', SSL_CTX_get_mode(c));
  q('session_cache_mode', SSL_CTX_get_session_cache_mode(c));
  q('timeout', SSL_CTX_get_timeout(c));
  q('set_timeout 100 (old)', SSL_CTX_set_timeout(c, 100));
  q('num_tickets', SSL_CTX_get_num_tickets(c));
  q('cache_size', SSL_CTX_sess_get_cache_size(c));
  q('verify_mode', SSL_CTX_get_verify_mode(c));
  q('verify_depth', SSL_CTX_get_verify_depth(c));
  q('quiet_shutdown', SSL_CTX_get_quiet_shutdown(c));
  q('check_private_key (nothing)', SSL_CTX_check_private_key(c));
  const file = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));
  let b = file('server.pem');
  const x = PEM_read_bio_X509(b);
  BIO_free(b);
  q('use_certificate', x ? SSL_CTX_use_certificate(c, x) : -99);
  q('check_private_key (no key)', SSL_CTX_check_private_key(c));
  b = file('client.key');
  const wrong = PEM_read_bio_PrivateKey(b);
  BIO_free(b);
  q('use_PrivateKey (other key)', wrong ? SSL_CTX_use_PrivateKey(c, wrong) : -99);
  b = file('server.key');
  const right = PEM_read_bio_PrivateKey(b);
  BIO_free(b);
  q('use_PrivateKey (its key)', right ? SSL_CTX_use_PrivateKey(c, right) : -99);
  q('check_private_key (both)', SSL_CTX_check_private_key(c));
  b = BIO_new_mem_buf('garbage');
  q('PEM_read_bio_X509 garbage', PEM_read_bio_X509(b) !== null ? 1 : 0);
  BIO_free(b);
  b = BIO_new_mem_buf('');
  q('PEM_read_bio_X509 empty', PEM_read_bio_X509(b) !== null ? 1 : 0);
  BIO_free(b);
  q(
    'use_certificate_file missing',
    SSL_CTX_use_certificate_file(c, '/nonexistent', SSL_FILETYPE_PEM) !== 0 ? 1 : 0,
  );
  ERR_clear_error();
  q('load_verify_locations missing', SSL_CTX_load_verify_locations(c, '/nonexistent', null));
  ERR_clear_error();
  q('load_verify_locations ca.pem', SSL_CTX_load_verify_locations(c, 'test/fixtures/ca.pem', null));
  const s = SSL_new(c);
  out.push(`state ${SSL_state_string(s)} / ${SSL_state_string_long(s)} / ${SSL_get_state(s)}`);
  out.push(
    `in_init ${SSL_in_init(s)} before ${SSL_in_before(s)} finished ${SSL_is_init_finished(s)}`,
  );
  out.push(`version ${SSL_get_version(s)} ${SSL_version(s).toString(16)}`);
  q('do_handshake without role', SSL_do_handshake(s));
  q('read without role', SSL_read(s, new Uint8Array(0), 0));
  q('write without role', SSL_write(s, Uint8Array.of(0x78), 1));
  q('key_update before handshake', SSL_key_update(s, 0));
  q('get_key_update_type', SSL_get_key_update_type(s));
  SSL_free(s);
  for (const a of [0x100, 0x228, 0x230, 0x246, 0x250, 0x270, 0x278, 0x300]) {
    out.push(
      `alert ${a.toString(16)} ${SSL_alert_type_string(a)} ${SSL_alert_type_string_long(a)} ${SSL_alert_desc_string(a)} ${SSL_alert_desc_string_long(a)}`,
    );
  }
  SSL_CTX_free(c);
  return out;
}

describe('SSL_CTX setters, loaders and getters', () => {
  it('has OpenSSL 3.0 defaults', () => {
    const c = SSL_CTX_new(TLS_method());
    expect(SSL_CTX_get_options(c)).toBe(0x120000);
    expect(SSL_CTX_get_num_tickets(c)).toBe(2);
    expect(SSL_CTX_get_timeout(c)).toBe(7200);
    SSL_CTX_free(c);
  });

  it.skipIf(cUnavailable !== undefined)(
    `returns what libssl returns and queues the same errors${cUnavailable ? ` (skipped: ${cUnavailable})` : ''}`,
    () => {
      const expected = runC('ctx')
        .split('\n')
        .filter((l) => l.length > 0);
      expect(expected.length).toBeGreaterThan(50);
      expect(strataLines()).toEqual(expected);
    },
  );
});
