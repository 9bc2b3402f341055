/* Ground truth for the peer getters (OpenSSL 3.0.19 output recorded in test/peer.test.ts): cc peer-getters.c -lssl -lcrypto && ./a.out server.pem server.key (and server-rsa.pem server-rsa.key) */
#include <openssl/ssl.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <stdio.h>
int main(int c, char**v){
  SSL_CTX *sc=SSL_CTX_new(TLS_server_method()), *cc=SSL_CTX_new(TLS_client_method());
  SSL_CTX_use_certificate_chain_file(sc, v[1]); SSL_CTX_use_PrivateKey_file(sc, v[2], SSL_FILETYPE_PEM);
  SSL_CTX_set_min_proto_version(cc, TLS1_3_VERSION);
  SSL_CTX_set_ciphersuites(cc, "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256");
  SSL_CTX_set1_groups_list(cc, "P-384:X25519");
  SSL_CTX_set1_groups_list(sc, "X25519:P-256:P-384");
  SSL_CTX_set1_sigalgs_list(cc, "rsa_pss_rsae_sha384:ECDSA+SHA256");
  SSL *s=SSL_new(sc), *cl=SSL_new(cc); BIO *a,*b; BIO_new_bio_pair(&a,0,&b,0);
  SSL_set_bio(cl,a,a); SSL_set_bio(s,b,b); SSL_set_connect_state(cl); SSL_set_accept_state(s);
  int rc=0, rs=0;
  for(int i=0;i<10 && (rc!=1||rs!=1);i++){ if(rc!=1) rc=SSL_do_handshake(cl); if(rs!=1) rs=SSL_do_handshake(s); }
  char buf[512]; int nid=0;
  printf("server shared_ciphers=%s\n", SSL_get_shared_ciphers(s,buf,sizeof buf) ? buf : "(null)");
  printf("client shared_ciphers=%s\n", SSL_get_shared_ciphers(cl,buf,sizeof buf) ? buf : "(null)");
  int n = SSL_get1_groups(s, NULL); int g[16]; SSL_get1_groups(s, g); printf("server groups n=%d:", n); for(int i=0;i<n;i++) printf(" %d", g[i]); printf("\n");
  n = SSL_get1_groups(cl, NULL); printf("client groups n=%d\n", n);
  n = SSL_get_shared_group(s,-1); printf("server shared n=%d:", n); for(int i=0;i<n;i++) printf(" %d", SSL_get_shared_group(s,i)); printf("\n");
  printf("client shared n=%d\n", SSL_get_shared_group(cl,-1));
  int ok = SSL_get_peer_signature_nid(cl,&nid); printf("client peer sig nid ok=%d nid=%d\n", ok, nid);
  nid=0; ok = SSL_get_peer_signature_type_nid(cl,&nid); printf("client peer sig type ok=%d nid=%d\n", ok, nid);
  nid=0; ok = SSL_get_peer_signature_nid(s,&nid); printf("server peer sig nid ok=%d nid=%d\n", ok, nid);
  EVP_PKEY *k=NULL; ok=SSL_get_peer_tmp_key(cl,&k); char gn[80]=""; size_t gl=0; if(k) EVP_PKEY_get_group_name(k,gn,sizeof gn,&gl);
  printf("client tmp key ok=%d id=%d bits=%d group=%s\n", ok, k?EVP_PKEY_get_id(k):-1, k?EVP_PKEY_get_bits(k):-1, gn);
  k=NULL; ok=SSL_get_peer_tmp_key(s,&k); gn[0]=0; if(k) EVP_PKEY_get_group_name(k,gn,sizeof gn,&gl);
  printf("server tmp key ok=%d id=%d bits=%d group=%s\n", ok, k?EVP_PKEY_get_id(k):-1, k?EVP_PKEY_get_bits(k):-1, gn);
  return 0; }
