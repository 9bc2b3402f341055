/* Ground truth for the certificate slots (OpenSSL 3.0.19 output recorded in test/slots.test.ts): cc slots.c -lssl -lcrypto && ./a.out ../fixtures */
#include <openssl/ssl.h>
#include <openssl/evp.h>
#include <openssl/err.h>
#include <stdio.h>
static const char *F;
static int served(SSL_CTX *sc, const char *sigalgs){
  SSL_CTX *cc=SSL_CTX_new(TLS_client_method()); SSL_CTX_set1_sigalgs_list(cc, sigalgs);
  SSL *s=SSL_new(sc), *cl=SSL_new(cc); BIO *a,*b; BIO_new_bio_pair(&a,0,&b,0);
  SSL_set_bio(cl,a,a); SSL_set_bio(s,b,b); SSL_set_connect_state(cl); SSL_set_accept_state(s);
  int rc=0, rs=0;
  for(int i=0;i<10 && (rc!=1||rs!=1);i++){ if(rc!=1) rc=SSL_do_handshake(cl); if(rs!=1) rs=SSL_do_handshake(s); }
  X509 *x=SSL_get1_peer_certificate(cl); int id = x? EVP_PKEY_get_id(X509_get0_pubkey(x)) : -1;
  return id; }
int main(int c, char**v){
  char p[512]; SSL_CTX *sc=SSL_CTX_new(TLS_server_method());
#define P(n) (snprintf(p,sizeof p,"%s/%s",v[1],n),p)
  printf("use rsa cert %d ", SSL_CTX_use_certificate_chain_file(sc, P("server-rsa.pem")));
  printf("key %d ", SSL_CTX_use_PrivateKey_file(sc, P("server-rsa.key"), SSL_FILETYPE_PEM));
  printf("ec cert %d ", SSL_CTX_use_certificate_chain_file(sc, P("server.pem")));
  printf("check(no ec key) %d ", SSL_CTX_check_private_key(sc)); ERR_clear_error();
  printf("ec key %d\n", SSL_CTX_use_PrivateKey_file(sc, P("server.key"), SSL_FILETYPE_PEM));
  printf("ECDSA+SHA256 -> %d\n", served(sc, "ECDSA+SHA256"));
  printf("rsa_pss_rsae_sha256 -> %d\n", served(sc, "rsa_pss_rsae_sha256"));
  printf("rsa,ecdsa -> %d\n", served(sc, "rsa_pss_rsae_sha256:ECDSA+SHA256"));
  printf("ecdsa,rsa -> %d\n", served(sc, "ECDSA+SHA256:rsa_pss_rsae_sha256"));
  SSL_CTX_set_options(sc, SSL_OP_CIPHER_SERVER_PREFERENCE); SSL_CTX_set1_sigalgs_list(sc, "rsa_pss_rsae_sha256:ECDSA+SHA256");
  printf("serverpref rsa first; client ecdsa,rsa -> %d\n", served(sc, "ECDSA+SHA256:rsa_pss_rsae_sha256"));
  return 0; }
