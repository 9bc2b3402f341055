/*
 * The C side of the differential test: runs one named scenario with a client
 * and a server SSL over a BIO pair against the system libssl and prints a
 * trace of every call. test/differential/scenarios.ts runs the same scenarios
 * against @strata/openssl and prints the same format; differential.test.ts
 * compares the two.
 *
 *   gcc scenarios.c -o scenarios -lssl -lcrypto && ./scenarios <fixtures-dir> <scenario>
 *   ./scenarios <fixtures-dir> list
 *
 * A trace line:  <C|S> <call> ret=<r> err=<SSL_get_error> shut=<bits> pend=<SSL_pending> q=[lib:reason,...]
 * (the error queue is printed and emptied after every call). Lines starting
 * with '#' are notes (data checks). Keep this file and scenarios.ts in step:
 * the same scenario names, the same calls in the same order.
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;
static SSL *C, *S;
static BIO *cbio, *sbio;

static const char *errname(int e) {
  switch (e) {
  case SSL_ERROR_NONE: return "NONE";
  case SSL_ERROR_SSL: return "SSL";
  case SSL_ERROR_WANT_READ: return "WANT_READ";
  case SSL_ERROR_WANT_WRITE: return "WANT_WRITE";
  case SSL_ERROR_SYSCALL: return "SYSCALL";
  case SSL_ERROR_ZERO_RETURN: return "ZERO_RETURN";
  default: return "OTHER";
  }
}

static int last_err;

static int tr(const char *call, SSL *s, int ret) {
  int err = SSL_get_error(s, ret);
  char q[512] = "";
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    size_t n = strlen(q);
    snprintf(q + n, sizeof(q) - n, "%s%d:%d", n ? "," : "", ERR_GET_LIB(e), ERR_GET_REASON(e));
  }
  printf("%s %s ret=%d err=%s shut=%d pend=%d q=[%s]\n", s == C ? "C" : "S", call, ret, errname(err),
         SSL_get_shutdown(s), SSL_pending(s), q);
  last_err = err;
  return ret;
}

static void note(const char *fmt, const char *a, long b) {
  printf("# ");
  printf(fmt, a, b);
  printf("\n");
}

static char path_buf[512];
static const char *path(const char *name) {
  snprintf(path_buf, sizeof(path_buf), "%s/%s", dir, name);
  return path_buf;
}

/* Options a scenario sets before the objects are created. */
struct opts {
  int pair_size;            /* BIO pair buffer size, 0 = default */
  const char *c_suites;     /* client TLS 1.3 ciphersuites, NULL = default */
  const char *s_suites;
  const char *c_ca;         /* client trust file, NULL = ca.pem */
  int c_verify;             /* client verify mode (SSL_VERIFY_PEER by default) */
  int c_max_version;        /* 0 = default */
  int s_min_version;
  long s_options;
  long c_options;
  long c_mode;
  long s_mode;
  int s_max_version;        /* 0 = default */
  const char *c_groups;     /* SSL_CTX_set1_groups_list, NULL = default */
  const char *s_groups;
  const char *c_sigalgs;    /* SSL_CTX_set1_sigalgs_list, NULL = default */
};

static SSL_CTX *cctx, *sctx;

static void setup(struct opts o) {
  cctx = SSL_CTX_new(TLS_client_method());
  sctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION);
  SSL_CTX_set_min_proto_version(sctx, TLS1_3_VERSION);
  if (o.c_max_version) {
    SSL_CTX_set_min_proto_version(cctx, 0);
    SSL_CTX_set_max_proto_version(cctx, o.c_max_version);
  }
  if (o.s_min_version) SSL_CTX_set_min_proto_version(sctx, o.s_min_version);
  if (o.s_max_version) {
    SSL_CTX_set_min_proto_version(sctx, 0);
    SSL_CTX_set_max_proto_version(sctx, o.s_max_version);
  }
  if (o.c_groups) printf("# client groups=%ld\n", (long)SSL_CTX_set1_groups_list(cctx, o.c_groups));
  if (o.s_groups) printf("# server groups=%ld\n", (long)SSL_CTX_set1_groups_list(sctx, o.s_groups));
  if (o.c_sigalgs) printf("# client sigalgs=%ld\n", (long)SSL_CTX_set1_sigalgs_list(cctx, o.c_sigalgs));
  /* Sessions are examined by their own scenarios; elsewhere the server sends no tickets. */
  SSL_CTX_set_num_tickets(sctx, 0);
  if (o.c_suites) SSL_CTX_set_ciphersuites(cctx, o.c_suites);
  if (o.s_suites) SSL_CTX_set_ciphersuites(sctx, o.s_suites);
  SSL_CTX_use_certificate_chain_file(sctx, path("server.pem"));
  SSL_CTX_use_PrivateKey_file(sctx, path("server.key"), SSL_FILETYPE_PEM);
  SSL_CTX_load_verify_locations(cctx, path(o.c_ca ? o.c_ca : "ca.pem"), NULL);
  SSL_CTX_set_verify(cctx, o.c_verify >= 0 ? o.c_verify : SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_options(sctx, o.s_options);
  SSL_CTX_set_options(cctx, o.c_options);
  SSL_CTX_set_mode(cctx, o.c_mode);
  SSL_CTX_set_mode(sctx, o.s_mode);
  /* AUTO_RETRY is on by default in 3.0; the traces want every step visible. */
  SSL_CTX_clear_mode(cctx, SSL_MODE_AUTO_RETRY);
  SSL_CTX_clear_mode(sctx, SSL_MODE_AUTO_RETRY);
  C = SSL_new(cctx);
  S = SSL_new(sctx);
  SSL_set1_host(C, "localhost");
  BIO_new_bio_pair(&cbio, o.pair_size, &sbio, o.pair_size);
  SSL_set_bio(C, cbio, cbio);
  SSL_set_bio(S, sbio, sbio);
  SSL_set_connect_state(C);
  SSL_set_accept_state(S);
  ERR_clear_error();
}

static struct opts defaults(void) {
  struct opts o;
  memset(&o, 0, sizeof(o));
  o.c_verify = SSL_VERIFY_PEER;
  return o;
}

static void teardown(void) {
  SSL_free(C);
  SSL_free(S);
  SSL_CTX_free(cctx);
  SSL_CTX_free(sctx);
}

static int fatal(int err) { return err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE; }

/* Alternates SSL_do_handshake on both sides until each returned 1 or failed, or nothing moves. */
static void handshake(void) {
  int cdone = 0, sdone = 0;
  for (int round = 0; round < 40 && !(cdone && sdone); round++) {
    uint64_t before = BIO_number_written(cbio) + BIO_number_written(sbio);
    if (!cdone) {
      int r = tr("do_handshake", C, SSL_do_handshake(C));
      cdone = r == 1 || fatal(last_err);
    }
    if (!sdone) {
      int r = tr("do_handshake", S, SSL_do_handshake(S));
      sdone = r == 1 || fatal(last_err);
    }
    if (BIO_number_written(cbio) + BIO_number_written(sbio) == before && round > 0) {
      printf("# stalled\n");
      break;
    }
  }
}

static unsigned char buf[200000];
static unsigned char data[102400];

static void fill(void) {
  for (size_t i = 0; i < sizeof(data); i++) data[i] = (unsigned char)(i * 7 + 3);
}

/* Moves `len` bytes from `from` to `to` with the given read size; prints every call. */
static void bulk(SSL *from, SSL *to, size_t len, size_t rsize) {
  size_t written = 0, got = 0;
  int steps = 0;
  while ((written < len || got < len) && steps++ < 5000) {
    if (written < len) {
      int r = tr("write", from, SSL_write(from, data + written, (int)(len - written)));
      if (r > 0) written += (size_t)r;
      else if (fatal(last_err)) break;
    }
    if (got < len) {
      int r = tr("read", to, SSL_read(to, buf + got, (int)rsize));
      if (r > 0) got += (size_t)r;
      else if (fatal(last_err)) break;
    }
  }
  note("%s %ld", memcmp(buf, data, len) == 0 && got == len ? "data ok" : "data BAD", (long)got);
}

static int sc_hs_default(void) { setup(defaults()); handshake(); teardown(); return 0; }

static int sc_hs_small(void) {
  struct opts o = defaults();
  o.pair_size = 256;
  setup(o);
  handshake();
  teardown();
  return 0;
}

static int sc_hs_implicit(void) {
  setup(defaults());
  tr("write", C, SSL_write(C, "ping", 4));
  tr("read", S, SSL_read(S, buf, sizeof(buf)));
  tr("write", C, SSL_write(C, "ping", 4));
  tr("read", S, SSL_read(S, buf, sizeof(buf)));
  tr("write", C, SSL_write(C, "ping", 4));
  tr("read", S, SSL_read(S, buf, sizeof(buf)));
  tr("write", S, SSL_write(S, "pong", 4));
  tr("read", C, SSL_read(C, buf, sizeof(buf)));
  teardown();
  return 0;
}

static int sc_read_small(void) {
  setup(defaults());
  handshake();
  fill();
  tr("write", S, SSL_write(S, data, 100));
  tr("write", S, SSL_write(S, data + 100, 20));
  printf("# has_pending=%d\n", SSL_has_pending(C));
  for (int i = 0; i < 14; i++) {
    tr("read", C, SSL_read(C, buf, 10));
    printf("# has_pending=%d\n", SSL_has_pending(C));
  }
  teardown();
  return 0;
}

static int sc_peek(void) {
  setup(defaults());
  handshake();
  tr("peek", C, SSL_peek(C, buf, 10));
  tr("write", S, SSL_write(S, "abcdefgh", 8));
  tr("peek", C, SSL_peek(C, buf, 4));
  note("peeked %.4s %ld", (char *)buf, 4);
  tr("peek", C, SSL_peek(C, buf, 10));
  tr("read", C, SSL_read(C, buf, 3));
  note("read %.3s %ld", (char *)buf, 3);
  tr("peek", C, SSL_peek(C, buf, 10));
  note("peeked %.5s %ld", (char *)buf, 5);
  tr("read", C, SSL_read(C, buf, 10));
  tr("peek", C, SSL_peek(C, buf, 10));
  teardown();
  return 0;
}

static int sc_zero_length(void) {
  setup(defaults());
  tr("write0", C, SSL_write(C, "", 0));
  tr("read0", S, SSL_read(S, buf, 0));
  handshake();
  tr("write0", C, SSL_write(C, "", 0));
  tr("read0", S, SSL_read(S, buf, 0));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", C, SSL_write(C, "x", 1));
  tr("read0", S, SSL_read(S, buf, 0));
  tr("read", S, SSL_read(S, buf, 10));
  size_t n = 99;
  int r = SSL_write_ex(C, "", 0, &n);
  tr("write_ex0", C, r);
  printf("# written=%zu\n", n);
  r = SSL_read_ex(S, buf, 0, &n);
  tr("read_ex0", S, r);
  printf("# readbytes=%zu\n", n);
  teardown();
  return 0;
}

static int bulk_with(long mode) {
  struct opts o = defaults();
  o.pair_size = 256;
  o.c_mode = mode;
  setup(o);
  handshake();
  fill();
  bulk(C, S, sizeof(data), 1000);
  teardown();
  return 0;
}
static int sc_bulk(void) { return bulk_with(0); }
static int sc_bulk_partial(void) { return bulk_with(SSL_MODE_ENABLE_PARTIAL_WRITE); }

/* Write-retry rules: after WANT_WRITE, retry with a shorter length, a longer one, another buffer. */
static int retry_with(long mode, int variant) {
  struct opts o = defaults();
  o.pair_size = 256;
  o.c_mode = mode;
  setup(o);
  handshake();
  fill();
  static unsigned char copy[102400];
  memcpy(copy, data, sizeof(copy));
  tr("write", C, SSL_write(C, data, 1000));
  if (variant == 0) tr("write-shorter", C, SSL_write(C, data, 999));
  if (variant == 1) tr("write-longer", C, SSL_write(C, data, 2000));
  if (variant == 2) tr("write-moved", C, SSL_write(C, copy, 1000));
  int wdone = 0, rdone = 0;
  for (int i = 0; i < 30 && !(wdone && rdone); i++) {
    if (!rdone) {
      int r = tr("read", S, SSL_read(S, buf, sizeof(buf)));
      rdone = r > 0 || fatal(last_err);
    }
    if (!wdone) {
      int r = tr("write-same", C, SSL_write(C, data, 1000));
      wdone = r > 0 || fatal(last_err);
      if (r <= 0 && fatal(last_err)) break;
    }
  }
  teardown();
  return 0;
}
static int sc_retry_shorter(void) { return retry_with(0, 0); }
static int sc_retry_longer(void) { return retry_with(0, 1); }
static int sc_retry_moved(void) { return retry_with(0, 2); }
static int sc_retry_moving_mode(void) { return retry_with(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, 2); }

static int sc_shutdown_bidi(void) {
  setup(defaults());
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  teardown();
  return 0;
}

static int sc_shutdown_after_peer(void) {
  setup(defaults());
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  tr("shutdown", S, SSL_shutdown(S));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", S, SSL_write(S, "x", 1));
  tr("read", C, SSL_read(C, buf, 10));
  tr("shutdown", C, SSL_shutdown(C));
  teardown();
  return 0;
}

static int sc_shutdown_quiet(void) {
  setup(defaults());
  SSL_set_quiet_shutdown(C, 1);
  printf("# quiet=%d\n", SSL_get_quiet_shutdown(C));
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int sc_set_shutdown(void) {
  setup(defaults());
  handshake();
  SSL_set_shutdown(C, SSL_RECEIVED_SHUTDOWN);
  tr("set_shutdown(2)", C, 1);
  SSL_set_shutdown(C, SSL_SENT_SHUTDOWN);
  tr("set_shutdown(1)", C, 1);
  tr("write", C, SSL_write(C, "x", 1));
  tr("read", C, SSL_read(C, buf, 10));
  SSL_set_shutdown(C, 0);
  tr("set_shutdown(0)", C, 1);
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  SSL_set_shutdown(S, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  tr("set_shutdown(3)", S, 1);
  tr("shutdown", S, SSL_shutdown(S));
  teardown();
  return 0;
}

static int sc_write_after_shutdown(void) {
  setup(defaults());
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("write", C, SSL_write(C, "x", 1));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", S, SSL_write(S, "y", 1));
  tr("read", C, SSL_read(C, buf, 10));
  tr("shutdown", C, SSL_shutdown(C));
  teardown();
  return 0;
}

static int sc_shutdown_before_hs(void) {
  setup(defaults());
  tr("shutdown", C, SSL_shutdown(C));
  tr("do_handshake", C, SSL_do_handshake(C));
  SSL_free(C);
  C = SSL_new(cctx);
  SSL_set_connect_state(C);
  BIO *fresh = BIO_new(BIO_s_mem());
  SSL_set_bio(C, fresh, fresh);
  tr("shutdown-fresh", C, SSL_shutdown(C));
  SSL *U = SSL_new(cctx);
  int r = SSL_shutdown(U);
  int e = SSL_get_error(U, r);
  unsigned long q = ERR_get_error();
  printf("U shutdown ret=%d err=%s shut=%d pend=0 q=[%d:%d]\n", r, errname(e), SSL_get_shutdown(U),
         ERR_GET_LIB(q), ERR_GET_REASON(q));
  ERR_clear_error();
  SSL_free(U);
  teardown();
  return 0;
}

static int sc_shutdown_during_hs(void) {
  setup(defaults());
  tr("do_handshake", C, SSL_do_handshake(C));
  tr("do_handshake", S, SSL_do_handshake(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  teardown();
  return 0;
}

static int sc_shutdown_appdata(void) {
  setup(defaults());
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("write", S, SSL_write(S, "late data", 9));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", C, SSL_read(C, buf, 10));
  /* The peer sees the alert libssl sent with its error. */
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int eof_with(long opts) {
  struct opts o = defaults();
  o.c_options = opts;
  setup(o);
  handshake();
  tr("write", S, SSL_write(S, "bye", 3));
  BIO_shutdown_wr(sbio);
  tr("read", C, SSL_read(C, buf, 10));
  tr("read", C, SSL_read(C, buf, 10));
  tr("read", C, SSL_read(C, buf, 10));
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}
static int sc_eof(void) { return eof_with(0); }
static int sc_eof_ignore(void) { return eof_with(SSL_OP_IGNORE_UNEXPECTED_EOF); }

static int sc_fail_cipher(void) {
  struct opts o = defaults();
  o.c_suites = "TLS_AES_128_GCM_SHA256";
  o.s_suites = "TLS_CHACHA20_POLY1305_SHA256";
  setup(o);
  handshake();
  tr("shutdown", S, SSL_shutdown(S));
  teardown();
  return 0;
}

static int sc_fail_verify(void) {
  struct opts o = defaults();
  o.c_ca = "other-ca.pem";
  setup(o);
  handshake();
  printf("# verify_result=%ld\n", SSL_get_verify_result(C));
  tr("write", C, SSL_write(C, "x", 1));
  teardown();
  return 0;
}

static int sc_fail_version(void) {
  struct opts o = defaults();
  o.c_max_version = TLS1_2_VERSION;
  setup(o);
  handshake();
  teardown();
  return 0;
}

static int sc_key_update(void) {
  setup(defaults());
  handshake();
  printf("# type=%d\n", SSL_get_key_update_type(C));
  tr("key_update(bad)", C, SSL_key_update(C, 7));
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_REQUESTED));
  printf("# type=%d\n", SSL_get_key_update_type(C));
  tr("write", C, SSL_write(C, "after", 5));
  printf("# type=%d\n", SSL_get_key_update_type(C));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", S, SSL_write(S, "reply", 5));
  tr("read", C, SSL_read(C, buf, 10));
  tr("key_update", S, SSL_key_update(S, SSL_KEY_UPDATE_NOT_REQUESTED));
  tr("do_handshake", S, SSL_do_handshake(S));
  tr("read", C, SSL_read(C, buf, 10));
  tr("write", S, SSL_write(S, "more", 4));
  tr("read", C, SSL_read(C, buf, 10));
  teardown();
  return 0;
}


static int sc_session_stats(void) {
  setup(defaults());
  printf("# session-before=%d\n", SSL_get_session(C) != NULL);
  handshake();
  SSL_SESSION *cs = SSL_get1_session(C);
  printf("# client session=%d resumable=%d version=%x reused=%d\n", cs != NULL,
         cs ? SSL_SESSION_is_resumable(cs) : -1, cs ? SSL_SESSION_get_protocol_version(cs) : 0,
         SSL_session_reused(C));
  printf("# server session=%d sess_number=%ld\n", SSL_get_session(S) != NULL, SSL_CTX_sess_number(sctx));
  printf("# connect=%ld connect_good=%ld accept=%ld accept_good=%ld hits=%ld misses=%ld\n",
         SSL_CTX_sess_connect(cctx), SSL_CTX_sess_connect_good(cctx), SSL_CTX_sess_accept(sctx),
         SSL_CTX_sess_accept_good(sctx), SSL_CTX_sess_hits(sctx), SSL_CTX_sess_misses(sctx));
  SSL_SESSION_free(cs);
  teardown();
  return 0;
}

static int sc_auto_retry(void) {
  setup(defaults());
  SSL_set_mode(C, SSL_MODE_AUTO_RETRY);
  SSL_set_mode(S, SSL_MODE_AUTO_RETRY);
  handshake();
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_REQUESTED));
  tr("write", C, SSL_write(C, "after", 5));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", S, SSL_write(S, "reply", 5));
  tr("read", C, SSL_read(C, buf, 10));
  tr("read", C, SSL_read(C, buf, 10));
  teardown();
  return 0;
}

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                   unsigned int inlen, void *arg) {
  (void)s;
  (void)arg;
  /* Choose "http/1.1" when offered. */
  for (unsigned int i = 0; i < inlen; i += 1 + in[i]) {
    if (in[i] == 8 && memcmp(in + i + 1, "http/1.1", 8) == 0) {
      *out = in + i + 1;
      *outlen = 8;
      return SSL_TLSEXT_ERR_OK;
    }
  }
  return SSL_TLSEXT_ERR_NOACK;
}

static int sc_alpn(void) {
  setup(defaults());
  printf("# set_alpn_protos=%d\n", SSL_set_alpn_protos(C, (const unsigned char *)"\x02h2\x08http/1.1", 12));
  SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, NULL);
  handshake();
  const unsigned char *p;
  unsigned int n;
  SSL_get0_alpn_selected(C, &p, &n);
  printf("# client alpn=%.*s\n", (int)n, p ? (const char *)p : "");
  SSL_get0_alpn_selected(S, &p, &n);
  printf("# server alpn=%.*s\n", (int)n, p ? (const char *)p : "");
  teardown();
  return 0;
}

static int sni_seen;
static int sni_cb(SSL *s, int *al, void *arg) {
  (void)al;
  (void)arg;
  const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
  sni_seen = name != NULL && strcmp(name, "example.test") == 0;
  return SSL_TLSEXT_ERR_OK;
}

static int sc_sni(void) {
  struct opts o = defaults();
  o.c_verify = SSL_VERIFY_NONE;
  setup(o);
  SSL_set1_host(C, NULL);
  SSL_set_tlsext_host_name(C, "example.test");
  SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
  handshake();
  printf("# callback saw it=%d server name=%s\n", sni_seen, SSL_get_servername(S, TLSEXT_NAMETYPE_host_name));
  printf("# verify_result=%ld\n", SSL_get_verify_result(C));
  teardown();
  return 0;
}

static int verify_calls_fail;
static int accept_all(int ok, X509_STORE_CTX *ctx) {
  if (!ok) {
    verify_calls_fail++;
    printf("# callback error=%d depth=%d\n", X509_STORE_CTX_get_error(ctx), X509_STORE_CTX_get_error_depth(ctx));
  }
  return 1;
}

static int sc_verify_callback(void) {
  struct opts o = defaults();
  o.c_ca = "other-ca.pem";
  setup(o);
  SSL_set_verify(C, SSL_VERIFY_PEER, accept_all);
  handshake();
  printf("# verify_result=%ld\n", SSL_get_verify_result(C));
  X509 *peer = SSL_get1_peer_certificate(C);
  char name[256];
  X509_NAME_oneline(X509_get_subject_name(peer), name, sizeof(name));
  printf("# peer=%s chain=%d\n", name, sk_X509_num(SSL_get_peer_cert_chain(C)));
  X509_free(peer);
  teardown();
  return 0;
}

static int sc_connect_accept(void) {
  setup(defaults());
  tr("connect", C, SSL_connect(C));
  tr("accept", S, SSL_accept(S));
  tr("connect", C, SSL_connect(C));
  tr("accept", S, SSL_accept(S));
  printf("# client: init_finished=%d in_init=%d server=%d version=%s cipher=%s bits=%d\n",
         SSL_is_init_finished(C), SSL_in_init(C), SSL_is_server(C), SSL_get_version(C),
         SSL_CIPHER_get_name(SSL_get_current_cipher(C)), SSL_CIPHER_get_bits(SSL_get_current_cipher(C), NULL));
  printf("# server: init_finished=%d server=%d state=%s\n", SSL_is_init_finished(S), SSL_is_server(S),
         SSL_state_string_long(S));
  teardown();
  return 0;
}

static int sc_clear_reuse(void) {
  setup(defaults());
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("clear", C, SSL_clear(C));
  tr("clear", S, SSL_clear(S));
  printf("# after clear: in_init=%d before=%d\n", SSL_in_init(C), SSL_in_before(C));
  handshake();
  tr("write", C, SSL_write(C, "again", 5));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int new_sessions;
static SSL_SESSION *saved;
static int new_session_cb(SSL *s, SSL_SESSION *sess) {
  (void)s;
  new_sessions++;
  if (saved) SSL_SESSION_free(saved);
  saved = sess;
  return 1; /* we keep the reference */
}

/* One connection over a fresh BIO pair with the existing contexts. */
static void connect_again(SSL_SESSION *resume) {
  C = SSL_new(cctx);
  S = SSL_new(sctx);
  SSL_set1_host(C, "localhost");
  BIO_new_bio_pair(&cbio, 0, &sbio, 0);
  SSL_set_bio(C, cbio, cbio);
  SSL_set_bio(S, sbio, sbio);
  SSL_set_connect_state(C);
  SSL_set_accept_state(S);
  if (resume) SSL_set_session(C, resume);
  handshake();
  tr("read", C, SSL_read(C, buf, 10));
}

static int sc_session_cache(void) {
  setup(defaults());
  SSL_free(C);
  SSL_free(S);
  SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET); /* stateful TLS 1.3 tickets */
  SSL_CTX_set_num_tickets(sctx, 1);
  SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
  SSL_CTX_sess_set_new_cb(cctx, new_session_cb);
  connect_again(NULL);
  printf("# 1: sess_number=%ld new_sessions=%d resumable=%d\n", SSL_CTX_sess_number(sctx), new_sessions,
         saved ? SSL_SESSION_is_resumable(saved) : -1);
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  SSL_free(C);
  SSL_free(S);
  printf("# clean close keeps it: sess_number=%ld\n", SSL_CTX_sess_number(sctx));
  SSL_SESSION *first = saved;
  SSL_SESSION_up_ref(first);
  connect_again(first);
  printf("# 2: reused=%d hits=%ld misses=%ld sess_number=%ld\n", SSL_session_reused(C), SSL_CTX_sess_hits(sctx),
         SSL_CTX_sess_misses(sctx), SSL_CTX_sess_number(sctx));
  SSL_free(C);
  SSL_free(S);
  printf("# freed without shutdown (bad session): sess_number=%ld\n", SSL_CTX_sess_number(sctx));
  connect_again(NULL);
  printf("# 3: sess_number=%ld\n", SSL_CTX_sess_number(sctx));
  SSL_clear(S);
  printf("# cleared without shutdown: sess_number=%ld\n", SSL_CTX_sess_number(sctx));
  SSL_SESSION_free(first);
  if (saved) SSL_SESSION_free(saved);
  saved = NULL;
  teardown();
  return 0;
}

static int client_auth(int with_cert) {
  setup(defaults());
  SSL_CTX_load_verify_locations(sctx, path("ca.pem"), NULL);
  SSL_set_verify(S, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
  if (with_cert) {
    SSL_use_certificate_chain_file(C, path("client.pem"));
    SSL_use_PrivateKey_file(C, path("client.key"), SSL_FILETYPE_PEM);
  }
  handshake();
  tr("read", C, SSL_read(C, buf, 10));
  tr("write", S, SSL_write(S, "hi", 2));
  tr("read", C, SSL_read(C, buf, 10));
  X509 *peer = SSL_get1_peer_certificate(S);
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(S);
  printf("# server: peer=%d chain=%d verify_result=%ld\n", peer != NULL, chain ? sk_X509_num(chain) : -1,
         SSL_get_verify_result(S));
  for (int i = 0; chain && i < sk_X509_num(chain); i++) {
    char n[256];
    X509_NAME_oneline(X509_get_subject_name(sk_X509_value(chain, i)), n, sizeof(n));
    printf("# server chain[%d]=%s\n", i, n);
  }
  STACK_OF(X509) *cchain = SSL_get_peer_cert_chain(C);
  for (int i = 0; cchain && i < sk_X509_num(cchain); i++) {
    char n[256];
    X509_NAME_oneline(X509_get_subject_name(sk_X509_value(cchain, i)), n, sizeof(n));
    printf("# client chain[%d]=%s\n", i, n);
  }
  X509_free(peer);
  teardown();
  return 0;
}
static int sc_client_cert(void) { return client_auth(1); }
static int sc_client_cert_missing(void) { return client_auth(0); }

static SSL_CTX *other_ctx;
static int switch_cb(SSL *s, int *al, void *arg) {
  (void)al;
  (void)arg;
  const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
  if (name != NULL && strcmp(name, "other.test") == 0) SSL_set_SSL_CTX(s, other_ctx);
  return SSL_TLSEXT_ERR_OK;
}

static int sc_sni_switch_ctx(void) {
  struct opts o = defaults();
  o.c_verify = SSL_VERIFY_NONE;
  setup(o);
  other_ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_file(other_ctx, path("ca.pem"), SSL_FILETYPE_PEM);
  SSL_CTX_use_PrivateKey_file(other_ctx, path("ca.key"), SSL_FILETYPE_PEM);
  SSL_set1_host(C, NULL);
  SSL_set_tlsext_host_name(C, "other.test");
  SSL_CTX_set_tlsext_servername_callback(sctx, switch_cb);
  handshake();
  X509 *peer = SSL_get1_peer_certificate(C);
  char name[256] = "(none)";
  if (peer) X509_NAME_oneline(X509_get_subject_name(peer), name, sizeof(name));
  printf("# peer=%s switched=%d\n", name, SSL_get_SSL_CTX(S) == other_ctx);
  X509_free(peer);
  teardown();
  SSL_CTX_free(other_ctx);
  return 0;
}

static int sc_shutdown_want_write(void) {
  struct opts o = defaults();
  o.pair_size = 256;
  o.c_mode = SSL_MODE_ENABLE_PARTIAL_WRITE;
  setup(o);
  handshake();
  fill();
  tr("write", C, SSL_write(C, data, 1000));
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, sizeof(buf)));
  tr("shutdown", C, SSL_shutdown(C));
  for (int i = 0; i < 6; i++) {
    tr("read", S, SSL_read(S, buf, sizeof(buf)));
    tr("shutdown", C, SSL_shutdown(C));
  }
  teardown();
  return 0;
}

static int sc_eof_during_handshake(void) {
  setup(defaults());
  tr("do_handshake", C, SSL_do_handshake(C));
  BIO_shutdown_wr(sbio);
  tr("do_handshake", C, SSL_do_handshake(C));
  tr("do_handshake", C, SSL_do_handshake(C));
  tr("read", C, SSL_read(C, buf, 10));
  teardown();
  return 0;
}

static int sc_verify_depth(void) {
  for (int depth = 0; depth <= 2; depth++) {
    struct opts o = defaults();
    o.c_verify = SSL_VERIFY_NONE;
    setup(o);
    SSL_set_verify_depth(C, depth);
    /* A leaf under an intermediate, sent as leaf + intermediate. */
    SSL_use_certificate_chain_file(S, path("server-chain.pem"));
    SSL_use_PrivateKey_file(S, path("server-chain.key"), SSL_FILETYPE_PEM);
    handshake();
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(C);
    printf("# depth=%d verify_result=%ld chain=%d\n", depth, SSL_get_verify_result(C),
           chain ? sk_X509_num(chain) : -1);
    teardown();
  }
  return 0;
}

static int sc_server_without_certificate(void) {
  setup(defaults());
  BIO_up_ref(sbio); /* keep the pair half for the new server */
  SSL_free(S);
  SSL_CTX *bare = SSL_CTX_new(TLS_server_method());
  S = SSL_new(bare);
  SSL_set_bio(S, sbio, sbio);
  SSL_set_accept_state(S);
  handshake();
  SSL_free(S);
  S = SSL_new(sctx);
  SSL_CTX_free(bare);
  teardown();
  return 0;
}

static int sc_cipher_preference(void) {
  for (int serverpref = 0; serverpref <= 1; serverpref++) {
    struct opts o = defaults();
    o.c_suites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384";
    o.s_options = serverpref ? SSL_OP_CIPHER_SERVER_PREFERENCE : 0;
    setup(o);
    handshake();
    printf("# server preference=%d cipher=%s/%s\n", serverpref, SSL_CIPHER_get_name(SSL_get_current_cipher(C)),
           SSL_CIPHER_get_name(SSL_get_current_cipher(S)));
    teardown();
  }
  return 0;
}

static int sc_clear_resume(void) {
  setup(defaults());
  SSL_set_num_tickets(S, 1);
  handshake();
  tr("read", C, SSL_read(C, buf, 10));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", S, SSL_shutdown(S));
  tr("clear", C, SSL_clear(C));
  tr("clear", S, SSL_clear(S));
  handshake();
  printf("# reused client=%d server=%d hits=%ld\n", SSL_session_reused(C), SSL_session_reused(S),
         SSL_CTX_sess_hits(sctx));
  teardown();
  return 0;
}

static void info_cb(const SSL *s, int where, int ret) {
  if (where & SSL_CB_LOOP) return; /* state granularity differs: not compared */
  printf("# info %s where=0x%x ret=%d\n", s == C ? "C" : "S", where, ret);
}

static int sc_info_callback(void) {
  struct opts o = defaults();
  o.c_ca = "other-ca.pem";
  setup(o);
  SSL_CTX_set_info_callback(cctx, info_cb);
  SSL_CTX_set_info_callback(sctx, info_cb);
  handshake();
  SSL_free(C);
  SSL_free(S);
  C = SSL_new(cctx);
  S = SSL_new(sctx);
  SSL_set_verify(C, SSL_VERIFY_NONE, NULL);
  BIO_new_bio_pair(&cbio, 0, &sbio, 0);
  SSL_set_bio(C, cbio, cbio);
  SSL_set_bio(S, sbio, sbio);
  SSL_set_connect_state(C);
  SSL_set_accept_state(S);
  handshake();
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  teardown();
  return 0;
}

static void states(void) {
  printf("# state C=%d %s %s | S=%d %s %s\n", SSL_get_state(C), SSL_state_string(C), SSL_state_string_long(C),
         SSL_get_state(S), SSL_state_string(S), SSL_state_string_long(S));
}

static int sc_states(void) {
  setup(defaults());
  states();
  tr("do_handshake", C, SSL_do_handshake(C));
  states();
  tr("do_handshake", S, SSL_do_handshake(S));
  states();
  tr("do_handshake", C, SSL_do_handshake(C));
  states();
  tr("do_handshake", S, SSL_do_handshake(S));
  states();
  teardown();
  struct opts o = defaults();
  o.c_ca = "other-ca.pem";
  setup(o);
  handshake();
  states();
  teardown();
  return 0;
}


/* ------------------------------------------------------------------ added scenarios */

/* Prints the alerts each side sends and receives (the info callback's SSL_CB_ALERT reports). */
static void alert_cb(const SSL *s, int where, int ret) {
  if (!(where & SSL_CB_ALERT)) return;
  printf("# alert %s %s %s %s\n", s == C ? "C" : "S", (where & SSL_CB_READ) ? "read" : "write",
         SSL_alert_type_string_long(ret), SSL_alert_desc_string_long(ret));
}
static void watch_alerts(void) {
  SSL_CTX_set_info_callback(cctx, alert_cb);
  SSL_CTX_set_info_callback(sctx, alert_cb);
}

/* After a failed handshake: what each side's error queue ends with (already printed) and verify result. */
static void after_failure(void) {
  printf("# C verify_result=%ld in_init=%d | S in_init=%d\n", SSL_get_verify_result(C), SSL_in_init(C), SSL_in_init(S));
  printf("# C %s %s | S %s %s\n", SSL_get_version(C), SSL_state_string_long(C), SSL_get_version(S), SSL_state_string_long(S));
}

static int sc_io_ex(void) {
  setup(defaults());
  handshake();
  fill();
  size_t n;
  int r;
  r = SSL_write_ex(S, data, 100, &n);
  tr("write_ex", S, r);
  printf("# written=%zu\n", n);
  r = SSL_write_ex(S, data + 100, 50, &n);
  tr("write_ex", S, r);
  printf("# written=%zu has_pending=%d\n", n, SSL_has_pending(C));
  r = SSL_peek_ex(C, buf, 30, &n);
  tr("peek_ex", C, r);
  printf("# peeked=%zu has_pending=%d\n", n, SSL_has_pending(C));
  r = SSL_read_ex(C, buf, 30, &n);
  tr("read_ex", C, r);
  printf("# readbytes=%zu has_pending=%d\n", n, SSL_has_pending(C));
  r = SSL_read_ex(C, buf + 30, 200, &n);
  tr("read_ex", C, r);
  printf("# readbytes=%zu has_pending=%d\n", n, SSL_has_pending(C));
  r = SSL_peek_ex(C, buf + 100, 200, &n);
  tr("peek_ex", C, r);
  printf("# peeked=%zu\n", n);
  r = SSL_read_ex(C, buf + 100, 200, &n);
  tr("read_ex", C, r);
  printf("# readbytes=%zu has_pending=%d %s\n", n, SSL_has_pending(C),
         memcmp(buf, data, 150) == 0 ? "data ok" : "data BAD");
  /* On failure libssl leaves the count untouched; the facade returns 0 (a tuple): not compared. */
  r = SSL_read_ex(C, buf, 200, &n);
  tr("read_ex", C, r);
  r = SSL_peek_ex(C, buf, 200, &n);
  tr("peek_ex", C, r);
  r = SSL_write_ex(S, data, 20, &n);
  tr("write_ex", S, r);
  r = SSL_peek_ex(C, buf, 0, &n);
  tr("peek_ex0", C, r);
  r = SSL_read_ex(C, buf, 0, &n);
  tr("read_ex0", C, r);
  r = SSL_read_ex(C, buf, 5, &n);
  tr("read_ex", C, r);
  printf("# readbytes=%zu pending=%d\n", n, SSL_pending(C));
  teardown();
  return 0;
}

static void getters(const char *when) {
  for (int i = 0; i < 2; i++) {
    SSL *s = i ? S : C;
    X509 *p = SSL_get1_peer_certificate(s);
    printf("# %s %s: version=%x %s in_init=%d init_finished=%d before=%d state=%d %s reused=%d peer=%d peer0=%d verify=%ld shut=%d\n",
           when, i ? "S" : "C", SSL_version(s), SSL_get_version(s), SSL_in_init(s), SSL_is_init_finished(s),
           SSL_in_before(s), SSL_get_state(s), SSL_state_string_long(s), SSL_session_reused(s), p != NULL,
           SSL_get0_peer_certificate(s) != NULL, SSL_get_verify_result(s), SSL_get_shutdown(s));
    X509_free(p);
  }
}

static int sc_getters_lifecycle(void) {
  setup(defaults());
  getters("before");
  handshake();
  getters("connected");
  tr("shutdown", C, SSL_shutdown(C));
  getters("client-sent");
  tr("read", S, SSL_read(S, buf, 10));
  getters("server-received");
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  getters("closed");
  teardown();
  return 0;
}

static int sc_fail_version_server12(void) {
  struct opts o = defaults();
  o.s_max_version = TLS1_2_VERSION;
  setup(o);
  watch_alerts();
  handshake();
  after_failure();
  teardown();
  return 0;
}

static int sc_fail_version_alerts(void) {
  struct opts o = defaults();
  o.c_max_version = TLS1_2_VERSION;
  setup(o);
  watch_alerts();
  handshake();
  after_failure();
  teardown();
  return 0;
}

static int sc_fail_groups(void) {
  struct opts o = defaults();
  o.c_groups = "X25519";
  o.s_groups = "P-256";
  setup(o);
  watch_alerts();
  handshake();
  after_failure();
  teardown();
  return 0;
}

static int sc_hello_retry(void) {
  struct opts o = defaults();
  o.c_groups = "X25519:P-256";
  o.s_groups = "P-256";
  setup(o);
  watch_alerts();
  handshake();
  tr("write", C, SSL_write(C, "hrr", 3));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int sc_fail_sigalgs(void) {
  struct opts o = defaults();
  o.c_sigalgs = "rsa_pss_rsae_sha256";
  setup(o);
  watch_alerts();
  handshake();
  after_failure();
  teardown();
  return 0;
}

static int alpn_ret;
static int alpn_fixed_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                         unsigned int inlen, void *arg) {
  (void)s; (void)out; (void)outlen; (void)in; (void)inlen; (void)arg;
  return alpn_ret;
}

static int alpn_with(int ret) {
  setup(defaults());
  watch_alerts();
  alpn_ret = ret;
  SSL_set_alpn_protos(C, (const unsigned char *)"\x02h2", 3);
  SSL_CTX_set_alpn_select_cb(sctx, alpn_fixed_cb, NULL);
  handshake();
  const unsigned char *p;
  unsigned int n;
  SSL_get0_alpn_selected(C, &p, &n);
  printf("# client alpn len=%u\n", n);
  after_failure();
  teardown();
  return 0;
}
static int sc_alpn_fatal(void) { return alpn_with(SSL_TLSEXT_ERR_ALERT_FATAL); }
static int sc_alpn_noack(void) { return alpn_with(SSL_TLSEXT_ERR_NOACK); }

static int sni_fatal_cb(SSL *s, int *al, void *arg) {
  (void)s; (void)al; (void)arg;
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

static int sc_sni_fatal(void) {
  setup(defaults());
  watch_alerts();
  SSL_set_tlsext_host_name(C, "localhost");
  SSL_CTX_set_tlsext_servername_callback(sctx, sni_fatal_cb);
  handshake();
  after_failure();
  teardown();
  return 0;
}

static int sc_wrong_host(void) {
  for (int peer = 1; peer >= 0; peer--) {
    struct opts o = defaults();
    o.c_verify = peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE;
    setup(o);
    watch_alerts();
    SSL_set1_host(C, "wrong.example");
    handshake();
    printf("# verify=%s\n", peer ? "peer" : "none");
    after_failure();
    teardown();
  }
  return 0;
}

static int sc_unknown_ca_none(void) {
  struct opts o = defaults();
  o.c_ca = "other-ca.pem";
  o.c_verify = SSL_VERIFY_NONE;
  setup(o);
  watch_alerts();
  printf("# verify_result before=%ld\n", SSL_get_verify_result(C));
  handshake();
  X509 *p = SSL_get1_peer_certificate(C);
  printf("# verify_result=%ld peer=%d\n", SSL_get_verify_result(C), p != NULL);
  X509_free(p);
  tr("write", C, SSL_write(C, "x", 1));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int sc_expired(void) {
  for (int peer = 1; peer >= 0; peer--) {
    struct opts o = defaults();
    o.c_verify = peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE;
    setup(o);
    watch_alerts();
    SSL_use_certificate_file(S, path("server-expired.pem"), SSL_FILETYPE_PEM);
    SSL_use_PrivateKey_file(S, path("server-expired.key"), SSL_FILETYPE_PEM);
    handshake();
    printf("# verify=%s\n", peer ? "peer" : "none");
    after_failure();
    teardown();
  }
  return 0;
}

static int sni_status;
static int sni_status_cb(SSL *s, int *al, void *arg) {
  (void)s; (void)al; (void)arg;
  return sni_status;
}

static int sc_sni_status(void) {
  int statuses[] = {SSL_TLSEXT_ERR_NOACK, SSL_TLSEXT_ERR_ALERT_WARNING, SSL_TLSEXT_ERR_OK};
  for (int i = 0; i < 3; i++) {
    setup(defaults());
    watch_alerts();
    sni_status = statuses[i];
    SSL_set_tlsext_host_name(C, "localhost");
    SSL_CTX_set_tlsext_servername_callback(sctx, sni_status_cb);
    handshake();
    const char *name = SSL_get_servername(S, TLSEXT_NAMETYPE_host_name);
    printf("# status=%d server name=%s\n", statuses[i], name ? name : "(null)");
    teardown();
  }
  return 0;
}

/* The server asks for a certificate (SSL_VERIFY_PEER without FAIL_IF_NO_PEER_CERT):
   none sent; one it trusts; one from a CA it does not know. */
static int sc_client_cert_optional(void) {
  for (int variant = 0; variant < 3; variant++) {
    setup(defaults());
    watch_alerts();
    SSL_CTX_load_verify_locations(sctx, path(variant == 2 ? "other-ca.pem" : "ca.pem"), NULL);
    SSL_set_verify(S, SSL_VERIFY_PEER, NULL);
    if (variant > 0) {
      SSL_use_certificate_chain_file(C, path("client.pem"));
      SSL_use_PrivateKey_file(C, path("client.key"), SSL_FILETYPE_PEM);
    }
    handshake();
    tr("read", C, SSL_read(C, buf, 10));
    X509 *p = SSL_get1_peer_certificate(S);
    printf("# variant=%d server: peer=%d peer0=%d verify_result=%ld in_init=%d\n", variant, p != NULL,
           SSL_get0_peer_certificate(S) != NULL, SSL_get_verify_result(S), SSL_in_init(S));
    X509_free(p);
    teardown();
  }
  return 0;
}

static int sc_key_update_early(void) {
  setup(defaults());
  tr("key_update(bad)", C, SSL_key_update(C, 7));
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_REQUESTED));
  tr("key_update", S, SSL_key_update(S, SSL_KEY_UPDATE_NOT_REQUESTED));
  tr("do_handshake", C, SSL_do_handshake(C));
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_REQUESTED));
  tr("do_handshake", S, SSL_do_handshake(S));
  tr("key_update", S, SSL_key_update(S, SSL_KEY_UPDATE_NOT_REQUESTED));
  tr("key_update(bad)", S, SSL_key_update(S, 2));
  handshake();
  tr("key_update(bad)", C, SSL_key_update(C, -1));
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_NOT_REQUESTED));
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_REQUESTED));
  printf("# type=%d in_init=%d init_finished=%d\n", SSL_get_key_update_type(C), SSL_in_init(C), SSL_is_init_finished(C));
  tr("do_handshake", C, SSL_do_handshake(C));
  printf("# type=%d in_init=%d init_finished=%d\n", SSL_get_key_update_type(C), SSL_in_init(C), SSL_is_init_finished(C));
  tr("read", S, SSL_read(S, buf, 10));
  tr("write", S, SSL_write(S, "ok", 2));
  tr("read", C, SSL_read(C, buf, 10));
  teardown();
  return 0;
}

static int sc_key_update_shutdown(void) {
  setup(defaults());
  handshake();
  tr("key_update", C, SSL_key_update(C, SSL_KEY_UPDATE_NOT_REQUESTED));
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", C, SSL_read(C, buf, 10));
  printf("# type=%d in_init=%d\n", SSL_get_key_update_type(C), SSL_in_init(C));
  tr("shutdown", C, SSL_shutdown(C));
  tr("read", S, SSL_read(S, buf, 10));
  tr("read", S, SSL_read(S, buf, 10));
  tr("key_update", S, SSL_key_update(S, SSL_KEY_UPDATE_REQUESTED));
  tr("write", S, SSL_write(S, "x", 1));
  tr("shutdown", S, SSL_shutdown(S));
  tr("shutdown", C, SSL_shutdown(C));
  tr("shutdown", C, SSL_shutdown(C));
  teardown();
  return 0;
}

static int sc_renegotiate(void) {
  setup(defaults());
  /* (A client's SSL_renegotiate before the handshake returns 1 and then makes
     libssl's TLS 1.3 handshake fail with an internal error: not compared.) */
  SSL_set_options(S, SSL_OP_NO_RENEGOTIATION);
  tr("renegotiate(before, no_renegotiation)", S, SSL_renegotiate(S));
  handshake();
  tr("renegotiate", C, SSL_renegotiate(C));
  tr("renegotiate_abbreviated", C, SSL_renegotiate_abbreviated(C));
  tr("renegotiate", S, SSL_renegotiate(S));
  printf("# pending C=%d S=%d\n", SSL_renegotiate_pending(C), SSL_renegotiate_pending(S));
  tr("write", C, SSL_write(C, "x", 1));
  tr("read", S, SSL_read(S, buf, 10));
  teardown();
  return 0;
}

static int tickets_seen;
static int count_session_cb(SSL *s, SSL_SESSION *sess) {
  (void)s;
  (void)sess;
  tickets_seen++;
  return 0; /* libssl frees it */
}

static int sc_num_tickets(void) {
  int counts[] = {0, 1, 3};
  for (int i = 0; i < 3; i++) {
    setup(defaults());
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(cctx, count_session_cb);
    tickets_seen = 0;
    printf("# set_num_tickets=%d\n", SSL_set_num_tickets(S, (size_t)counts[i]));
    printf("# num_tickets=%zu ctx=%zu\n", SSL_get_num_tickets(S), SSL_CTX_get_num_tickets(sctx));
    handshake();
    printf("# after handshake: sessions=%d\n", tickets_seen);
    for (int j = 0; j < 4; j++) {
      tr("read", C, SSL_read(C, buf, 10));
      printf("# after read: sessions=%d\n", tickets_seen);
    }
    teardown();
  }
  return 0;
}

static int sc_export_keying_material(void) {
  setup(defaults());
  unsigned char c1[32], s1[32], c2[32], s2[32], c3[32];
  const char *label = "EXPERIMENTAL strata";
  const unsigned char ctxv[] = "context";
  tr("export(before)", C, SSL_export_keying_material(C, c1, 32, label, strlen(label), NULL, 0, 0));
  handshake();
  tr("export", C, SSL_export_keying_material(C, c1, 32, label, strlen(label), NULL, 0, 0));
  tr("export", S, SSL_export_keying_material(S, s1, 32, label, strlen(label), NULL, 0, 0));
  tr("export(ctx)", C, SSL_export_keying_material(C, c2, 32, label, strlen(label), ctxv, 7, 1));
  tr("export(ctx)", S, SSL_export_keying_material(S, s2, 32, label, strlen(label), ctxv, 7, 1));
  tr("export(empty ctx)", C, SSL_export_keying_material(C, c3, 32, label, strlen(label), ctxv, 0, 1));
  printf("# c==s %d, ctx c==s %d, ctx differs %d, empty ctx == none %d\n", memcmp(c1, s1, 32) == 0,
         memcmp(c2, s2, 32) == 0, memcmp(c1, c2, 32) != 0, memcmp(c3, c1, 32) == 0);
  teardown();
  return 0;
}

static int sc_finished(void) {
  setup(defaults());
  unsigned char a[128], b[128];
  printf("# before: finished=%zu peer=%zu\n", SSL_get_finished(C, a, sizeof(a)), SSL_get_peer_finished(C, b, sizeof(b)));
  handshake();
  size_t cf = SSL_get_finished(C, a, sizeof(a));
  size_t sp = SSL_get_peer_finished(S, b, sizeof(b));
  printf("# client finished=%zu server peer_finished=%zu equal=%d\n", cf, sp, cf == sp && memcmp(a, b, cf) == 0);
  size_t sf = SSL_get_finished(S, a, sizeof(a));
  size_t cp = SSL_get_peer_finished(C, b, sizeof(b));
  printf("# server finished=%zu client peer_finished=%zu equal=%d\n", sf, cp, sf == cp && memcmp(a, b, sf) == 0);
  printf("# short buffer: %zu\n", SSL_get_finished(C, a, 4));
  teardown();
  return 0;
}

static unsigned char raw[60000];
static int raw_len;
/* Moves what the server wrote out of the client's side of the pair. */
static void drain(void) {
  int n = BIO_read(cbio, raw + raw_len, (int)sizeof(raw) - raw_len);
  if (n > 0) raw_len += n;
}
/* Prints the records drained so far as runs of lengths ("1017x19,693") and forgets them. */
static void print_records(void) {
  char line[1024] = "";
  int count = 0, prev = -1, run = 0;
  for (int i = 0; i + 5 <= raw_len;) {
    int len = (raw[i + 3] << 8) | raw[i + 4];
    if (len != prev && run) {
      size_t l = strlen(line);
      snprintf(line + l, sizeof(line) - l, "%s%dx%d", l ? "," : "", prev, run);
      run = 0;
    }
    prev = len;
    run++;
    count++;
    i += 5 + len;
  }
  if (run) {
    size_t l = strlen(line);
    snprintf(line + l, sizeof(line) - l, "%s%dx%d", l ? "," : "", prev, run);
  }
  printf("# wire: %d bytes, %d records [%s]\n", raw_len, count, line);
  raw_len = 0;
}

static void fragment_write(void) {
  fill();
  for (int i = 0; i < 10; i++) {
    int r = tr("write", S, SSL_write(S, data, 20000));
    drain();
    if (r > 0 || fatal(last_err)) break;
  }
  print_records();
}

static int sc_max_send_fragment(void) {
  setup(defaults());
  printf("# set ssl 511=%ld 16385=%ld ctx 511=%ld\n", SSL_set_max_send_fragment(S, 511),
         SSL_set_max_send_fragment(S, 16385), SSL_CTX_set_max_send_fragment(sctx, 511));
  handshake();
  printf("# default\n");
  fragment_write();
  printf("# ssl 1000 -> %ld\n", SSL_set_max_send_fragment(S, 1000));
  fragment_write();
  printf("# ssl 512 -> %ld\n", SSL_set_max_send_fragment(S, 512));
  tr("write", S, SSL_write(S, data, 1500));
  drain();
  print_records();
  teardown();
  struct opts o = defaults();
  setup(o);
  BIO_up_ref(sbio); /* keep the pair half for the new server */
  SSL_free(S);
  printf("# ctx 4096 -> %ld\n", SSL_CTX_set_max_send_fragment(sctx, 4096));
  S = SSL_new(sctx);
  SSL_set_bio(S, sbio, sbio);
  SSL_set_accept_state(S);
  handshake();
  fragment_write();
  teardown();
  return 0;
}

struct scenario {
  const char *name;
  int (*run)(void);
};

static const struct scenario scenarios[] = {
    {"handshake-default", sc_hs_default},
    {"handshake-256", sc_hs_small},
    {"handshake-implicit", sc_hs_implicit},
    {"read-small-pending", sc_read_small},
    {"peek", sc_peek},
    {"zero-length", sc_zero_length},
    {"bulk-100k", sc_bulk},
    {"bulk-100k-partial", sc_bulk_partial},
    {"write-retry-shorter", sc_retry_shorter},
    {"write-retry-longer", sc_retry_longer},
    {"write-retry-moved", sc_retry_moved},
    {"write-retry-moving-mode", sc_retry_moving_mode},
    {"shutdown-bidirectional", sc_shutdown_bidi},
    {"shutdown-after-peer-close", sc_shutdown_after_peer},
    {"shutdown-quiet", sc_shutdown_quiet},
    {"set-shutdown", sc_set_shutdown},
    {"write-after-shutdown", sc_write_after_shutdown},
    {"shutdown-before-handshake", sc_shutdown_before_hs},
    {"shutdown-during-handshake", sc_shutdown_during_hs},
    {"shutdown-appdata-waiting", sc_shutdown_appdata},
    {"eof-without-close-notify", sc_eof},
    {"eof-ignore-unexpected", sc_eof_ignore},
    {"fail-no-shared-cipher", sc_fail_cipher},
    {"fail-verify", sc_fail_verify},
    {"fail-version", sc_fail_version},
    {"key-update", sc_key_update},
    {"session-stats", sc_session_stats},
    {"auto-retry", sc_auto_retry},
    {"alpn", sc_alpn},
    {"sni", sc_sni},
    {"verify-callback", sc_verify_callback},
    {"connect-accept", sc_connect_accept},
    {"clear-reuse", sc_clear_reuse},
    {"session-cache", sc_session_cache},
    {"client-cert", sc_client_cert},
    {"client-cert-missing", sc_client_cert_missing},
    {"sni-switch-ctx", sc_sni_switch_ctx},
    {"shutdown-want-write", sc_shutdown_want_write},
    {"eof-during-handshake", sc_eof_during_handshake},
    {"verify-depth", sc_verify_depth},
    {"server-without-certificate", sc_server_without_certificate},
    {"cipher-preference", sc_cipher_preference},
    {"clear-resume", sc_clear_resume},
    {"info-callback", sc_info_callback},
    {"states", sc_states},
    {"io-ex-pending", sc_io_ex},
    {"getters-lifecycle", sc_getters_lifecycle},
    {"fail-version-server-tls12", sc_fail_version_server12},
    {"fail-version-alerts", sc_fail_version_alerts},
    {"fail-no-shared-group", sc_fail_groups},
    {"hello-retry-group", sc_hello_retry},
    {"fail-no-shared-sigalg", sc_fail_sigalgs},
    {"alpn-alert-fatal", sc_alpn_fatal},
    {"alpn-noack", sc_alpn_noack},
    {"sni-alert-fatal", sc_sni_fatal},
    {"wrong-host", sc_wrong_host},
    {"unknown-ca-verify-none", sc_unknown_ca_none},
    {"expired-certificate", sc_expired},
    {"sni-callback-status", sc_sni_status},
    {"client-cert-optional", sc_client_cert_optional},
    {"key-update-early", sc_key_update_early},
    {"key-update-shutdown", sc_key_update_shutdown},
    {"renegotiate-tls13", sc_renegotiate},
    {"num-tickets", sc_num_tickets},
    {"export-keying-material", sc_export_keying_material},
    {"finished", sc_finished},
    {"max-send-fragment", sc_max_send_fragment},
};

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <fixtures-dir> <scenario|list>\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  size_t n = sizeof(scenarios) / sizeof(scenarios[0]);
  for (size_t i = 0; i < n; i++) {
    if (strcmp(argv[2], "list") == 0) printf("%s\n", scenarios[i].name);
    else if (strcmp(argv[2], scenarios[i].name) == 0) return scenarios[i].run();
  }
  if (strcmp(argv[2], "list") == 0) return 0;
  fprintf(stderr, "unknown scenario %s\n", argv[2]);
  return 2;
}
