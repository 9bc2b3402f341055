/* Ground truth for @strata/session's SessionCache: OpenSSL 3.0's internal
 * session cache driven without handshakes (SSL_CTX_add_session,
 * SSL_CTX_remove_session, SSL_CTX_flush_sessions, cache size and mode),
 * printing "key value" lines that src/cache.ground-truth.test.ts compares with
 * the TypeScript implementation.
 * Build: gcc cache.c -o cache -lssl -lcrypto && ./cache */
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

#define P(k, v) printf("%s %ld\n", k, (long)(v))
#define T0 1700000000L

static char removed[256];
static int nremoved = 0;

static void on_remove(SSL_CTX *ctx, SSL_SESSION *s)
{
    unsigned int len;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    (void)ctx;
    if (len > 0 && nremoved < 255)
        removed[nremoved++] = (char)id[0];
}

/* The ids removed since the last call, as one number (digits of the ids). */
static long take_removed(void)
{
    long v = 0;
    int i;
    for (i = 0; i < nremoved; i++)
        v = v * 100 + removed[i];
    nremoved = 0;
    return v;
}

static SSL_SESSION *sess(int idbyte, long time, long timeout)
{
    SSL_SESSION *s = SSL_SESSION_new();
    unsigned char id[32];
    memset(id, idbyte, sizeof id);
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    SSL_SESSION_set1_id(s, id, sizeof id);
    SSL_SESSION_set_time(s, time);
    SSL_SESSION_set_timeout(s, timeout);
    return s;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_SESSION *s[10];
    int i;

    SSL_CTX_sess_set_remove_cb(ctx, on_remove);
    P("default.cache_size", SSL_CTX_sess_get_cache_size(ctx));
    P("default.mode", SSL_CTX_get_session_cache_mode(ctx));
    P("default.timeout", SSL_CTX_get_timeout(ctx));
    s[0] = SSL_SESSION_new();
    P("session_new.timeout", SSL_SESSION_get_timeout(s[0]));
    SSL_SESSION_free(s[0]);
    P("set_size.prev", SSL_CTX_sess_set_cache_size(ctx, 3));

    /* fill, then overfill: the oldest goes */
    for (i = 1; i <= 4; i++)
        s[i] = sess(i, T0 + i, 1000);
    P("add1", SSL_CTX_add_session(ctx, s[1]));
    P("add2", SSL_CTX_add_session(ctx, s[2]));
    P("add3", SSL_CTX_add_session(ctx, s[3]));
    P("full.number", SSL_CTX_sess_number(ctx));
    P("full.cache_full", SSL_CTX_sess_cache_full(ctx));
    P("add4", SSL_CTX_add_session(ctx, s[4]));
    P("add4.number", SSL_CTX_sess_number(ctx));
    P("add4.cache_full", SSL_CTX_sess_cache_full(ctx));
    P("add4.removed", take_removed());
    P("add4.s1_resumable", SSL_SESSION_is_resumable(s[1]));

    /* adding an existing session again */
    P("readd2", SSL_CTX_add_session(ctx, s[2]));
    P("readd2.number", SSL_CTX_sess_number(ctx));
    P("readd2.removed", take_removed());
    P("readd2.again", SSL_CTX_add_session(ctx, s[2]));
    P("readd2.again.number", SSL_CTX_sess_number(ctx));
    P("readd2.again.removed", take_removed());

    /* remove: cached, then not cached */
    P("remove3", SSL_CTX_remove_session(ctx, s[3]));
    P("remove3.number", SSL_CTX_sess_number(ctx));
    P("remove3.removed", take_removed());
    P("remove3.resumable", SSL_SESSION_is_resumable(s[3]));
    P("remove3.again", SSL_CTX_remove_session(ctx, s[3]));
    P("remove3.again.removed", take_removed());
    P("remove1.not_cached", SSL_CTX_remove_session(ctx, s[1]));
    P("remove1.not_cached.removed", take_removed());

    /* shrinking the limit evicts on the next add only */
    s[5] = sess(5, T0 + 5, 1000);
    s[6] = sess(6, T0 + 6, 1000);
    P("add5", SSL_CTX_add_session(ctx, s[5]));
    P("add5.number", SSL_CTX_sess_number(ctx));
    P("shrink.prev", SSL_CTX_sess_set_cache_size(ctx, 1));
    P("shrink.number", SSL_CTX_sess_number(ctx));
    P("add6", SSL_CTX_add_session(ctx, s[6]));
    P("add6.number", SSL_CTX_sess_number(ctx));
    P("add6.cache_full", SSL_CTX_sess_cache_full(ctx));
    P("add6.removed", take_removed());

    /* flush by time: expired at t are removed; t = 0 removes all */
    SSL_CTX_sess_set_cache_size(ctx, 0);
    s[7] = sess(7, T0, 10);
    s[8] = sess(8, T0, 20);
    P("add7", SSL_CTX_add_session(ctx, s[7]));
    P("add8", SSL_CTX_add_session(ctx, s[8]));
    P("unlimited.number", SSL_CTX_sess_number(ctx));
    take_removed();
    SSL_CTX_flush_sessions(ctx, T0 + 10);
    P("flush.at_expiry.number", SSL_CTX_sess_number(ctx));
    P("flush.at_expiry.removed", take_removed());
    SSL_CTX_flush_sessions(ctx, T0 + 11);
    P("flush.after.number", SSL_CTX_sess_number(ctx));
    P("flush.after.removed", take_removed());
    P("flush.timeouts", SSL_CTX_sess_timeouts(ctx));
    SSL_CTX_flush_sessions(ctx, 0);
    P("flush0.number", SSL_CTX_sess_number(ctx));
    P("flush0.removed", take_removed());

    /* a session without an id is not cached */
    s[9] = SSL_SESSION_new();
    SSL_SESSION_set_protocol_version(s[9], TLS1_2_VERSION);
    P("add_noid", SSL_CTX_add_session(ctx, s[9]));
    P("add_noid.number", SSL_CTX_sess_number(ctx));
    P("remove_noid", SSL_CTX_remove_session(ctx, s[9]));
    P("remove_noid.removed", take_removed());

    /* statistics untouched by all of this */
    P("stats.hits", SSL_CTX_sess_hits(ctx));
    P("stats.misses", SSL_CTX_sess_misses(ctx));
    P("stats.accept", SSL_CTX_sess_accept(ctx));
    P("stats.cb_hits", SSL_CTX_sess_cb_hits(ctx));

    for (i = 1; i <= 9; i++)
        SSL_SESSION_free(s[i]);
    SSL_CTX_free(ctx);
    return 0;
}
