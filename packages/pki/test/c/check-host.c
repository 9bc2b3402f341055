/*
 * Reference for the `openssl` host-name policy: reads lines
 *   <mode>\t<name in certificate>\t<host>\t<flags>\n
 * (mode: "san" puts the name in a dNSName SAN, "cn" in the subject CN,
 * "both" a SAN "san.invalid" and the CN) and prints X509_check_host's result
 * for each line. Built and run by src/hostname.test.ts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static void add_san(X509 *x, const char *name) {
  GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
  GENERAL_NAME *gen = GENERAL_NAME_new();
  ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
  ASN1_STRING_set(ia5, name, (int)strlen(name));
  GENERAL_NAME_set0_value(gen, GEN_DNS, ia5);
  sk_GENERAL_NAME_push(gens, gen);
  X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, 0);
  GENERAL_NAMES_free(gens);
}

int main(void) {
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *mode = strtok(line, "\t");
    char *name = strtok(NULL, "\t");
    char *host = strtok(NULL, "\t");
    char *flags = strtok(NULL, "\t");
    if (!mode || !name || !host || !flags) return 2;
    X509 *x = X509_new();
    X509_NAME *subject = X509_NAME_new();
    const char *cn = strcmp(mode, "san") == 0 ? "subject" : name;
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
    X509_set_subject_name(x, subject);
    if (strcmp(mode, "san") == 0) add_san(x, name);
    if (strcmp(mode, "both") == 0) add_san(x, "san.invalid");
    printf("%d\n", X509_check_host(x, host, strlen(host), (unsigned)strtoul(flags, NULL, 0), NULL));
    X509_NAME_free(subject);
    X509_free(x);
  }
  return 0;
}
