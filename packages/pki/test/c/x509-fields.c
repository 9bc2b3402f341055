/*
 * Reference for certificate fields: reads a PEM bundle on stdin and prints,
 * for every certificate, one tab-separated line:
 *   oneline subject, RFC 2253 subject, oneline issuer, serial (i2a),
 *   notBefore and notAfter (Unix seconds), key bits, signature algorithm name
 * Built and run by src/x509-fields.test.ts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static long long seconds(const ASN1_TIME *t) {
  struct tm tm;
  if (!ASN1_TIME_to_tm(t, &tm)) return -1;
  return (long long)timegm(&tm);
}

int main(void) {
  BIO *in = BIO_new_fp(stdin, BIO_NOCLOSE);
  BIO *out = BIO_new_fp(stdout, BIO_NOCLOSE);
  X509 *x;
  char buf[4096];
  while ((x = PEM_read_bio_X509(in, NULL, NULL, NULL)) != NULL) {
    BIO_printf(out, "%s\t", X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof buf));
    X509_NAME_print_ex(out, X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
    BIO_printf(out, "\t%s\t", X509_NAME_oneline(X509_get_issuer_name(x), buf, sizeof buf));
    i2a_ASN1_INTEGER(out, X509_get0_serialNumber(x));
    EVP_PKEY *key = X509_get0_pubkey(x);
    BIO_printf(out, "\t%lld\t%lld\t%d\t%s\n", seconds(X509_get0_notBefore(x)), seconds(X509_get0_notAfter(x)),
               key ? EVP_PKEY_get_bits(key) : 0, OBJ_nid2ln(X509_get_signature_nid(x)));
    X509_free(x);
  }
  return 0;
}
