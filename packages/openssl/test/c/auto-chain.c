/* Ground truth for the chain a server sends (ssl_add_cert_chain): the subjects of the
   client's SSL_get_peer_cert_chain per case and the leaf's key type, one line each
   (OpenSSL 3.0 output recorded in src/chain.test.ts). Run from the package folder:
   cc auto-chain.c -lssl -lcrypto && ./a.out (test/fixtures paths are relative). */
#include <openssl/ssl.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#define F(n) "test/fixtures/" n
static X509 *x(const char *p){ FILE *f=fopen(p,"r"); X509 *r=PEM_read_X509(f,NULL,NULL,NULL); fclose(f); return r; }
static SSL_CTX *server(int ca){
  SSL_CTX *s=SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_file(s, F("server.pem"), SSL_FILETYPE_PEM);
  SSL_CTX_use_PrivateKey_file(s, F("server.key"), SSL_FILETYPE_PEM);
  if(ca) X509_STORE_add_cert(SSL_CTX_get_cert_store(s), x(F("ca.pem")));
  return s; }
static void run(const char *name, SSL_CTX *sc, const char *sigalgs, long smode){
  SSL_CTX *cc=SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(cc, TLS1_3_VERSION);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(cc), x(F("ca.pem")));
  if(sigalgs) SSL_CTX_set1_sigalgs_list(cc, sigalgs);
  SSL *s=SSL_new(sc), *c=SSL_new(cc); BIO *a,*b; BIO_new_bio_pair(&a,0,&b,0);
  if(smode) SSL_set_mode(s, smode);
  SSL_set_bio(c,a,a); SSL_set_bio(s,b,b); SSL_set_connect_state(c); SSL_set_accept_state(s);
  int rc=0, rs=0;
  for(int i=0;i<10 && (rc!=1||rs!=1);i++){ if(rc!=1) rc=SSL_do_handshake(c); if(rs!=1) rs=SSL_do_handshake(s); }
  STACK_OF(X509) *ch=SSL_get_peer_cert_chain(c);
  printf("%s:", name);
  char buf[256];
  for(int i=0;ch && i<sk_X509_num(ch);i++){ X509_NAME_oneline(X509_get_subject_name(sk_X509_value(ch,i)),buf,sizeof buf); printf("%s%s", i?"|":" ", buf); }
  X509 *leaf=ch && sk_X509_num(ch)>0 ? sk_X509_value(ch,0) : NULL;
  int id=leaf ? EVP_PKEY_get_base_id(X509_get0_pubkey(leaf)) : 0;
  printf(" key=%s\n", id==EVP_PKEY_EC ? "ec" : id==EVP_PKEY_RSA ? "rsa" : "none");
  SSL_free(c); SSL_free(s); SSL_CTX_free(cc); }
int main(void){
  run("store", server(1), NULL, 0);
  SSL_CTX *m=server(1); SSL_CTX_set_mode(m, SSL_MODE_NO_AUTO_CHAIN); run("ctx-no-auto-chain", m, NULL, 0);
  run("ssl-no-auto-chain", server(1), NULL, SSL_MODE_NO_AUTO_CHAIN);
  run("empty-store", server(0), NULL, 0);
  SSL_CTX *e=server(1); SSL_CTX_add_extra_chain_cert(e, x(F("inter.pem"))); run("extra-chain", e, NULL, 0);
  SSL_CTX *bo=server(1); SSL_CTX_add_extra_chain_cert(bo, x(F("inter.pem"))); SSL_CTX_add0_chain_cert(bo, x(F("other-ca.pem"))); run("slot-and-extra-chain", bo, NULL, 0);
  /* The leaf of server-chain.pem alone (use_certificate_file reads the first), issued by inter.pem. */
  SSL_CTX *deep=SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_file(deep, F("server-chain.pem"), SSL_FILETYPE_PEM);
  SSL_CTX_use_PrivateKey_file(deep, F("server-chain.key"), SSL_FILETYPE_PEM);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(deep), x(F("inter.pem")));
  run("store-intermediate-only", deep, NULL, 0);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(deep), x(F("ca.pem")));
  run("store-intermediate-and-root", deep, NULL, 0);
  SSL_CTX *two=server(1);
  SSL_CTX_use_certificate_file(two, F("server-rsa.pem"), SSL_FILETYPE_PEM);
  SSL_CTX_use_PrivateKey_file(two, F("server-rsa.key"), SSL_FILETYPE_PEM);
  run("two-slots-ecdsa", two, "ECDSA+SHA256", 0);
  run("two-slots-rsa", two, "rsa_pss_rsae_sha256", 0);
  return 0; }
