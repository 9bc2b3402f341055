/* Prints "<n>\t<X509_verify_cert_error_string(n)>" for n = 0..127. Run by src/verify-error.test.ts. */
#include <stdio.h>
#include <openssl/x509.h>
int main(void) {
  for (long n = 0; n < 128; n++) printf("%ld\t%s\n", n, X509_verify_cert_error_string(n));
  return 0;
}
