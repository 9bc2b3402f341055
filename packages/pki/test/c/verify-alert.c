/* Prints "<n>\t<alert>" for n = 1..127: the TLS alert libssl sends when
 * certificate verification fails with X509_V_ERR <n> (ssl_verify_alarm_type).
 * A TLS 1.3 client and server talk over a BIO pair; the client's verify
 * callback sets error <n> and rejects; an info callback records the alert the
 * client writes. Run by src/verify-error.test.ts.
 * Build: cc verify-alert.c -o verify-alert -lssl -lcrypto */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>

static int code, alert;

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    (void)ok;
    X509_STORE_CTX_set_error(ctx, code);
    return 0;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
    (void)ssl;
    if ((where & SSL_CB_WRITE_ALERT) != 0 && alert < 0)
        alert = ret & 0xff;
}

int main(void)
{
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    X509_NAME *name = X509_get_subject_name(x);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());

    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, pkey);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"alert.example", -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509_sign(x, pkey, EVP_sha256());
    SSL_CTX_use_certificate(sctx, x);
    SSL_CTX_use_PrivateKey(sctx, pkey);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_info_callback(cctx, info_cb);

    for (code = 1; code < 128; code++) {
        BIO *bc, *bs;
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        int i;
        BIO_new_bio_pair(&bc, 0, &bs, 0);
        SSL_set_bio(c, bc, bc);
        SSL_set_bio(s, bs, bs);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        alert = -1;
        for (i = 0; i < 20 && alert < 0; i++) {
            SSL_do_handshake(c);
            SSL_do_handshake(s);
        }
        printf("%d\t%s\n", code, alert < 0 ? "none" : SSL_alert_desc_string_long(alert));
        SSL_free(c);
        SSL_free(s);
        ERR_clear_error();
    }
    return 0;
}
