/* SSL_CTX setters, loaders and string getters against libssl, for src/ctx.test.ts.
 * Each line: "<what> -> <ret> [<lib>:<reason> ...]". Run from the package folder. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <stdio.h>

static void q(const char *w, long r) {
  unsigned long e;
  printf("%s -> %ld", w, r);
  while ((e = ERR_get_error()) != 0) printf(" [%d:%d]", ERR_GET_LIB(e), ERR_GET_REASON(e));
  printf("\n");
}

int main(void) {
  SSL_CTX *c = SSL_CTX_new(TLS_method());
  q("ciphersuites FOO", SSL_CTX_set_ciphersuites(c, "FOO"));
  q("ciphersuites TLS_AES_128_GCM_SHA256:FOO", SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256:FOO"));
  q("ciphersuites (empty)", SSL_CTX_set_ciphersuites(c, ""));
  q("ciphersuites tls_aes_128_gcm_sha256", SSL_CTX_set_ciphersuites(c, "tls_aes_128_gcm_sha256"));
  q("cipher_list FOO", SSL_CTX_set_cipher_list(c, "FOO"));
  q("cipher_list ECDHE-ECDSA-AES128-GCM-SHA256:FOO", SSL_CTX_set_cipher_list(c, "ECDHE-ECDSA-AES128-GCM-SHA256:FOO"));
  q("groups P-256:foo", SSL_CTX_set1_groups_list(c, "P-256:foo"));
  q("groups X25519:P-256", SSL_CTX_set1_groups_list(c, "X25519:P-256"));
  q("groups x25519:prime256v1:secp384r1", SSL_CTX_set1_groups_list(c, "x25519:prime256v1:secp384r1"));
  q("groups (empty)", SSL_CTX_set1_groups_list(c, ""));
  q("sigalgs ECDSA+SHA256:foo", SSL_CTX_set1_sigalgs_list(c, "ECDSA+SHA256:foo"));
  q("sigalgs ECDSA+SHA256:ed25519:rsa_pss_rsae_sha256", SSL_CTX_set1_sigalgs_list(c, "ECDSA+SHA256:ed25519:rsa_pss_rsae_sha256"));
  q("sigalgs ecdsa_secp256r1_sha256", SSL_CTX_set1_sigalgs_list(c, "ecdsa_secp256r1_sha256"));
  q("min_proto 0x305", SSL_CTX_set_min_proto_version(c, 0x305));
  q("min_proto 0", SSL_CTX_set_min_proto_version(c, 0));
  q("max_proto TLS1_3", SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION));
  q("get max_proto", SSL_CTX_get_max_proto_version(c));
  q("alpn_protos good", SSL_CTX_set_alpn_protos(c, (const unsigned char *)"\x02h2", 3));
  q("alpn_protos bad", SSL_CTX_set_alpn_protos(c, (const unsigned char *)"\x05h2", 3));
  q("options", (long)SSL_CTX_get_options(c));
  q("mode", SSL_CTX_get_mode(c));
  q("session_cache_mode", SSL_CTX_get_session_cache_mode(c));
  q("timeout", SSL_CTX_get_timeout(c));
  q("set_timeout 100 (old)", SSL_CTX_set_timeout(c, 100));
  q("num_tickets", (long)SSL_CTX_get_num_tickets(c));
  q("cache_size", SSL_CTX_sess_get_cache_size(c));
  q("verify_mode", SSL_CTX_get_verify_mode(c));
  q("verify_depth", SSL_CTX_get_verify_depth(c));
  q("quiet_shutdown", SSL_CTX_get_quiet_shutdown(c));
  q("check_private_key (nothing)", SSL_CTX_check_private_key(c));
  BIO *b = BIO_new_file("test/fixtures/server.pem", "r");
  X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
  BIO_free(b);
  q("use_certificate", SSL_CTX_use_certificate(c, x));
  q("check_private_key (no key)", SSL_CTX_check_private_key(c));
  b = BIO_new_file("test/fixtures/client.key", "r");
  EVP_PKEY *wrong = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
  BIO_free(b);
  q("use_PrivateKey (other key)", SSL_CTX_use_PrivateKey(c, wrong));
  b = BIO_new_file("test/fixtures/server.key", "r");
  EVP_PKEY *right = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
  BIO_free(b);
  q("use_PrivateKey (its key)", SSL_CTX_use_PrivateKey(c, right));
  q("check_private_key (both)", SSL_CTX_check_private_key(c));
  b = BIO_new_mem_buf("garbage", -1);
  q("PEM_read_bio_X509 garbage", PEM_read_bio_X509(b, NULL, NULL, NULL) != NULL);
  BIO_free(b);
  b = BIO_new_mem_buf("", -1);
  q("PEM_read_bio_X509 empty", PEM_read_bio_X509(b, NULL, NULL, NULL) != NULL);
  BIO_free(b);
  q("use_certificate_file missing", SSL_CTX_use_certificate_file(c, "/nonexistent", SSL_FILETYPE_PEM) != 0);
  ERR_clear_error();
  q("load_verify_locations missing", SSL_CTX_load_verify_locations(c, "/nonexistent", NULL));
  ERR_clear_error();
  q("load_verify_locations ca.pem", SSL_CTX_load_verify_locations(c, "test/fixtures/ca.pem", NULL));
  SSL *s = SSL_new(c);
  printf("state %s / %s / %d\n", SSL_state_string(s), SSL_state_string_long(s), SSL_get_state(s));
  printf("in_init %d before %d finished %d\n", SSL_in_init(s), SSL_in_before(s), SSL_is_init_finished(s));
  printf("version %s %x\n", SSL_get_version(s), SSL_version(s));
  q("do_handshake without role", SSL_do_handshake(s));
  q("read without role", SSL_read(s, NULL, 0));
  q("write without role", SSL_write(s, "x", 1));
  q("key_update before handshake", SSL_key_update(s, 0));
  q("get_key_update_type", SSL_get_key_update_type(s));
  SSL_free(s);
  int alerts[] = {0x100, 0x228, 0x230, 0x246, 0x250, 0x270, 0x278, 0x300};
  for (int i = 0; i < 8; i++)
    printf("alert %x %s %s %s %s\n", alerts[i], SSL_alert_type_string(alerts[i]), SSL_alert_type_string_long(alerts[i]),
           SSL_alert_desc_string(alerts[i]), SSL_alert_desc_string_long(alerts[i]));
  X509_free(x);
  EVP_PKEY_free(wrong);
  EVP_PKEY_free(right);
  SSL_CTX_free(c);
  return 0;
}
