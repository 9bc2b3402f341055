/* Ground truth for SSL_SESSION_get_id on TLS 1.3 sessions (OpenSSL 3.0.19 output recorded in test/session-id.test.ts): cc session-id.c -lssl -lcrypto && ./a.out server.pem server.key */
#include <openssl/ssl.h>
#include <stdio.h>
static void pr(const char *w, SSL *s){ SSL_SESSION *ss=SSL_get_session(s); unsigned int n=0; const unsigned char *id = ss? SSL_SESSION_get_id(ss,&n):NULL; printf("%s: session=%p idlen=%u", w, (void*)ss, n); for(unsigned i=0;i<n&&i<4;i++) printf(" %02x", id[i]); printf("\n"); }
int main(int c, char**v){
  SSL_CTX *sc=SSL_CTX_new(TLS_server_method()), *cc=SSL_CTX_new(TLS_client_method());
  SSL_CTX_use_certificate_chain_file(sc, v[1]); SSL_CTX_use_PrivateKey_file(sc, v[2], SSL_FILETYPE_PEM);
  SSL_CTX_set_min_proto_version(cc, TLS1_3_VERSION);
  SSL *s=SSL_new(sc), *cl=SSL_new(cc); BIO *a,*b; BIO_new_bio_pair(&a,0,&b,0);
  SSL_set_bio(cl,a,a); SSL_set_bio(s,b,b); SSL_set_connect_state(cl); SSL_set_accept_state(s);
  int rc=0, rs=0;
  for(int i=0;i<10 && (rc!=1||rs!=1);i++){ if(rc!=1) rc=SSL_do_handshake(cl); if(rs!=1) rs=SSL_do_handshake(s); }
  pr("client after handshake", cl); pr("server after handshake", s);
  unsigned char buf[10]; SSL_write(s,"x",1); SSL_read(cl,buf,1);
  pr("client after tickets", cl); pr("server after tickets", s);
  SSL_SESSION *s1 = SSL_get1_session(cl);
  /* resume */
  SSL *s2=SSL_new(sc), *c2=SSL_new(cc); BIO_new_bio_pair(&a,0,&b,0);
  SSL_set_bio(c2,a,a); SSL_set_bio(s2,b,b); SSL_set_connect_state(c2); SSL_set_accept_state(s2); SSL_set_session(c2,s1);
  rc=rs=0; for(int i=0;i<10 && (rc!=1||rs!=1);i++){ if(rc!=1) rc=SSL_do_handshake(c2); if(rs!=1) rs=SSL_do_handshake(s2); }
  printf("reused %d\n", SSL_session_reused(c2));
  pr("resumed client after handshake", c2); pr("resumed server after handshake", s2);
  SSL_write(s2,"x",1); SSL_read(c2,buf,1);
  pr("resumed client after tickets", c2); pr("resumed server after tickets", s2);
  return 0; }
