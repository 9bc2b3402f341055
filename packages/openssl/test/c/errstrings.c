/* Prints OpenSSL 3.0's error strings for src/err.test.ts:
 *   S <code> <ERR_error_string>          for every code below
 *   N <code> <len> <ERR_error_string_n>  for truncations
 *   L <code> <ERR_lib_error_string>      (or (null))
 *   Q <queue behaviour lines>
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

static int cb(const char *s, size_t len, void *u) {
  (void)u;
  /* Drop the thread id and the file:line part that only C can know. */
  const char *p = s;
  while (*p && *p != ':') p++;
  printf("P %zu %s", len - (size_t)(p - s), p);
  return 1;
}

int main(void) {
  OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, NULL);
  unsigned long codes[] = {
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_CERTIFICATE_VERIFY_FAILED),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NO_SHARED_CIPHER),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_PROTOCOL_IS_SHUTDOWN),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNEXPECTED_EOF_WHILE_READING),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_SHUTDOWN_WHILE_IN_INIT),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_BAD_WRITE_RETRY),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNINITIALIZED),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNSUPPORTED_PROTOCOL),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_INVALID_KEY_UPDATE_TYPE),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NO_CIPHER_MATCH),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_TLSV1_ALERT_UNKNOWN_CA),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE),
      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION),
      ERR_PACK(ERR_LIB_SSL, 0, 999),
      ERR_PACK(ERR_LIB_SSL, 0, 4000),
      ERR_PACK(ERR_LIB_BIO, 0, BIO_R_BROKEN_PIPE),
      ERR_PACK(ERR_LIB_PEM, 0, 108),
      ERR_PACK(99, 0, 5),
      0,
  };
  for (int i = 0; codes[i]; i++) {
    printf("S %lu %s\n", codes[i], ERR_error_string(codes[i], NULL));
    const char *l = ERR_lib_error_string(codes[i]);
    printf("L %lu %s\n", codes[i], l ? l : "(null)");
    size_t lens[] = {1, 2, 10, 20, 30, 45, 256};
    for (int j = 0; j < 7; j++) {
      char buf[256];
      ERR_error_string_n(codes[i], buf, lens[j]);
      printf("N %lu %zu %s\n", codes[i], lens[j], buf);
    }
  }
  /* The queue keeps the newest 15 of 20. */
  for (int i = 0; i < 20; i++) ERR_raise(ERR_LIB_SSL, 100 + i);
  printf("Q peek=%lu last=%lu\n", ERR_peek_error(), ERR_peek_last_error());
  unsigned long e;
  int n = 0;
  while ((e = ERR_get_error()) != 0) n++;
  printf("Q count=%d\n", n);
  printf("Q empty=%lu %lu\n", ERR_peek_error(), ERR_peek_last_error());
  ERR_raise(ERR_LIB_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN);
  ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
  ERR_print_errors_cb(cb, NULL);
  printf("Q after-print=%lu\n", ERR_peek_error());
  return 0;
}
