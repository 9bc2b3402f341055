/* Ground truth for the statistics contract of @strata/session's README ("What
 * the handshake must do"): real OpenSSL 3.0 handshakes between two SSL_CTXs
 * over a BIO pair, printing the SSL_CTX_sess_* counters after each step.
 * src/stats.ground-truth.test.ts replays the same steps through the calls the
 * README prescribes and compares.
 * Build: gcc stats.c -o stats -lssl -lcrypto && ./stats */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#define P(k, v) printf("%s %ld\n", k, (long)(v))

static EVP_PKEY *pkey;
static X509 *x509;
static int client_new = 0, client_removed = 0, server_new = 0, server_removed = 0;
static SSL_SESSION *last_client_session = NULL;

static int on_client_new(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    client_new++;
    if (last_client_session != NULL)
        SSL_SESSION_free(last_client_session);
    last_client_session = sess;
    return 1; /* we keep the reference */
}

/* An external cache of one entry: the newest session the server made. */
static int external = 0;
static SSL_SESSION *external_session = NULL;

static int on_server_new(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    server_new++;
    if (!external)
        return 0; /* OpenSSL keeps its reference */
    if (external_session != NULL)
        SSL_SESSION_free(external_session);
    external_session = sess;
    return 1; /* we keep the reference */
}

static SSL_SESSION *on_server_get(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    unsigned int have;
    const unsigned char *hid;
    (void)ssl;
    if (external_session == NULL)
        return NULL;
    hid = SSL_SESSION_get_id(external_session, &have);
    if ((int)have != len || memcmp(hid, id, have) != 0)
        return NULL;
    *copy = 1;
    return external_session;
}

static void on_server_remove(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)ctx;
    (void)sess;
    server_removed++;
}

static void on_client_remove(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)ctx;
    (void)sess;
    client_removed++;
}

static void make_cert(void)
{
    X509_NAME *name;
    pkey = EVP_EC_gen("P-256");
    x509 = X509_new();
    X509_set_version(x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
    X509_gmtime_adj(X509_getm_notBefore(x509), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x509), 3600);
    X509_set_pubkey(x509, pkey);
    name = X509_get_subject_name(x509);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"stats.example", -1, -1, 0);
    X509_set_issuer_name(x509, name);
    X509_sign(x509, pkey, EVP_sha256());
}

/* One connection: handshake, the client reads what follows (tickets), both
 * send close_notify. Returns whether the session was reused. */
static int connect_once(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *offer)
{
    BIO *bc, *bs;
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    unsigned char buf[16];
    int i, reused;

    BIO_new_bio_pair(&bc, 0, &bs, 0);
    SSL_set_bio(c, bc, bc);
    SSL_set_bio(s, bs, bs);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (offer != NULL)
        SSL_set_session(c, offer);
    for (i = 0; i < 50; i++) {
        int rc = SSL_do_handshake(c), rs = SSL_do_handshake(s);
        if (rc == 1 && rs == 1)
            break;
    }
    for (i = 0; i < 4; i++)
        SSL_read(c, buf, sizeof buf); /* processes NewSessionTicket, then WANT_READ */
    reused = SSL_session_reused(c);
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    ERR_clear_error();
    return reused;
}

static void stats(const char *step, SSL_CTX *cctx, SSL_CTX *sctx)
{
    char k[128];
#define S(name, v) (snprintf(k, sizeof k, "%s.%s", step, name), P(k, v))
    S("s.number", SSL_CTX_sess_number(sctx));
    S("s.accept", SSL_CTX_sess_accept(sctx));
    S("s.accept_good", SSL_CTX_sess_accept_good(sctx));
    S("s.hits", SSL_CTX_sess_hits(sctx));
    S("s.misses", SSL_CTX_sess_misses(sctx));
    S("s.timeouts", SSL_CTX_sess_timeouts(sctx));
    S("s.cb_hits", SSL_CTX_sess_cb_hits(sctx));
    S("s.new", server_new);
    S("s.removed", server_removed);
    S("c.number", SSL_CTX_sess_number(cctx));
    S("c.connect", SSL_CTX_sess_connect(cctx));
    S("c.connect_good", SSL_CTX_sess_connect_good(cctx));
    S("c.hits", SSL_CTX_sess_hits(cctx));
    S("c.misses", SSL_CTX_sess_misses(cctx));
    S("c.new", client_new);
    S("c.removed", client_removed);
#undef S
}

static void contexts(SSL_CTX **cctx, SSL_CTX **sctx, int version, long options, int remove_cb, long mode)
{
    *cctx = SSL_CTX_new(TLS_client_method());
    *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(*cctx, version);
    SSL_CTX_set_max_proto_version(*cctx, version);
    SSL_CTX_set_session_cache_mode(*cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(*cctx, on_client_new);
    SSL_CTX_sess_set_remove_cb(*cctx, on_client_remove);
    SSL_CTX_use_certificate(*sctx, x509);
    SSL_CTX_use_PrivateKey(*sctx, pkey);
    SSL_CTX_set_options(*sctx, options);
    SSL_CTX_set_session_id_context(*sctx, (const unsigned char *)"strata", 6);
    SSL_CTX_set_session_cache_mode(*sctx, mode);
    SSL_CTX_sess_set_new_cb(*sctx, on_server_new);
    if (remove_cb)
        SSL_CTX_sess_set_remove_cb(*sctx, on_server_remove);
    if (external)
        SSL_CTX_sess_set_get_cb(*sctx, on_server_get);
    client_new = 0;
    client_removed = 0;
    server_new = 0;
    server_removed = 0;
}

static void run(const char *name, int version, long options, int remove_cb, long mode)
{
    SSL_CTX *cctx, *sctx;
    SSL_SESSION *first;
    char step[64];

    contexts(&cctx, &sctx, version, options, remove_cb, mode);
    snprintf(step, sizeof step, "%s.full", name);
    P(step, connect_once(cctx, sctx, NULL));
    stats(step, cctx, sctx);
    first = last_client_session; /* NULL when no session was handed to the client */
    if (first != NULL)
        SSL_SESSION_up_ref(first);
    snprintf(step, sizeof step, "%s.resume", name);
    P(step, connect_once(cctx, sctx, first));
    stats(step, cctx, sctx);
    /* the newest session, offered to another server that cannot resume it */
    {
        SSL_CTX *c2, *other;
        SSL_SESSION *newest = last_client_session;
        if (newest != NULL)
            SSL_SESSION_up_ref(newest);
        c2 = cctx;
        other = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate(other, x509);
        SSL_CTX_use_PrivateKey(other, pkey);
        SSL_CTX_set_session_id_context(other, (const unsigned char *)"strata", 6);
        snprintf(step, sizeof step, "%s.elsewhere", name);
        P(step, connect_once(c2, other, newest));
        stats(step, cctx, other);
        SSL_SESSION_free(newest);
        SSL_CTX_free(other);
    }
    snprintf(step, sizeof step, "%s.first_resumable", name);
    P(step, first != NULL && SSL_SESSION_is_resumable(first));
    snprintf(step, sizeof step, "%s.again", name); /* the same session offered once more */
    P(step, connect_once(cctx, sctx, first));
    stats(step, cctx, sctx);
    SSL_SESSION_free(first);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    if (last_client_session != NULL)
        SSL_SESSION_free(last_client_session);
    last_client_session = NULL;
}

int main(void)
{
    make_cert();
    run("tls13", TLS1_3_VERSION, 0, 0, SSL_SESS_CACHE_SERVER);
    run("tls13_removecb", TLS1_3_VERSION, 0, 1, SSL_SESS_CACHE_SERVER);
    run("tls13_noticket", TLS1_3_VERSION, SSL_OP_NO_TICKET, 0, SSL_SESS_CACHE_SERVER);
    run("tls12_noticket", TLS1_2_VERSION, SSL_OP_NO_TICKET, 0, SSL_SESS_CACHE_SERVER);
    run("tls12_ticket", TLS1_2_VERSION, 0, 0, SSL_SESS_CACHE_SERVER);
    run("tls12_off", TLS1_2_VERSION, SSL_OP_NO_TICKET, 0, SSL_SESS_CACHE_OFF);
    run("tls12_nostore", TLS1_2_VERSION, SSL_OP_NO_TICKET, 0,
        SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    run("tls13_noticket_nostore", TLS1_3_VERSION, SSL_OP_NO_TICKET, 0,
        SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    run("tls13_off", TLS1_3_VERSION, 0, 0, SSL_SESS_CACHE_OFF);
    /* an external cache (new and get callbacks) instead of the internal one */
    external = 1;
    run("tls12_external", TLS1_2_VERSION, SSL_OP_NO_TICKET, 0,
        SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
    run("tls13_noticket_external", TLS1_3_VERSION, SSL_OP_NO_TICKET, 0,
        SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_SESSION_free(external_session);
    X509_free(x509);
    EVP_PKEY_free(pkey);
    return 0;
}
